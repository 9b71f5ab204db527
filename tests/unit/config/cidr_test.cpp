#include "config/cidr.h"

#include <gtest/gtest.h>

#include "config/config.h"

namespace ww {
namespace {

IpAddress Ip(std::string_view text) {
  const auto a = IpAddress::Parse(text);
  EXPECT_TRUE(a) << text;
  return a.value_or(IpAddress{});
}

Cidr Net(std::string_view text) {
  Result<Cidr> c = Cidr::Parse(text);
  EXPECT_TRUE(c.ok()) << c.error();
  return c.ok() ? *c : *Cidr::Parse("0.0.0.0/32");
}

TEST(Cidr, EveryDefaultNetworkParsesAndContainsItsEdges) {
  struct Edge {
    const char* inside_first;
    const char* inside_last;
    const char* below;
    const char* above;
  };
  const Edge edges[] = {
      {"127.0.0.0", "127.255.255.255", "126.255.255.255", "128.0.0.0"},
      {"::1", "::1", "::", "::2"},
      {"10.0.0.0", "10.255.255.255", "9.255.255.255", "11.0.0.0"},
      {"172.16.0.0", "172.31.255.255", "172.15.255.255", "172.32.0.0"},
      {"192.168.0.0", "192.168.255.255", "192.167.255.255", "192.169.0.0"},
      {"169.254.0.0", "169.254.255.255", "169.253.255.255", "169.255.0.0"},
      {"fe80::", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fe7f:ffff::", "fec0::"},
      {"fc00::", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fbff:ffff::", "fe00::"},
  };
  const std::vector<std::string> defaults = WebConfig{}.allowed_networks;
  ASSERT_EQ(defaults.size(), std::size(edges));
  for (std::size_t i = 0; i < defaults.size(); ++i) {
    const Cidr net = Net(defaults[i]);
    EXPECT_EQ(net.ToString(), defaults[i]);
    EXPECT_TRUE(net.Contains(Ip(edges[i].inside_first))) << defaults[i];
    EXPECT_TRUE(net.Contains(Ip(edges[i].inside_last))) << defaults[i];
    EXPECT_FALSE(net.Contains(Ip(edges[i].below))) << defaults[i];
    EXPECT_FALSE(net.Contains(Ip(edges[i].above))) << defaults[i];
  }
}

TEST(Cidr, BareAddressIsOneHost) {
  const Cidr v4 = Net("192.0.2.7");
  EXPECT_EQ(v4.ToString(), "192.0.2.7/32");
  EXPECT_TRUE(v4.Contains(Ip("192.0.2.7")));
  EXPECT_FALSE(v4.Contains(Ip("192.0.2.8")));
  EXPECT_EQ(Net("2001:db8::1").ToString(), "2001:db8::1/128");
}

TEST(Cidr, ZeroPrefixMatchesTheWholeFamilyOnly) {
  const Cidr all4 = Net("0.0.0.0/0");
  EXPECT_TRUE(all4.Contains(Ip("203.0.113.1")));
  EXPECT_FALSE(all4.Contains(Ip("2001:db8::1")));
  EXPECT_TRUE(Net("::/0").Contains(Ip("2001:db8::1")));
  EXPECT_FALSE(Net("::/0").Contains(Ip("203.0.113.1")));
}

TEST(Cidr, Ipv4MappedAddressesAndNetworksAreIpv4) {
  EXPECT_TRUE(Net("10.0.0.0/8").Contains(Ip("::ffff:10.1.2.3")));
  EXPECT_FALSE(Net("10.0.0.0/8").Contains(Ip("::ffff:11.1.2.3")));
  const Cidr mapped = Net("::ffff:192.168.0.0/112");
  EXPECT_EQ(mapped.ToString(), "192.168.0.0/16");
  EXPECT_TRUE(mapped.Contains(Ip("192.168.4.5")));
  EXPECT_EQ(Unmap(Ip("::ffff:127.0.0.1")).ToString(), "127.0.0.1");
  EXPECT_EQ(Unmap(Ip("::1")).ToString(), "::1");
  // Not mapped: the IPv4-compatible form and NAT64 stay IPv6.
  EXPECT_FALSE(Net("10.0.0.0/8").Contains(Ip("::10.1.2.3")));
  EXPECT_FALSE(Net("10.0.0.0/8").Contains(Ip("64:ff9b::10.1.2.3")));
}

TEST(Cidr, PrefixLengthsAtTheBoundaries) {
  EXPECT_TRUE(Cidr::Parse("10.0.0.1/32").ok());
  EXPECT_TRUE(Cidr::Parse("::/128").ok());
  EXPECT_TRUE(Net("172.16.0.0/12").Contains(Ip("172.20.1.1")));
  EXPECT_EQ(Net("10.128.0.0/9").ToString(), "10.128.0.0/9");
  EXPECT_FALSE(Net("10.128.0.0/9").Contains(Ip("10.127.255.255")));
}

TEST(Cidr, BadInputIsAnErrorNamingTheEntry) {
  const std::pair<const char*, const char*> bad[] = {
      {"", "\"\" is not an IP network (address/prefix, e.g. 10.0.0.0/8)"},
      {"lan", "\"lan\" is not an IP network (address/prefix, e.g. 10.0.0.0/8)"},
      {"10.0.0/8", "\"10.0.0/8\" is not an IP network (address/prefix, e.g. 10.0.0.0/8)"},
      {"256.0.0.0/8", "\"256.0.0.0/8\" is not an IP network (address/prefix, e.g. 10.0.0.0/8)"},
      {"/8", "\"/8\" is not an IP network (address/prefix, e.g. 10.0.0.0/8)"},
      {"10.0.0.0/", "\"10.0.0.0/\" has an invalid prefix length (0-32)"},
      {"10.0.0.0/33", "\"10.0.0.0/33\" has an invalid prefix length (0-32)"},
      {"10.0.0.0/-1", "\"10.0.0.0/-1\" has an invalid prefix length (0-32)"},
      {"10.0.0.0/8x", "\"10.0.0.0/8x\" has an invalid prefix length (0-32)"},
      {"10.0.0.0/ 8", "\"10.0.0.0/ 8\" has an invalid prefix length (0-32)"},
      {"10.0.0.0/8/8", "\"10.0.0.0/8/8\" has an invalid prefix length (0-32)"},
      {"fe80::/129", "\"fe80::/129\" has an invalid prefix length (0-128)"},
      {"10.0.0.1/8", "\"10.0.0.1/8\" has host bits set (network 10.0.0.0/8)"},
      {"fe80::1/10", "\"fe80::1/10\" has host bits set (network fe80::/10)"},
  };
  for (const auto& [text, message] : bad) {
    Result<Cidr> c = Cidr::Parse(text);
    ASSERT_FALSE(c.ok()) << text;
    EXPECT_EQ(c.error(), message);
  }
}

}  // namespace
}  // namespace ww
