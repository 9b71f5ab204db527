#pragma once
// wanwatch's command line:
//   wanwatch [--headless] [--web-port N] [--config FILE] [--data-dir DIR] [--target HOST]...
//            [--gateway auto|none|ADDR] [--log-level L] [--check-config] [--version] [--help]
// ParseCommandLine turns argv, the environment and resolv.conf's text into one CliOutcome:
// the fully layered (defaults < file < environment < flags), validated configuration, its
// targets and data dir, or what to print and the exit code. main() only acts on the outcome;
// nothing is started or created here. Later subcommands (`wanwatch report`, `wanwatch
// speedtest`) become further CliAction values.
// Thread safety: pure apart from reading the config file; call from main's thread.

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "app/speedtest_args.h"
#include "app/speedtest_server_args.h"
#include "config/config.h"
#include "config/environment.h"
#include "core/target.h"

namespace ww {

enum class CliAction {
  kRun,      // start the daemon with `config`, `targets`, `data_dir`
  kCheck,    // --check-config passed: print `message` (a summary), exit 0
  kVersion,  // print `message`, exit 0
  kHelp,     // print `message`, exit 0
  kReport,   // `wanwatch report`: write a report with `config` and `data_dir` (report_*), exit
  kSpeedtestServer,  // `wanwatch speedtest-server`: serve `speedtest_server` until a signal
  kSpeedtest,        // `wanwatch speedtest`: one test with `config.speedtest` (flags applied)
  kExit,             // bad flag or configuration: print `message` on stderr, exit `exit_code` (2)
};

struct CliOutcome {
  CliAction action = CliAction::kExit;
  int exit_code = 0;
  std::string message;
  std::vector<std::string> warnings;  // for stderr whatever the action (unknown WANWATCH_*)
  // Set for kRun and kCheck.
  Config config;
  std::vector<TargetSpec> targets;                   // BuildTargets(config)
  std::filesystem::path data_dir;                    // resolved and absolute, not created
  std::optional<std::filesystem::path> config_file;  // the file that was read, if any
  // Set for kReport: `wanwatch report [--range 24h|7d|30d] [--out FILE]`.
  std::string report_range = "24h";
  std::optional<std::filesystem::path> report_out;
  // Set for kSpeedtestServer (no configuration file, environment or data dir is read):
  // `wanwatch speedtest-server --listen ADDR:PORT [--max-request-mb N] [--max-concurrent N]
  // [--threads N]`.
  SpeedtestServerArgs speedtest_server;
  // Set for kSpeedtest: `wanwatch speedtest [--server URL]... [--protocol P] [--streams N]
  // [--duration S] [--json]`; its flags are already applied to `config.speedtest`.
  SpeedtestArgs speedtest;
};

inline constexpr int kExitUsage = 2;

CliOutcome ParseCommandLine(int argc, const char* const* argv, const Environment& env,
                            std::string_view resolv_conf_text);

// Prints the warnings ("wanwatch: warning: ...") and the message to the stream its action
// calls for, and returns the exit code. For kRun it prints only warnings; main then starts.
int PrintOutcome(const CliOutcome& outcome, std::ostream& out, std::ostream& err);

}  // namespace ww
