#include "app/cli.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "temp_dir.h"

namespace ww {
namespace {

using Strings = std::vector<std::string>;

constexpr std::string_view kResolv = "nameserver 192.0.2.53\n";

CliOutcome Parse(Strings args, const Environment& env = {{"HOME", "/home/u"}}) {
  args.insert(args.begin(), "wanwatch");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  argv.push_back(nullptr);
  return ParseCommandLine(static_cast<int>(args.size()), argv.data(), env, kResolv);
}

Strings Names(const CliOutcome& o) {
  Strings names;
  for (const TargetSpec& t : o.targets) names.push_back(t.name);
  return names;
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(Cli, NoArgumentsRunsWithTheDefaults) {
  const CliOutcome o = Parse({});
  ASSERT_EQ(o.action, CliAction::kRun) << o.message;
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_EQ(o.config_file, std::nullopt);
  EXPECT_EQ(o.data_dir, "/home/u/.local/state/wanwatch");
  EXPECT_EQ(o.config.web.port, 8080);
  EXPECT_EQ(Names(o), (Strings{"gateway", "1.1.1.1", "8.8.8.8", "9.9.9.9", "tcp 1.1.1.1:53",
                               "tcp 8.8.8.8:53", "tcp 9.9.9.9:53", "dns 192.0.2.53"}));
}

TEST(Cli, HeadlessAndWebPortAsInThePythonTool) {
  const CliOutcome o = Parse({"--headless", "--web-port", "9090"});
  ASSERT_EQ(o.action, CliAction::kRun) << o.message;
  EXPECT_TRUE(o.config.general.headless);
  EXPECT_EQ(o.config.web.port, 9090);
  EXPECT_EQ(Parse({"--web-port=9091"}).config.web.port, 9091);
}

TEST(Cli, HelpAndVersion) {
  const CliOutcome help = Parse({"--help"});
  EXPECT_EQ(help.action, CliAction::kHelp);
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag : {"--headless", "--web-port", "--config", "--data-dir", "--target",
                           "--gateway", "--log-level", "--check-config", "--version"}) {
    EXPECT_TRUE(Contains(help.message, flag)) << flag;
  }
  const CliOutcome version = Parse({"--version"});
  EXPECT_EQ(version.action, CliAction::kVersion);
  EXPECT_EQ(version.exit_code, 0);
  // "wanwatch X.Y.Z\n", the project version from CMake.
  int major = -1, minor = -1, patch = -1;
  char newline = 0;
  EXPECT_EQ(
      std::sscanf(version.message.c_str(), "wanwatch %d.%d.%d%c", &major, &minor, &patch, &newline),
      4)
      << version.message;
  EXPECT_EQ(newline, '\n');
  EXPECT_GE(major, 0);
}

TEST(Cli, UnknownFlagOrMissingValueExitsWithUsageError) {
  const CliOutcome unknown = Parse({"--bogus"});
  EXPECT_EQ(unknown.action, CliAction::kExit);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(Contains(unknown.message, "--bogus")) << unknown.message;
  const CliOutcome missing = Parse({"--web-port"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(Contains(missing.message, "--web-port")) << missing.message;
  EXPECT_EQ(Parse({"extra"}).exit_code, 2);
}

TEST(Cli, BadFlagValuesNameTheFlagAndTheRule) {
  const CliOutcome o = Parse({"--web-port", "0", "--target", "1.1.1.", "--gateway", "router",
                              "--log-level", "loud", "--data-dir", ""});
  EXPECT_EQ(o.action, CliAction::kExit);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.message,
            "wanwatch: invalid configuration (5 errors):\n"
            "  --web-port: must be 1-65535, got 0\n"
            "  --data-dir: must not be empty\n"
            "  --gateway: must be auto, none or an IP address, got \"router\"\n"
            "  --log-level: must be one of trace, debug, info, warn, error, off, got \"loud\"\n"
            "  --target: \"1.1.1.\" is not an IP address or host name\n");
  EXPECT_EQ(Parse({"--web-port", "http"}).message,
            "wanwatch: invalid configuration (1 error):\n"
            "  --web-port: expected an integer, got \"http\"\n");
}

TEST(Cli, TargetReplacesTheExternalTargetsAndDropsPublicDefaults) {
  const CliOutcome o = Parse({"--target", "127.0.0.1"});
  ASSERT_EQ(o.action, CliAction::kRun) << o.message;
  EXPECT_EQ(Names(o), (Strings{"gateway", "127.0.0.1"}));
  EXPECT_EQ(Names(Parse({"--target", "127.0.0.1", "--gateway", "none"})), Strings{"127.0.0.1"});
  EXPECT_EQ(Names(Parse({"--target", "127.0.0.2", "--target=127.0.0.3,127.0.0.4"})),
            (Strings{"gateway", "127.0.0.2", "127.0.0.3", "127.0.0.4"}));
}

TEST(Cli, TargetKeepsTcpAndDnsTargetsTheUserSet) {
  TempDir tmp;
  const auto file = tmp.Write("w.toml", "[probe]\ntcp_targets = [\"127.0.0.1:7\"]\n");
  const CliOutcome o = Parse({"--config", file.string(), "--target", "127.0.0.1"});
  ASSERT_EQ(o.action, CliAction::kRun) << o.message;
  EXPECT_EQ(Names(o), (Strings{"gateway", "127.0.0.1", "tcp 127.0.0.1:7"}));
  const CliOutcome env = Parse({"--target", "127.0.0.1"},
                               {{"HOME", "/h"}, {"WANWATCH_PROBE_DNS_SERVERS", "127.0.0.53"}});
  EXPECT_EQ(Names(env), (Strings{"gateway", "127.0.0.1", "dns 127.0.0.53"}));
}

TEST(Cli, FlagsBeatEnvironmentWhichBeatsTheFile) {
  TempDir tmp;
  const auto file = tmp.Write("w.toml", "[web]\nport = 9000\nthreads = 2\n");
  const Environment env{{"HOME", "/h"}, {"WANWATCH_WEB_PORT", "9001"}, {"WANWATCH_PORT", "9005"}};
  EXPECT_EQ(Parse({"--config", file.string()}).config.web.port, 9000);
  EXPECT_EQ(Parse({"--config", file.string()}, env).config.web.port, 9001);
  const CliOutcome o = Parse({"--config", file.string(), "--web-port", "9002"}, env);
  EXPECT_EQ(o.config.web.port, 9002);
  EXPECT_EQ(o.config.web.threads, 2);
}

TEST(Cli, ConfigFileFromTheEnvironmentUnlessTheFlagNamesOne) {
  TempDir tmp;
  const auto a = tmp.Write("a.toml", "[web]\nport = 1001\n");
  const auto b = tmp.Write("b.toml", "[web]\nport = 1002\n");
  const Environment env{{"HOME", "/h"}, {"WANWATCH_CONFIG", a.string()}};
  const CliOutcome from_env = Parse({}, env);
  EXPECT_EQ(from_env.config.web.port, 1001);
  EXPECT_EQ(from_env.config_file, a);
  EXPECT_EQ(Parse({"--config", b.string()}, env).config.web.port, 1002);
}

TEST(Cli, UnreadableConfigFileIsAnError) {
  TempDir tmp;
  const std::string missing = (tmp.path() / "none.toml").string();
  EXPECT_EQ(Parse({"--config", missing}).message,
            "wanwatch: invalid configuration (1 error):\n"
            "  --config: config file \"" +
                missing + "\": No such file or directory\n");
  EXPECT_EQ(Parse({}, {{"HOME", "/h"}, {"WANWATCH_CONFIG", missing}}).message,
            "wanwatch: invalid configuration (1 error):\n"
            "  WANWATCH_CONFIG: config file \"" +
                missing + "\": No such file or directory\n");
}

TEST(Cli, CheckConfigPrintsASummaryAndCreatesNothing) {
  TempDir tmp;
  const auto data = tmp.path() / "data";
  const CliOutcome o = Parse({"--check-config", "--data-dir", data.string(), "--target",
                              "127.0.0.1", "--web-port", "9099"});
  ASSERT_EQ(o.action, CliAction::kCheck) << o.message;
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_TRUE(Contains(o.message, "configuration is valid")) << o.message;
  EXPECT_TRUE(Contains(o.message, "data dir:    " + data.string() + " (will be created)\n"))
      << o.message;
  EXPECT_TRUE(Contains(o.message, "port 9099")) << o.message;
  EXPECT_TRUE(Contains(o.message, "targets (2):")) << o.message;
  EXPECT_TRUE(Contains(o.message, "127.0.0.1")) << o.message;
  EXPECT_FALSE(std::filesystem::exists(data));
}

TEST(Cli, CheckConfigChecksTheDataDirWithoutCreatingIt) {
  TempDir tmp;
  EXPECT_TRUE(Contains(Parse({"--check-config", "--data-dir", tmp.path().string()}).message,
                       "data dir:    " + tmp.path().string() + "\n"));
  const auto file = tmp.Write("file", "x");
  const CliOutcome o = Parse({"--check-config", "--data-dir", (file / "a" / "b").string()});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.message, "wanwatch: invalid configuration (1 error):\n  data dir \"" +
                           (file / "a" / "b").string() + "\": cannot access \"" +
                           (file / "a" / "b").string() + "\": Not a directory\n");
  EXPECT_EQ(Parse({"--check-config", "--data-dir", file.string()}).message,
            "wanwatch: invalid configuration (1 error):\n  data dir \"" + file.string() +
                "\": exists and is not a directory\n");
  // A plain run leaves creating it to the daemon.
  EXPECT_EQ(Parse({"--data-dir", file.string()}).action, CliAction::kRun);
}

TEST(Cli, CheckConfigListsEveryErrorWithItsSource) {
  TempDir tmp;
  const auto file = tmp.Write("bad.toml", "[web]\nport = 0\n[probe]\ninterval = 5\n");
  const CliOutcome o = Parse({"--check-config", "--config", file.string()},
                             {{"HOME", "/h"}, {"API_KEY", "short"}, {"WANWATCH_X", "1"}});
  EXPECT_EQ(o.action, CliAction::kExit);
  EXPECT_EQ(o.exit_code, 2);
  const std::string f = file.string();
  EXPECT_EQ(o.message,
            "wanwatch: invalid configuration (3 errors):\n"
            "  " +
                f +
                ":4:12: probe.interval: unknown key\n"
                "  web.port: must be 1-65535, got 0 (from " +
                f +
                ":2:8)\n"
                "  security.api_key: must be at least 32 characters (got 5) (from API_KEY)\n");
  EXPECT_EQ(o.warnings, Strings{"WANWATCH_X: unknown variable, ignored"});
}

TEST(Cli, PrintOutcomeUsesTheRightStreams) {
  std::ostringstream out, err;
  CliOutcome bad = Parse({"--web-port", "0"}, {{"HOME", "/h"}, {"WANWATCH_Y", "1"}});
  EXPECT_EQ(PrintOutcome(bad, out, err), 2);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(),
            "wanwatch: warning: WANWATCH_Y: unknown variable, ignored\n"
            "wanwatch: invalid configuration (1 error):\n  --web-port: must be 1-65535, got 0\n");
  std::ostringstream out2, err2;
  EXPECT_EQ(PrintOutcome(Parse({"--version"}), out2, err2), 0);
  EXPECT_TRUE(out2.str().starts_with("wanwatch "));
  EXPECT_EQ(err2.str(), "");
  std::ostringstream out3, err3;
  EXPECT_EQ(PrintOutcome(Parse({}), out3, err3), 0);  // kRun: nothing to print
  EXPECT_EQ(out3.str() + err3.str(), "");
}

TEST(Cli, TheLabDaemonCommandLine) {
  // What tests/lab starts: its generated config and flags must be accepted as written.
  TempDir tmp;
  const auto file = tmp.Write("lab.toml", R"([probe]
interval_ms = 200
targets = ["203.0.113.10", "203.0.113.11", "203.0.113.12"]
gateway = "auto"
tcp_targets = []
dns_servers = ["203.0.113.53"]
dns_query = "example.com"
dns_interval_ms = 1000
[engine]
drop_threshold = 3
)");
  const CliOutcome o =
      Parse({"--headless", "--config", file.string(), "--data-dir", (tmp.path() / "d").string(),
             "--web-port", "18080", "--log-level", "debug"});
  ASSERT_EQ(o.action, CliAction::kRun) << o.message;
  EXPECT_EQ(Names(o), (Strings{"gateway", "203.0.113.10", "203.0.113.11", "203.0.113.12",
                               "dns 203.0.113.53"}));
  EXPECT_EQ(o.config.probe.interval, std::chrono::milliseconds{200});
  EXPECT_EQ(o.config.web.port, 18080);
  EXPECT_EQ(o.config.general.log_level, "debug");
  EXPECT_TRUE(o.config.general.headless);
}

TEST(Cli, DataDirFlagAndMissingHome) {
  EXPECT_EQ(Parse({"--data-dir", "/srv/ww"}, {}).data_dir, "/srv/ww");
  const CliOutcome o = Parse({}, {});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_TRUE(Contains(o.message, "general.data_dir: not set")) << o.message;
}

}  // namespace
}  // namespace ww
