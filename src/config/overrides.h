#pragma once
// The command-line layer, applied last. Kept apart from the flag parser (src/app/cli.cpp) so
// the rules, above all --target's, are plain logic with plain tests.
// Thread safety: pure function of its arguments.

#include <optional>
#include <string>
#include <vector>

#include "config/layered_config.h"

namespace ww {

// Flag values as typed; converted here so a bad value's message names the flag.
struct CommandLineOverrides {
  bool headless = false;                 // --headless
  std::optional<std::string> web_port;   // --web-port N
  std::optional<std::string> data_dir;   // --data-dir DIR
  std::vector<std::string> targets;      // --target HOST (repeatable)
  std::optional<std::string> gateway;    // --gateway auto|none|ADDR
  std::optional<std::string> log_level;  // --log-level L
};

// Applies the flags. --target replaces probe.targets with exactly the given hosts and, unless
// the file or the environment set them, empties probe.tcp_targets, probe.dns_servers and
// outages.targets (the built-in public defaults), so `wanwatch --target 127.0.0.1` sends
// nothing anywhere else; the
// gateway stays watched unless --gateway none. Errors name the flag:
// "--web-port: must be 1-65535, got 0".
void ApplyCommandLine(const CommandLineOverrides& flags, LayeredConfig& layered);

}  // namespace ww
