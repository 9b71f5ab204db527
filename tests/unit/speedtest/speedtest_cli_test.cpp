// `wanwatch speedtest`: flags over [speedtest], usage errors naming the flag, and
// the summary and progress text.
#include <gtest/gtest.h>

#include "../cli_parse_support.h"
#include "app/cli.h"
#include "app/speedtest_command.h"

namespace ww {
namespace {

using testing_cli::Contains;
using testing_cli::Parse;
using testing_cli::Strings;

TEST(SpeedtestCli, FlagsOverrideTheConfiguration) {
  const CliOutcome o = Parse({"speedtest", "--server", "http://127.0.0.1:8081", "--server",
                              "http://127.0.0.2:8081/backend/", "--protocol", "librespeed",
                              "--streams", "8", "--duration", "5", "--json"});
  ASSERT_EQ(o.action, CliAction::kSpeedtest) << o.message;
  const SpeedtestConfig& st = o.config.speedtest;
  EXPECT_EQ(st.servers, (Strings{"http://127.0.0.1:8081", "http://127.0.0.2:8081/backend/"}));
  EXPECT_EQ(st.protocol, "librespeed");
  EXPECT_EQ(st.streams, 8);
  EXPECT_EQ(st.duration_seconds, 5);
  EXPECT_EQ(st.warmup, std::chrono::milliseconds{2000});
  EXPECT_TRUE(o.speedtest.json);
}

TEST(SpeedtestCli, WithoutFlagsTheConfiguredServers) {
  const CliOutcome o = Parse({"speedtest"});
  ASSERT_EQ(o.action, CliAction::kSpeedtest) << o.message;
  EXPECT_EQ(o.config.speedtest.servers, SpeedtestConfig{}.servers);
  EXPECT_FALSE(o.speedtest.json);
}

TEST(SpeedtestCli, ShortDurationShortensTheWarmup) {
  const CliOutcome o = Parse({"speedtest", "--duration", "2"});
  ASSERT_EQ(o.action, CliAction::kSpeedtest) << o.message;
  EXPECT_EQ(o.config.speedtest.warmup, std::chrono::milliseconds{400});
}

TEST(SpeedtestCli, BadFlagsAreUsageErrorsNamingTheFlag) {
  const std::vector<std::pair<Strings, std::string>> cases = {
      {{"speedtest", "--streams", "0"}, "--streams"},
      {{"speedtest", "--streams", "33"}, "--streams"},
      {{"speedtest", "--streams", "many"}, "--streams"},
      {{"speedtest", "--duration", "1"}, "--duration"},
      {{"speedtest", "--duration", "121"}, "--duration"},
      {{"speedtest", "--protocol", "ftp"}, "--protocol"},
      {{"speedtest", "--server", "ftp://x"}, "--server"},
      {{"speedtest", "--server", "example.net"}, "--server"},
      {{"speedtest", "--protocol", "iperf3", "--server", "host:99999"}, "--server"},
      {{"speedtest", "--protocol", "ookla", "--server", "http://x"}, "--server"},
      {{"speedtest", "--bogus"}, "--bogus"},
  };
  for (const auto& [args, flag] : cases) {
    const CliOutcome o = Parse(args);
    EXPECT_EQ(o.action, CliAction::kExit) << args.back();
    EXPECT_EQ(o.exit_code, kExitUsage) << args.back();
    EXPECT_TRUE(Contains(o.message, flag)) << o.message;
  }
}

TEST(SpeedtestCli, Iperf3AndOoklaServers) {
  CliOutcome o = Parse({"speedtest", "--protocol", "iperf3", "--server", "192.0.2.5:5202"});
  ASSERT_EQ(o.action, CliAction::kSpeedtest) << o.message;
  o = Parse({"speedtest", "--server", "iperf3://192.0.2.5:5202"});
  ASSERT_EQ(o.action, CliAction::kSpeedtest) << o.message;
  o = Parse({"speedtest", "--protocol", "ookla", "--server", "31470"});
  ASSERT_EQ(o.action, CliAction::kSpeedtest) << o.message;
}

TEST(SpeedtestCli, OptionsFromConfig) {
  SpeedtestConfig c;
  c.servers = {"http://192.0.2.1"};
  c.protocol = "cloudflare";
  c.streams = 6;
  c.duration_seconds = 12;
  c.warmup = std::chrono::milliseconds{1500};
  c.interface = "eth1";
  const SpeedtestOptions o = SpeedtestOptionsFromConfig(c);
  EXPECT_EQ(o.servers, c.servers);
  EXPECT_EQ(o.protocol, SpeedtestProtocol::kCloudflare);
  EXPECT_EQ(o.streams, 6);
  EXPECT_EQ(o.duration, std::chrono::seconds{12});
  EXPECT_EQ(o.warmup, std::chrono::milliseconds{1500});
  EXPECT_EQ(o.interface, "eth1");
  EXPECT_EQ(o.trigger, "cli");
}

TEST(SpeedtestCli, SummarySaysUnknownInsteadOfZero) {
  SpeedtestResult r;
  r.ok = true;
  r.engine = "librespeed";
  r.server_name = "st.example.net";
  r.download_mbps = 94.5;
  r.download_line_mbps = 98.86;
  r.upload_mbps = 19.25;
  r.ping_ms = 8.5;
  r.bufferbloat_grade = "B";
  r.bytes_downloaded = 1'250'000'000;
  r.streams = 4;
  const std::string s = FormatSpeedtestSummary(r);
  EXPECT_TRUE(Contains(s, "Server:      st.example.net, librespeed\n")) << s;
  EXPECT_TRUE(Contains(s, "Download:    94.50 Mbps (line rate 98.86 Mbps)")) << s;
  EXPECT_TRUE(Contains(s, "Upload:      19.25 Mbps (line rate unknown)")) << s;
  EXPECT_TRUE(Contains(s, "jitter unknown")) << s;
  EXPECT_TRUE(Contains(s, "Bufferbloat: B\n")) << s;
  EXPECT_TRUE(Contains(s, "1.25 GB down")) << s;
}

TEST(SpeedtestCli, ProgressLine) {
  EXPECT_EQ(FormatSpeedtestProgress({"download", 412.34, 0.5}, 10),
            "download      412.3 Mbps [#####.....]");
  EXPECT_EQ(FormatSpeedtestProgress({"upload", 0, 7}, 4), "upload          0.0 Mbps [####]");
}

}  // namespace
}  // namespace ww
