#include <gtest/gtest.h>

#include "../cli_parse_support.h"
#include "app/cli.h"
#include "app/speedtest_server_args.h"

namespace ww {
namespace {

using testing_cli::Contains;
using testing_cli::Parse;
using testing_cli::Strings;

TEST(ListenAddress, IPv4AndBracketedIPv6WithAPort) {
  const Result<ListenAddress> v4 = ParseListenAddress("0.0.0.0:8081");
  ASSERT_TRUE(v4.ok()) << v4.error();
  EXPECT_EQ(v4->address, "0.0.0.0");
  EXPECT_EQ(v4->port, 8081);
  const Result<ListenAddress> v6 = ParseListenAddress("[::1]:8081");
  ASSERT_TRUE(v6.ok()) << v6.error();
  EXPECT_EQ(v6->address, "::1");
  EXPECT_EQ(v6->port, 8081);
  EXPECT_EQ(ParseListenAddress("[::]:0")->port, 0);
  EXPECT_EQ(ParseListenAddress("127.0.0.1:65535")->port, 65535);
}

TEST(ListenAddress, WhatIsWrongIsSaid) {
  EXPECT_EQ(ParseListenAddress("127.0.0.1").error(),
            "\"127.0.0.1\" is not ADDRESS:PORT (e.g. 0.0.0.0:8081 or [::1]:8081)");
  EXPECT_EQ(ParseListenAddress("::1:80").error(),
            "\"::1:80\" is not ADDRESS:PORT (e.g. 0.0.0.0:8081 or [::1]:8081)");
  EXPECT_EQ(ParseListenAddress("[::1]").error(),
            "\"[::1]\" is not [IPv6]:PORT (e.g. 0.0.0.0:8081 or [::1]:8081)");
  EXPECT_EQ(ParseListenAddress("localhost:80").error(),
            "\"localhost\" is not a numeric IP address (e.g. 0.0.0.0:8081 or [::1]:8081)");
  EXPECT_FALSE(ParseListenAddress("[127.0.0.1]:80").ok());
  EXPECT_EQ(ParseListenAddress("127.0.0.1:65536").error(), "port \"65536\" is not 0-65535");
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:").ok());
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:8o").ok());
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:-1").ok());
  EXPECT_FALSE(ParseListenAddress("").ok());
  EXPECT_FALSE(ParseListenAddress(":80").ok());
}

TEST(SpeedtestServerCli, FlagsWithTheirDefaults) {
  const CliOutcome o = Parse({"speedtest-server", "--listen", "[::1]:9000"});
  ASSERT_EQ(o.action, CliAction::kSpeedtestServer) << o.message;
  EXPECT_EQ(o.speedtest_server.listen.address, "::1");
  EXPECT_EQ(o.speedtest_server.listen.port, 9000);
  EXPECT_EQ(o.speedtest_server.max_request_mb, 1024);
  EXPECT_EQ(o.speedtest_server.max_concurrent, 32);
  EXPECT_EQ(o.speedtest_server.threads, 0);
  const CliOutcome set = Parse({"speedtest-server", "--listen=127.0.0.1:0", "--max-request-mb", "5",
                                "--max-concurrent", "3", "--threads", "2", "--log-level", "debug"});
  ASSERT_EQ(set.action, CliAction::kSpeedtestServer) << set.message;
  EXPECT_EQ(set.speedtest_server.max_request_mb, 5);
  EXPECT_EQ(set.speedtest_server.max_concurrent, 3);
  EXPECT_EQ(set.speedtest_server.threads, 2);
  EXPECT_EQ(set.speedtest_server.log_level, "debug");
}

TEST(SpeedtestServerCli, BadValuesNameTheFlagAndExit2) {
  const std::vector<std::pair<Strings, std::string>> cases = {
      {{"speedtest-server"}, "--listen"},
      {{"speedtest-server", "--listen", "127.0.0.1"}, "--listen"},
      {{"speedtest-server", "--listen", "127.0.0.1:1", "--max-request-mb", "0"},
       "--max-request-mb"},
      {{"speedtest-server", "--listen", "127.0.0.1:1", "--max-request-mb", "16385"},
       "--max-request-mb"},
      {{"speedtest-server", "--listen", "127.0.0.1:1", "--max-concurrent", "x"},
       "--max-concurrent"},
      {{"speedtest-server", "--listen", "127.0.0.1:1", "--max-concurrent", "10001"},
       "--max-concurrent"},
      {{"speedtest-server", "--listen", "127.0.0.1:1", "--threads", "0"}, "--threads"},
      {{"speedtest-server", "--listen", "127.0.0.1:1", "--threads", "65"}, "--threads"},
  };
  for (const auto& [args, flag] : cases) {
    const CliOutcome o = Parse(args);
    EXPECT_EQ(o.action, CliAction::kExit) << flag;
    EXPECT_EQ(o.exit_code, 2) << flag;
    EXPECT_TRUE(Contains(o.message, flag)) << o.message;
  }
}

TEST(SpeedtestServerCli, HelpListsTheSubcommand) {
  EXPECT_TRUE(Contains(Parse({"--help"}).message, "speedtest-server"));
}

}  // namespace
}  // namespace ww
