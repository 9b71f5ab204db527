// `wanwatch report` on the command line (src/app/cli.cpp): the subcommand,
// its options, the global ones around it, and bad input.
#include <gtest/gtest.h>

#include "app/cli.h"

namespace ww {
namespace {

using Strings = std::vector<std::string>;

CliOutcome Parse(Strings args) {
  args.insert(args.begin(), "wanwatch");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  argv.push_back(nullptr);
  return ParseCommandLine(static_cast<int>(args.size()), argv.data(), {{"HOME", "/home/u"}},
                          "nameserver 192.0.2.53\n");
}

TEST(ReportCli, DefaultsTo24hWithoutAnOutputFile) {
  const CliOutcome o = Parse({"report"});
  EXPECT_EQ(o.action, CliAction::kReport) << o.message;
  EXPECT_EQ(o.report_range, "24h");
  EXPECT_FALSE(o.report_out.has_value());
  EXPECT_EQ(o.data_dir, "/home/u/.local/state/wanwatch");
}

TEST(ReportCli, RangeOutAndGlobalOptionsOnEitherSide) {
  const CliOutcome o =
      Parse({"--data-dir", "/srv/ww", "report", "--range", "7d", "--out", "/tmp/r.html"});
  ASSERT_EQ(o.action, CliAction::kReport) << o.message;
  EXPECT_EQ(o.report_range, "7d");
  EXPECT_EQ(o.report_out, std::filesystem::path("/tmp/r.html"));
  EXPECT_EQ(o.data_dir, "/srv/ww");
  const CliOutcome after = Parse({"report", "--range", "30d", "--data-dir", "/srv/x"});
  ASSERT_EQ(after.action, CliAction::kReport) << after.message;
  EXPECT_EQ(after.report_range, "30d");
  EXPECT_EQ(after.data_dir, "/srv/x");
}

TEST(ReportCli, BadRangeOrUnknownOptionExits2NamingIt) {
  CliOutcome o = Parse({"report", "--range", "1w"});
  EXPECT_EQ(o.action, CliAction::kExit);
  EXPECT_EQ(o.exit_code, kExitUsage);
  EXPECT_NE(o.message.find("--range"), std::string::npos) << o.message;
  EXPECT_NE(o.message.find("1w"), std::string::npos) << o.message;
  o = Parse({"report", "--bogus"});
  EXPECT_EQ(o.exit_code, kExitUsage);
  EXPECT_NE(o.message.find("--bogus"), std::string::npos) << o.message;
  o = Parse({"report", "--range"});
  EXPECT_EQ(o.exit_code, kExitUsage);
}

TEST(ReportCli, WithoutTheSubcommandTheDaemonRuns) {
  EXPECT_EQ(Parse({"--headless"}).action, CliAction::kRun);
}

}  // namespace
}  // namespace ww
