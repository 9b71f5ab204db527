#include "probe/route_table.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

// Captured on this machine kind (x86-64, so the IPv4 words are byte-swapped).
constexpr char kRoute[] =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
    "wwa\t00000000\t01014D0A\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
    "wwa\t00014D0A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";

constexpr char kIpv6Route[] =
    "fe800000000000000000000000000000 40 00000000000000000000000000000000 00 "
    "00000000000000000000000000000000 00000100 00000001 00000000 00000001      wwa\n"
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "fe800000000000000000000000000001 00000400 00000001 00000000 00000003      wwa\n"
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n";

bool LittleEndian() {
  const std::uint16_t one = 1;
  return *reinterpret_cast<const std::uint8_t*>(&one) == 1;
}

TEST(RouteTableTest, ParsesIpv4Table) {
  if (!LittleEndian()) GTEST_SKIP() << "fixture captured on a little-endian host";
  const RouteTable t = ParseIpv4RouteTable(kRoute);
  EXPECT_TRUE(t.errors.empty());
  ASSERT_EQ(t.routes.size(), 2u);
  EXPECT_EQ(t.routes[0].interface, "wwa");
  EXPECT_EQ(t.routes[0].prefix_length, 0);
  ASSERT_TRUE(t.routes[0].gateway.has_value());
  EXPECT_EQ(t.routes[0].gateway->ToString(), "10.77.1.1");
  EXPECT_EQ(t.routes[1].destination.ToString(), "10.77.1.0");
  EXPECT_EQ(t.routes[1].prefix_length, 24);
  EXPECT_FALSE(t.routes[1].gateway.has_value());
  auto best = BestDefaultRoute(t);
  ASSERT_TRUE(best.has_value());
  EXPECT_EQ(best->gateway->ToString(), "10.77.1.1");
}

TEST(RouteTableTest, LowestMetricWinsAndTiesKeepTableOrder) {
  if (!LittleEndian()) GTEST_SKIP() << "fixture captured on a little-endian host";
  const char text[] =
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n"
      "wlan0\t00000000\t010200C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
      "eth0\t00000000\t01A8C0C6\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
      "eth1\t00000000\t0171000A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n";
  const RouteTable t = ParseIpv4RouteTable(text);
  auto best = BestDefaultRoute(t);
  ASSERT_TRUE(best.has_value());
  EXPECT_EQ(best->interface, "eth0");
  EXPECT_EQ(best->gateway->ToString(), "198.192.168.1");
  auto wlan = BestDefaultRoute(t, "wlan0");
  ASSERT_TRUE(wlan.has_value());
  EXPECT_EQ(wlan->gateway->ToString(), "192.0.2.1");
  EXPECT_FALSE(BestDefaultRoute(t, "eth9").has_value());
}

TEST(RouteTableTest, DefaultWithoutGatewayAndRejectRoutes) {
  const char text[] =
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n"
      "*\t00000000\t00000000\t0201\t0\t0\t0\t00000000\t0\t0\t0\n"       // unreachable default
      "ppp0\t00000000\t00000000\t0001\t0\t0\t50\t00000000\t0\t0\t0\n"   // default dev ppp0
      "eth0\t00000000\t01A8C0C6\t0002\t0\t0\t10\t00000000\t0\t0\t0\n";  // not RTF_UP
  auto best = BestDefaultRoute(ParseIpv4RouteTable(text));
  ASSERT_TRUE(best.has_value());
  EXPECT_EQ(best->interface, "ppp0");
  EXPECT_FALSE(best->gateway.has_value());
}

TEST(RouteTableTest, BadLinesAreSkippedAndNamed) {
  const char text[] =
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n"
      "eth0\t0000000G\t01A8C0C6\t0003\t0\t0\t0\t00000000\n"
      "eth0\t00000000\n"
      "\n"
      "eth0\t00000000\t01A8C0C6\t0003\t0\t0\t-1\t00000000\n"
      "eth1\t00000000\t0171000A\t0003\t0\t0\t7\t00000000\n";
  const RouteTable t = ParseIpv4RouteTable(text, "route.txt");
  ASSERT_EQ(t.routes.size(), 1u);
  EXPECT_EQ(t.routes[0].interface, "eth1");
  const std::vector<std::string> expected = {"route.txt line 2: bad destination",
                                             "route.txt line 3: expected at least 8 fields",
                                             "route.txt line 5: bad metric"};
  EXPECT_EQ(t.errors, expected);
}

TEST(RouteTableTest, ParsesIpv6TableAndSkipsRejectOnLo) {
  const RouteTable t = ParseIpv6RouteTable(kIpv6Route);
  EXPECT_TRUE(t.errors.empty());
  ASSERT_EQ(t.routes.size(), 3u);
  EXPECT_EQ(t.routes[0].destination.ToString(), "fe80::");
  EXPECT_EQ(t.routes[0].prefix_length, 64);
  EXPECT_EQ(t.routes[1].metric, 0x400u);
  auto best = BestDefaultRoute(t);
  ASSERT_TRUE(best.has_value());
  EXPECT_EQ(best->interface, "wwa");
  ASSERT_TRUE(best->gateway.has_value());
  EXPECT_EQ(best->gateway->ToString(), "fe80::1");
}

TEST(RouteTableTest, BadIpv6LinesAreNamed) {
  const char text[] =
      "0000 00 00000000000000000000000000000000 00 "
      "fe800000000000000000000000000001 00000400 00000001 00000000 00000003 eth0\n"
      "00000000000000000000000000000000 99 00000000000000000000000000000000 00 "
      "fe800000000000000000000000000001 00000400 00000001 00000000 00000003 eth0\n"
      "garbage\n";
  const RouteTable t = ParseIpv6RouteTable(text, "v6");
  EXPECT_TRUE(t.routes.empty());
  const std::vector<std::string> expected = {"v6 line 1: bad destination",
                                             "v6 line 2: bad prefix length",
                                             "v6 line 3: expected 10 fields"};
  EXPECT_EQ(t.errors, expected);
}

}  // namespace
}  // namespace ww
