#include "speedtest/server_info.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

TEST(ServerInfo, LibreSpeedGetIpWithIpinfoObject) {
  const ServerInfo i = ParseLibreSpeedGetIp(
      R"j({"processedString":"203.0.113.7 - Example Fibre GmbH, DE (120 km)",)j"
      R"j("rawIspInfo":{"ip":"203.0.113.7","city":"Berlin","country":"DE",)j"
      R"j("org":"AS64500 Example Fibre GmbH"}})j");
  EXPECT_EQ(i.client_ip, "203.0.113.7");
  EXPECT_EQ(i.isp, "Example Fibre GmbH");
}

TEST(ServerInfo, LibreSpeedGetIpWithoutRawInfo) {
  ServerInfo i = ParseLibreSpeedGetIp(
      R"j({"processedString":"198.51.100.4 - Example ISP, FR","rawIspInfo":""})j");
  EXPECT_EQ(i.client_ip, "198.51.100.4");
  EXPECT_EQ(i.isp, "Example ISP");
  // Our own test point and LibreSpeed for local addresses.
  i = ParseLibreSpeedGetIp(
      R"j({"processedString":"127.0.0.1 - localhost IPv4 access","rawIspInfo":""})j");
  EXPECT_EQ(i.client_ip, "127.0.0.1");
  EXPECT_EQ(i.isp, "localhost IPv4 access");
  i = ParseLibreSpeedGetIp(R"j({"processedString":"192.0.2.9","rawIspInfo":""})j");
  EXPECT_EQ(i.client_ip, "192.0.2.9");
  EXPECT_EQ(i.isp, "");
}

TEST(ServerInfo, LibreSpeedPlainTextAndGarbage) {
  EXPECT_EQ(ParseLibreSpeedGetIp("192.0.2.9\n").client_ip, "192.0.2.9");
  EXPECT_EQ(ParseLibreSpeedGetIp("<html><body>oops</body></html>").client_ip, "");
  EXPECT_EQ(ParseLibreSpeedGetIp(R"j({"processedString": 5})j").client_ip, "");
  EXPECT_EQ(ParseLibreSpeedGetIp("").client_ip, "");
  EXPECT_EQ(ParseLibreSpeedGetIp("[1,2,3]").isp, "");
}

TEST(ServerInfo, CloudflareMetaHeaders) {
  std::map<std::string, std::string> h;
  AddHeaderLine("HTTP/1.1 200 OK\r\n", h);
  AddHeaderLine("CF-Meta-IP: 203.0.113.7\r\n", h);
  AddHeaderLine("cf-meta-asn: 64500\r\n", h);
  AddHeaderLine("cf-meta-city: Berlin\r\n", h);
  AddHeaderLine("cf-meta-country: DE\r\n", h);
  AddHeaderLine("CF-RAY: 8a1b2c3d4e5f6789-FRA\r\n", h);
  AddHeaderLine("\r\n", h);
  const ServerInfo i = ParseCloudflareMeta(h);
  EXPECT_EQ(i.client_ip, "203.0.113.7");
  EXPECT_EQ(i.isp, "AS64500");
  EXPECT_EQ(i.server_location, "FRA");
}

TEST(ServerInfo, CloudflareColoHeaderWinsOverRay) {
  const ServerInfo i = ParseCloudflareMeta({{"cf-meta-colo", "AMS"}, {"cf-ray", "abc-FRA"}});
  EXPECT_EQ(i.server_location, "AMS");
  EXPECT_EQ(ParseCloudflareMeta({}).server_location, "");
}

}  // namespace
}  // namespace ww
