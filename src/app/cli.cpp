#include "app/cli.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <sstream>

#include "config/data_dir.h"
#include "config/env_config.h"
#include "config/layered_config.h"
#include "config/overrides.h"
#include "config/targets.h"
#include "config/text_util.h"
#include "config/toml_config.h"
#include "config/validate.h"

#ifndef WANWATCH_VERSION_STRING
#define WANWATCH_VERSION_STRING "unknown"
#endif

namespace ww {
namespace {

// What the flags said, before any of it is applied.
struct ParsedFlags {
  CommandLineOverrides overrides;
  std::optional<std::string> config_file;
  bool check = false;
  bool version = false;
  std::string report_range = "24h";
  std::optional<std::string> report_out;
  SpeedtestServerArgs speedtest_server;
  std::string listen;
  SpeedtestArgs speedtest;
  std::string speedtest_protocol;
  int speedtest_streams = 0;
  int speedtest_duration = 0;
};

constexpr std::string_view kFooter =
    "Every configuration key can also be set in the TOML file (--config FILE or\n"
    "WANWATCH_CONFIG) or as WANWATCH_<SECTION>_<KEY>; flags win over the environment,\n"
    "which wins over the file. Reference: docs/configuration.md.";

void DefineFlags(CLI::App& app, ParsedFlags& f) {
  CommandLineOverrides& o = f.overrides;
  app.add_flag("--headless", o.headless, "Run without the terminal view (web server still runs)");
  app.add_option("--web-port", o.web_port, "Port of the dashboard and API (default 8080)")
      ->type_name("N");
  app.add_option("--config", f.config_file, "TOML configuration file (else $WANWATCH_CONFIG)")
      ->type_name("FILE");
  app.add_option("--data-dir", o.data_dir, "Directory for the database and logs")->type_name("DIR");
  app.add_option("--target", o.targets,
                 "Ping this host instead of the default targets (repeatable, or comma separated); "
                 "also drops the default TCP and DNS targets")
      ->type_name("HOST")
      ->expected(1)
      ->delimiter(',')
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--gateway", o.gateway, "auto (default route), none, or the gateway's address")
      ->type_name("auto|none|ADDR");
  app.add_option("--log-level", o.log_level, "trace, debug, info, warn, error or off")
      ->type_name("L");
  app.add_flag("--check-config", f.check,
               "Validate the configuration, print a summary and exit (0 valid, 2 invalid)");
  app.add_flag("--version", f.version, "Print the version and exit");
}

// `wanwatch report`: its own options; the global ones (--config, --data-dir, ...) work
// before or after it (fallthrough).
CLI::App* DefineReportCommand(CLI::App& app, ParsedFlags& f) {
  CLI::App* report = app.add_subcommand(
      "report",
      "Write the HTML report of the last 24h, 7d or 30d from the database and print "
      "its path (works while the daemon runs)");
  report->add_option("--range", f.report_range, "24h (default), 7d or 30d")
      ->type_name("24h|7d|30d")
      ->check(CLI::IsMember({"24h", "7d", "30d"}));
  report
      ->add_option("--out", f.report_out,
                   "Output file (default <data dir>/reports/report_<date>_<range>.html)")
      ->type_name("FILE");
  report->fallthrough();
  return report;
}

// `wanwatch speedtest-server`: only the speed test endpoints, from flags alone.
CLI::App* DefineSpeedtestServerCommand(CLI::App& app, ParsedFlags& f) {
  CLI::App* cmd = app.add_subcommand(
      "speedtest-server",
      "Serve only the speed test endpoints (LibreSpeed garbage/empty/getIP, Cloudflare-style "
      "__down/__up) until SIGINT or SIGTERM: no probing, no database");
  SpeedtestServerArgs& a = f.speedtest_server;
  cmd->add_option("--listen", f.listen, "Address and port, e.g. 0.0.0.0:8081 or [::]:8081")
      ->type_name("ADDR:PORT")
      ->required();
  cmd->add_option("--max-request-mb", a.max_request_mb,
                  "Largest download or upload of one request in MiB, 1-16384 (default 1024)")
      ->type_name("N")
      ->check(CLI::Range(1, 16384));
  cmd->add_option("--max-concurrent", a.max_concurrent,
                  "Transfers served at once, 1-10000 (default 32); more get 503")
      ->type_name("N")
      ->check(CLI::Range(1, 10'000));
  cmd->add_option("--threads", a.threads, "HTTP threads, 1-64 (default: one per core, up to 8)")
      ->type_name("N")
      ->check(CLI::Range(1, kMaxSpeedtestServerThreads));
  cmd->fallthrough();
  return cmd;
}

// `wanwatch speedtest`: one test now, against --server or the configured servers.
CLI::App* DefineSpeedtestCommand(CLI::App& app, ParsedFlags& f) {
  CLI::App* cmd = app.add_subcommand(
      "speedtest",
      "Run one speed test now (idle latency, download, upload) and print the result; exit 0 "
      "when it ran, 1 when it failed");
  SpeedtestArgs& a = f.speedtest;
  cmd->add_option("--server", a.servers,
                  "Test server URL (repeatable: tried in order); default: [speedtest] servers")
      ->type_name("URL")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--protocol", f.speedtest_protocol,
                  "auto (default), librespeed, cloudflare, ookla or iperf3")
      ->type_name("P");
  cmd->add_option("--streams", f.speedtest_streams, "Parallel connections, 1-32 (default 4)")
      ->type_name("N");
  cmd->add_option("--duration", f.speedtest_duration,
                  "Seconds per direction, warm-up included, 2-120 (default 10)")
      ->type_name("S");
  cmd->add_flag("--json", a.json, "Print the result as one JSON object (as /api/results/latest)");
  cmd->fallthrough();
  return cmd;
}

CliOutcome Exit(std::string message) {
  CliOutcome out;
  out.action = CliAction::kExit;
  out.exit_code = kExitUsage;
  out.message = std::move(message);
  return out;
}

// The config file named by --config, else by WANWATCH_CONFIG; read into `layered`.
std::optional<std::filesystem::path> LoadFile(const ParsedFlags& flags, const Environment& env,
                                              LayeredConfig& layered) {
  std::string label = "--config";
  std::optional<std::string> path = flags.config_file;
  if (!path) {
    const auto from_env = GetEnv(env, kConfigFileVariable);
    if (!from_env || from_env->empty()) return std::nullopt;
    path = std::string(*from_env);
    label = kConfigFileVariable;
  }
  auto text = ReadConfigFile(*path);
  if (!text.ok()) {
    layered.errors.push_back(label + ": " + text.error());
    return std::nullopt;
  }
  ApplyToml(text.value(), *path, layered);
  return std::filesystem::path(*path);
}

std::string_view KindName(const TargetSpec& t) { return ToString(t.kind); }

std::string TargetNote(const TargetSpec& t) {
  if (t.role == TargetRole::kGateway) return t.host.empty() ? "gateway, discovered" : "gateway";
  std::string note;
  if (t.kind == ProbeKind::kDns) note = "query " + t.dns_query;
  if (t.connectivity) note = "connectivity";
  return note;
}

std::string Summary(const CliOutcome& o, bool data_dir_will_be_created) {
  const Config& c = o.config;
  std::ostringstream s;
  s << "wanwatch: configuration is valid\n";
  s << "  config file: " << (o.config_file ? o.config_file->string() : "none") << "\n";
  s << "  data dir:    " << o.data_dir.string()
    << (data_dir_will_be_created ? " (will be created)" : "") << "\n";
  s << "  web:         " << c.web.bind << " port " << c.web.port << "\n";
  s << "  log level:   " << c.general.log_level << ", timezone " << c.general.timezone << "\n";
  s << "  api key:     " << (c.security.api_key.empty() ? "not set (no authentication)" : "set")
    << "\n";
  s << "  targets (" << o.targets.size() << "):\n";
  for (const TargetSpec& t : o.targets) {
    char line[512];
    std::snprintf(line, sizeof line, "    %-28s %-4s every %6lld ms, timeout %5lld ms  %s",
                  t.name.c_str(), std::string(KindName(t)).c_str(),
                  static_cast<long long>(t.interval.count()),
                  static_cast<long long>(t.timeout.count()), TargetNote(t).c_str());
    std::string text(line);
    text.erase(text.find_last_not_of(' ') + 1);  // no note: no trailing blanks
    s << text << "\n";
  }
  return s.str();
}

std::string ErrorMessage(const std::vector<std::string>& errors) {
  std::string m = "wanwatch: invalid configuration (" + std::to_string(errors.size()) +
                  (errors.size() == 1 ? " error" : " errors") + "):\n";
  for (const std::string& e : errors) m += "  " + e + "\n";
  return m;
}

// Layers the configuration and checks everything; kRun or kExit.
CliOutcome Configure(const ParsedFlags& flags, const Environment& env,
                     std::string_view resolv_conf_text) {
  LayeredConfig layered;
  const auto file = LoadFile(flags, env, layered);
  ApplyEnvironment(env, layered);
  ApplyCommandLine(flags.overrides, layered);
  std::vector<std::string> errors = layered.errors;
  for (std::string& e : AnnotateWithOrigins(ValidateConfig(layered.config), layered)) {
    errors.push_back(std::move(e));
  }
  auto data_dir = ResolveDataDir(layered.config, env);
  if (!data_dir.ok()) errors.push_back(data_dir.error());
  CliOutcome out = errors.empty() ? CliOutcome{} : Exit(ErrorMessage(errors));
  out.warnings = layered.warnings;
  if (!errors.empty()) return out;
  out.action = CliAction::kRun;
  out.config = std::move(layered.config);
  out.targets = BuildTargets(out.config, resolv_conf_text);
  out.data_dir = data_dir.value();
  out.config_file = file;
  return out;
}

}  // namespace

CliOutcome ParseCommandLine(int argc, const char* const* argv, const Environment& env,
                            std::string_view resolv_conf_text) {
  CLI::App app{"wanwatch: watches an internet connection and serves its health over HTTP",
               "wanwatch"};
  app.footer(std::string(kFooter));
  ParsedFlags flags;
  DefineFlags(app, flags);
  const CLI::App* report = DefineReportCommand(app, flags);
  const CLI::App* speedtest_server = DefineSpeedtestServerCommand(app, flags);
  const CLI::App* speedtest = DefineSpeedtestCommand(app, flags);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    CliOutcome out;
    out.action = CliAction::kHelp;
    out.message = app.help();
    return out;
  } catch (const CLI::ParseError& e) {
    return Exit("wanwatch: " + std::string(e.what()) + "\nRun 'wanwatch --help' for usage.\n");
  }
  if (flags.version) {
    CliOutcome out;
    out.action = CliAction::kVersion;
    out.message = "wanwatch " WANWATCH_VERSION_STRING "\n";
    return out;
  }
  if (speedtest_server->parsed()) {
    Result<ListenAddress> listen = ParseListenAddress(flags.listen);
    if (!listen.ok()) return Exit("wanwatch: --listen: " + listen.error() + "\n");
    CliOutcome out;
    out.action = CliAction::kSpeedtestServer;
    out.speedtest_server = flags.speedtest_server;
    out.speedtest_server.listen = std::move(listen).value();
    if (flags.overrides.log_level) out.speedtest_server.log_level = *flags.overrides.log_level;
    return out;
  }
  CliOutcome out = Configure(flags, env, resolv_conf_text);
  if (out.action == CliAction::kRun && report->parsed()) {
    out.action = CliAction::kReport;
    out.report_range = flags.report_range;
    if (flags.report_out) out.report_out = std::filesystem::path(*flags.report_out);
    return out;
  }
  if (out.action == CliAction::kRun && speedtest->parsed()) {
    SpeedtestArgs args = flags.speedtest;
    if (speedtest->count("--protocol") > 0) args.protocol = flags.speedtest_protocol;
    if (speedtest->count("--streams") > 0) args.streams = flags.speedtest_streams;
    if (speedtest->count("--duration") > 0) args.duration_seconds = flags.speedtest_duration;
    auto applied = ApplySpeedtestArgs(args, out.config.speedtest);
    if (!applied.ok()) {
      return Exit("wanwatch: " + applied.error() +
                  "\nRun 'wanwatch speedtest --help' for usage.\n");
    }
    out.action = CliAction::kSpeedtest;
    out.config.speedtest = std::move(applied).value();
    out.speedtest = std::move(args);
    return out;
  }
  if (out.action == CliAction::kRun && flags.check) {
    bool will_create = false;
    const Status dir = CheckDataDir(out.data_dir, &will_create);
    if (!dir.ok()) {
      CliOutcome failed = Exit(ErrorMessage({dir.message()}));
      failed.warnings = std::move(out.warnings);
      return failed;
    }
    out.action = CliAction::kCheck;
    out.message = Summary(out, will_create);
  }
  return out;
}

int PrintOutcome(const CliOutcome& outcome, std::ostream& out, std::ostream& err) {
  for (const std::string& w : outcome.warnings) err << "wanwatch: warning: " << w << "\n";
  if (outcome.action == CliAction::kExit) {
    err << outcome.message;
    err.flush();
  } else {
    out << outcome.message;
    out.flush();
  }
  return outcome.exit_code;
}

}  // namespace ww
