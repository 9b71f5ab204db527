#include "speedtest/speedtest_urls.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

TEST(SpeedtestUrls, LibreSpeedNamesWithAndWithoutTrailingSlash) {
  for (const char* base : {"http://st.example.net/backend", "http://st.example.net/backend/"}) {
    const TestUrls u = MakeTestUrls(SpeedtestProtocol::kLibreSpeed, base);
    EXPECT_EQ(u.Download(100ull << 20), "http://st.example.net/backend/garbage?ckSize=100");
    EXPECT_EQ(u.Upload(), "http://st.example.net/backend/empty");
    EXPECT_EQ(u.Latency(), "http://st.example.net/backend/empty");
    EXPECT_EQ(u.Info(), "http://st.example.net/backend/getIP?isp=true");
  }
}

TEST(SpeedtestUrls, LibreSpeedPhpNames) {
  const TestUrls u = MakeTestUrls(SpeedtestProtocol::kLibreSpeed, "https://h/", /*php=*/true);
  EXPECT_EQ(u.Download(1ull << 20), "https://h/garbage.php?ckSize=1");
  EXPECT_EQ(u.Upload(), "https://h/empty.php");
  EXPECT_EQ(u.Info(), "https://h/getIP.php?isp=true");
}

TEST(SpeedtestUrls, LibreSpeedChunkRoundsUpToWholeMiB) {
  const TestUrls u = MakeTestUrls(SpeedtestProtocol::kLibreSpeed, "http://h");
  EXPECT_EQ(u.Download((3ull << 20) + 1), "http://h/garbage?ckSize=4");
}

TEST(SpeedtestUrls, CloudflareNames) {
  for (const char* base : {"https://speed.cloudflare.com", "https://speed.cloudflare.com/",
                           "https://speed.cloudflare.com/__down"}) {
    const TestUrls u = MakeTestUrls(SpeedtestProtocol::kCloudflare, base, /*php=*/true);
    EXPECT_EQ(u.Download(25'000'000), "https://speed.cloudflare.com/__down?bytes=25000000");
    EXPECT_EQ(u.Upload(), "https://speed.cloudflare.com/__up");
    EXPECT_EQ(u.Latency(), "https://speed.cloudflare.com/__down?bytes=0");
    EXPECT_FALSE(u.php);
  }
}

TEST(SpeedtestUrls, AutoResolvesByUrl) {
  EXPECT_EQ(ResolveProtocol(SpeedtestProtocol::kAuto, "https://speed.cloudflare.com"),
            SpeedtestProtocol::kCloudflare);
  EXPECT_EQ(ResolveProtocol(SpeedtestProtocol::kAuto, "https://SPEED.Cloudflare.com/"),
            SpeedtestProtocol::kCloudflare);
  EXPECT_EQ(ResolveProtocol(SpeedtestProtocol::kAuto, "http://10.0.0.1:8081/__down/"),
            SpeedtestProtocol::kCloudflare);
  EXPECT_EQ(ResolveProtocol(SpeedtestProtocol::kAuto, "http://10.0.0.1:8081"),
            SpeedtestProtocol::kLibreSpeed);
  EXPECT_EQ(ResolveProtocol(SpeedtestProtocol::kAuto, "iperf3://10.0.0.1:5201"),
            SpeedtestProtocol::kIperf3);
  // A protocol that was chosen is kept.
  EXPECT_EQ(ResolveProtocol(SpeedtestProtocol::kLibreSpeed, "https://speed.cloudflare.com"),
            SpeedtestProtocol::kLibreSpeed);
}

TEST(SpeedtestUrls, ProtocolNames) {
  EXPECT_EQ(ParseSpeedtestProtocol("librespeed"), SpeedtestProtocol::kLibreSpeed);
  EXPECT_EQ(ParseSpeedtestProtocol("cloudflare"), SpeedtestProtocol::kCloudflare);
  EXPECT_EQ(ParseSpeedtestProtocol("ookla"), SpeedtestProtocol::kOokla);
  EXPECT_EQ(ParseSpeedtestProtocol("iperf3"), SpeedtestProtocol::kIperf3);
  EXPECT_EQ(ParseSpeedtestProtocol("auto"), SpeedtestProtocol::kAuto);
}

TEST(SpeedtestUrls, HostOfUrl) {
  EXPECT_EQ(HostOfUrl("https://speed.example.net:8443/backend/"), "speed.example.net");
  EXPECT_EQ(HostOfUrl("http://[2001:db8::1]:8080"), "2001:db8::1");
  EXPECT_EQ(HostOfUrl("not a url"), "");
}

TEST(SpeedtestUrls, Iperf3Servers) {
  auto s = ParseIperf3Server("iperf3://198.51.100.7:5202");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->host, "198.51.100.7");
  EXPECT_EQ(s->port, 5202);
  s = ParseIperf3Server("iperf.example.net");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->port, 5201);
  s = ParseIperf3Server("[2001:db8::2]:6000");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->host, "2001:db8::2");
  EXPECT_FALSE(ParseIperf3Server("host:99999"));
  EXPECT_FALSE(ParseIperf3Server("http://host/x"));
  EXPECT_FALSE(ParseIperf3Server(""));
}

}  // namespace
}  // namespace ww
