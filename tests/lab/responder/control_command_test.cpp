#include "control_command.h"

#include <gtest/gtest.h>

namespace ww::lab {
namespace {

TEST(LabControlCommand, ParsesImpairments) {
  auto c = ParseControlCommand("icmp target=203.0.113.10 delay=50 loss=10");
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->kind, ControlCommand::Kind::kImpair);
  EXPECT_EQ(c->protocol, Protocol::kIcmp);
  EXPECT_EQ(c->target, 0xCB00710Au);
  EXPECT_EQ(c->delay_ms, 50);
  EXPECT_EQ(c->loss_pct, 10.0);

  auto all = ParseControlCommand("all down 20");
  ASSERT_TRUE(all) << all.error();
  EXPECT_FALSE(all->protocol);
  EXPECT_EQ(all->down_ms, 20000);
  EXPECT_EQ(ParseControlCommand("tcp down=0.5")->down_ms, 500);
  EXPECT_EQ(ParseControlCommand("tcp down")->down_ms, -1);
  EXPECT_TRUE(ParseControlCommand("http up")->up);
  EXPECT_EQ(ParseControlCommand("dns mode=servfail")->dns_mode, DnsMode::kServFail);
  EXPECT_EQ(ParseControlCommand("http status=503")->http_status, 503);
}

TEST(LabControlCommand, ParsesPlainCommands) {
  EXPECT_EQ(ParseControlCommand("reset")->kind, ControlCommand::Kind::kReset);
  EXPECT_EQ(ParseControlCommand(" stats ")->kind, ControlCommand::Kind::kStats);
  EXPECT_EQ(ParseControlCommand("rules")->kind, ControlCommand::Kind::kRules);
  EXPECT_EQ(ParseControlCommand("ping")->kind, ControlCommand::Kind::kPing);
}

TEST(LabControlCommand, RejectsBadInputNamingTheProblem) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "empty command"},
      {"udp delay=5", "unknown command 'udp'"},
      {"icmp", "changes nothing"},
      {"icmp delay=abc", "'delay=abc': 'abc' is not a number"},
      {"icmp delay=-1", "outside"},
      {"icmp loss=101", "outside 0..100"},
      {"icmp target=example.com delay=1", "not an IPv4 address"},
      {"icmp mode=servfail", "mode is for dns only"},
      {"dns mode=refused", "'refused' is not one of"},
      {"dns status=500", "status is for http only"},
      {"http status=200.5", "not an integer"},
      {"http status=99", "outside 100..599"},
      {"icmp jitter=5", "unknown setting 'jitter'"},
      {"icmp wobble", "unknown word 'wobble'"},
      {"reset now", "takes no arguments"},
      {"all down 5 up", "both down and up"},
  };
  for (const auto& [line, message] : cases) {
    auto c = ParseControlCommand(line);
    ASSERT_FALSE(c) << line;
    EXPECT_NE(c.error().find(message), std::string::npos) << line << " -> " << c.error();
  }
}

}  // namespace
}  // namespace ww::lab
