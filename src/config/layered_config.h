#pragma once
// The configuration while it is built from its layers, in order: embedded defaults (the
// initialisers in config.h), the TOML file, the environment, the command line. Each layer
// records where every key it set came from, so any later error can name its source
// ("web.port: must be 1-65535, got 0 (from WANWATCH_PORT)"), and which keys the user set
// on purpose (--target keeps TCP and DNS targets only when the file or environment set them).
// Thread safety: a plain value; build it on one thread.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/config_schema.h"
#include "core/result.h"

namespace ww {

enum class ConfigLayer { kFile, kEnvironment, kCommandLine };

struct ConfigOrigin {
  ConfigLayer layer = ConfigLayer::kFile;
  std::string where;  // "wanwatch.toml:4:1", "WANWATCH_PORT", "--web-port"
};

struct LayeredConfig {
  Config config;                                             // starts as the embedded defaults
  std::map<std::string, ConfigOrigin, std::less<>> origins;  // key path -> last setter
  std::vector<std::string> errors;    // each names its key, variable, flag or file position
  std::vector<std::string> warnings;  // e.g. unknown WANWATCH_* variables

  void MarkSet(const ConfigKey& key, ConfigLayer layer, std::string where);
  // True when the file or the environment set the key (flags and defaults do not count).
  bool SetByUser(std::string_view key_path) const;
};

// Appends " (from ORIGIN)" to every "key.path: rule" or "key.path[i]: rule" message whose key
// has a recorded origin, the most specific one: "uplinks[1].gateway", else "uplinks[1]"; other
// messages pass unchanged.
std::vector<std::string> AnnotateWithOrigins(const std::vector<std::string>& messages,
                                             const LayeredConfig& layered);

// Reads a configuration file (at most 1 MiB). Errors name the file:
// `config file "/etc/wanwatch.toml": No such file or directory`.
Result<std::string> ReadConfigFile(const std::filesystem::path& path);

}  // namespace ww
