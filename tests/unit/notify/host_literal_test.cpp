#include "notify/host_literal.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

std::string Ipv4(std::string_view text) {
  const std::optional<IpAddress> a = ReadNumericIpv4(text);
  return a ? a->ToString() : "invalid";
}

TEST(HostLiteralTest, ReadsEveryInetAtonNotation) {
  EXPECT_EQ(Ipv4("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(Ipv4("2130706433"), "127.0.0.1");
  EXPECT_EQ(Ipv4("017700000001"), "127.0.0.1");
  EXPECT_EQ(Ipv4("0x7f000001"), "127.0.0.1");
  EXPECT_EQ(Ipv4("0x7F.1"), "127.0.0.1");
  EXPECT_EQ(Ipv4("127.1"), "127.0.0.1");
  EXPECT_EQ(Ipv4("127.0.1"), "127.0.0.1");
  EXPECT_EQ(Ipv4("10.65535"), "10.0.255.255");
  EXPECT_EQ(Ipv4("1.2.65535"), "1.2.255.255");
  EXPECT_EQ(Ipv4("0"), "0.0.0.0");
  EXPECT_EQ(Ipv4("4294967295"), "255.255.255.255");
}

TEST(HostLiteralTest, RefusesWhatTheReadersDisagreeOnOrReject) {
  for (const char* text :
       {"4294967296", "256.0.0.1", "1.256.1", "1.2.3.256", "1.2.3.4.5", "08", "0x", "0xg", "1..2",
        ".1", "1.2.65536", "0x100000000", "99999999999999999999999", ""}) {
    EXPECT_EQ(Ipv4(text), "invalid") << text;
  }
}

TEST(HostLiteralTest, NamesAreLowerCasedWithoutTheTrailingDot) {
  const Result<UrlHost> host = ReadUrlHost("Ntfy.Example.COM.");
  ASSERT_TRUE(host.ok()) << host.error();
  EXPECT_EQ(host->kind, UrlHost::Kind::kName);
  EXPECT_EQ(host->canonical, "ntfy.example.com");
  EXPECT_FALSE(host->address);
  // Numeric labels elsewhere than last do not make an address.
  EXPECT_EQ(ReadUrlHost("127.0.0.1.nip.io")->kind, UrlHost::Kind::kName);
}

TEST(HostLiteralTest, BracketedIpv6WithItsZone) {
  const Result<UrlHost> host = ReadUrlHost("[FE80::1%25eth0]");
  ASSERT_TRUE(host.ok()) << host.error();
  EXPECT_EQ(host->kind, UrlHost::Kind::kIpv6);
  EXPECT_EQ(host->canonical, "fe80::1");
  EXPECT_EQ(host->zone, "eth0");
  EXPECT_EQ(ReadUrlHost("[::ffff:7f00:1]")->canonical, "::ffff:127.0.0.1");
  EXPECT_FALSE(ReadUrlHost("[127.0.0.1]").ok());
  EXPECT_FALSE(ReadUrlHost("[::1").ok());
  EXPECT_FALSE(ReadUrlHost("[]").ok());
  EXPECT_FALSE(ReadUrlHost("[::g]").ok());
}

TEST(HostLiteralTest, RefusesBadNames) {
  EXPECT_FALSE(ReadUrlHost("a..b").ok());
  EXPECT_FALSE(ReadUrlHost("a.b..").ok());
  EXPECT_FALSE(ReadUrlHost(".").ok());
  EXPECT_FALSE(ReadUrlHost(std::string(64, 'a') + ".com").ok());
  EXPECT_TRUE(ReadUrlHost(std::string(63, 'a') + ".com").ok());
  EXPECT_FALSE(ReadUrlHost("exa%6dple.com").ok());
  EXPECT_FALSE(ReadUrlHost("exa*mple.com").ok());
}

}  // namespace
}  // namespace ww
