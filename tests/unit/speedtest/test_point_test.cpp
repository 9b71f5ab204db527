#include "speedtest/test_point.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

namespace ww {
namespace {

using Query = std::multimap<std::string, std::string>;
constexpr std::uint64_t kCap = 100 * kMiB;

std::string HeaderOf(const HttpResponse& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "";
}

TEST(TestPointPaths, LibreSpeedNamesWithAndWithoutPhpAtTheRootAndUnderBackend) {
  for (const char* prefix : {"/", "/backend/"}) {
    for (const char* suffix : {"", ".php"}) {
      const std::string p = std::string(prefix);
      EXPECT_EQ(MatchTestEndpoint(p + "garbage" + suffix), TestEndpoint::kGarbage) << p << suffix;
      EXPECT_EQ(MatchTestEndpoint(p + "empty" + suffix), TestEndpoint::kEmpty) << p << suffix;
      EXPECT_EQ(MatchTestEndpoint(p + "getIP" + suffix), TestEndpoint::kGetIp) << p << suffix;
    }
  }
  EXPECT_EQ(MatchTestEndpoint("/__down"), TestEndpoint::kDown);
  EXPECT_EQ(MatchTestEndpoint("/__up"), TestEndpoint::kUp);
}

TEST(TestPointPaths, EverythingElseIsNotClaimed) {
  for (const char* path :
       {"/", "", "garbage", "/garbage/", "/garbage.phpx", "/Garbage", "/getip", "/backend/__down",
        "/__down/", "/__up.php", "/backend/backend/empty", "/api/status", "/api/v1/empty", "/.php",
        "/backend/", "/empty.php.php"}) {
    EXPECT_EQ(MatchTestEndpoint(path), std::nullopt) << path;
  }
}

TEST(TestPointPaths, TargetsAreMatchedByTheirDecodedPathWithoutTheQuery) {
  EXPECT_EQ(MatchTestTarget("/garbage.php?r=0.5&ckSize=100"), TestEndpoint::kGarbage);
  EXPECT_EQ(MatchTestTarget("/__down?bytes=100000&measId=7"), TestEndpoint::kDown);
  EXPECT_EQ(MatchTestTarget("/%5F%5Fup"), TestEndpoint::kUp);
  EXPECT_EQ(MatchTestTarget("/empty?"), TestEndpoint::kEmpty);
  EXPECT_EQ(MatchTestTarget("/api/status?x=/garbage"), std::nullopt);
  EXPECT_EQ(MatchTestTarget("*"), std::nullopt);
}

TEST(TestPointMethods, EachEndpointAnswersItsMethodsAndSays405WithAllowOtherwise) {
  EXPECT_EQ(CheckTestMethod(TestEndpoint::kGarbage, "GET"), std::nullopt);
  EXPECT_EQ(CheckTestMethod(TestEndpoint::kGarbage, "HEAD"), std::nullopt);
  EXPECT_EQ(CheckTestMethod(TestEndpoint::kEmpty, "POST"), std::nullopt);
  EXPECT_EQ(CheckTestMethod(TestEndpoint::kEmpty, "GET"), std::nullopt);
  EXPECT_EQ(CheckTestMethod(TestEndpoint::kUp, "POST"), std::nullopt);
  EXPECT_EQ(CheckTestMethod(TestEndpoint::kDown, "OPTIONS"), std::nullopt);
  const std::optional<HttpResponse> up = CheckTestMethod(TestEndpoint::kUp, "GET");
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 405);
  EXPECT_EQ(HeaderOf(*up, "Allow"), "OPTIONS, POST");
  const std::optional<HttpResponse> down = CheckTestMethod(TestEndpoint::kDown, "PUT");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 405);
  EXPECT_EQ(HeaderOf(*down, "Allow"), "GET, HEAD, OPTIONS");
  EXPECT_TRUE(CheckTestMethod(TestEndpoint::kGarbage, "POST"));
  EXPECT_TRUE(CheckTestMethod(TestEndpoint::kGetIp, "DELETE"));
}

TEST(TestPointDownloads, GarbageIsCkSizeMiBWithLibreSpeedsDefaultOfFour) {
  EXPECT_EQ(ParseDownloadRequest(TestEndpoint::kGarbage, {}, kCap).bytes, 4 * kMiB);
  const DownloadRequest d =
      ParseDownloadRequest(TestEndpoint::kGarbage, Query{{"ckSize", "25"}, {"r", "0.1"}}, kCap);
  EXPECT_EQ(d.refusal, std::nullopt);
  EXPECT_EQ(d.bytes, 25 * kMiB);
  EXPECT_EQ(ParseDownloadRequest(TestEndpoint::kGarbage, Query{{"ckSize", "0"}}, kCap).bytes, 0u);
  EXPECT_EQ(ParseDownloadRequest(TestEndpoint::kGarbage, Query{{"ckSize", "100"}}, kCap).bytes,
            kCap);
}

TEST(TestPointDownloads, DownIsExactlyTheBytesAskedFor) {
  EXPECT_EQ(ParseDownloadRequest(TestEndpoint::kDown, Query{{"bytes", "12345"}}, kCap).bytes,
            12345u);
  EXPECT_EQ(ParseDownloadRequest(TestEndpoint::kDown, Query{{"bytes", "0"}}, kCap).bytes, 0u);
  const DownloadRequest at_cap =
      ParseDownloadRequest(TestEndpoint::kDown, Query{{"bytes", std::to_string(kCap)}}, kCap);
  EXPECT_EQ(at_cap.refusal, std::nullopt);
  EXPECT_EQ(at_cap.bytes, kCap);
}

TEST(TestPointDownloads, MissingOrInvalidCountsAre400) {
  const DownloadRequest missing = ParseDownloadRequest(TestEndpoint::kDown, {}, kCap);
  ASSERT_TRUE(missing.refusal);
  EXPECT_EQ(missing.refusal->status, 400);
  EXPECT_EQ(missing.refusal->body, R"({"detail":"bytes: required, the number of bytes to send"})");
  for (const char* bad : {"", "abc", "-1", "+5", "1e6", "1.5", " 10", "10 ", "0x10"}) {
    const DownloadRequest d =
        ParseDownloadRequest(TestEndpoint::kDown, Query{{"bytes", bad}}, kCap);
    ASSERT_TRUE(d.refusal) << bad;
    EXPECT_EQ(d.refusal->status, 400) << bad;
    const DownloadRequest g =
        ParseDownloadRequest(TestEndpoint::kGarbage, Query{{"ckSize", bad}}, kCap);
    ASSERT_TRUE(g.refusal) << bad;
    EXPECT_EQ(g.refusal->status, 400) << bad;
  }
}

TEST(TestPointDownloads, OverTheCapIs413EvenWhenTheNumberOverflows) {
  for (const char* big : {"104857601", "99999999999999999999999999"}) {
    const DownloadRequest d =
        ParseDownloadRequest(TestEndpoint::kDown, Query{{"bytes", big}}, kCap);
    ASSERT_TRUE(d.refusal) << big;
    EXPECT_EQ(d.refusal->status, 413) << big;
    EXPECT_EQ(
        d.refusal->body,
        R"({"detail":"download larger than this test point's limit of 100 MiB per request"})");
  }
  // ckSize × 1 MiB would wrap around 2^64: still refused, never a small download.
  for (const char* chunks : {"101", "17592186044416", "18446744073709551615"}) {
    const DownloadRequest g =
        ParseDownloadRequest(TestEndpoint::kGarbage, Query{{"ckSize", chunks}}, kCap);
    ASSERT_TRUE(g.refusal) << chunks;
    EXPECT_EQ(g.refusal->status, 413) << chunks;
  }
  // With a cap under LibreSpeed's default of 4 chunks, the default is over it.
  EXPECT_EQ(ParseDownloadRequest(TestEndpoint::kGarbage, {}, 2 * kMiB).refusal->status, 413);
}

TEST(TestPointUploads, DeclaredLengthOverTheCapIs413) {
  EXPECT_EQ(CheckUploadLength(std::nullopt, kCap), std::nullopt);  // chunked: cut off while read
  EXPECT_EQ(CheckUploadLength(kCap, kCap), std::nullopt);
  const std::optional<HttpResponse> over = CheckUploadLength(kCap + 1, kCap);
  ASSERT_TRUE(over);
  EXPECT_EQ(over->status, 413);
  EXPECT_EQ(over->body,
            R"({"detail":"upload larger than this test point's limit of 100 MiB per request"})");
}

TEST(TestPointAnswers, BusyIs503WithRetryAfterAndEveryAnswerAllowsAnyOrigin) {
  const HttpResponse busy = TooManyTransfers();
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(HeaderOf(busy, "Retry-After"), "1");
  EXPECT_EQ(HeaderOf(EmptyOk(), "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(EmptyOk().body, "");
  EXPECT_EQ(PreflightResponse().status, 204);
  EXPECT_EQ(HeaderOf(PreflightResponse(), "Access-Control-Allow-Methods"), "GET, POST, OPTIONS");
  const auto headers = DownloadHeaders();
  ASSERT_FALSE(headers.empty());
  EXPECT_EQ(headers.front(),
            (std::pair<std::string, std::string>{"Content-Type", "application/octet-stream"}));
  bool no_store = false;
  for (const auto& [n, v] : headers) {
    EXPECT_NE(n, "Content-Encoding");
    if (n == "Cache-Control") no_store = v.find("no-store") != std::string::npos;
  }
  EXPECT_TRUE(no_store);
}

TEST(TestPointGetIp, DescribesLocalAddressesAsLibreSpeedDoes) {
  EXPECT_EQ(DescribeClientAddress("127.0.0.1"), "127.0.0.1 - localhost IPv4 access");
  EXPECT_EQ(DescribeClientAddress("::1"), "::1 - localhost IPv6 access");
  EXPECT_EQ(DescribeClientAddress("fe80::1"), "fe80::1 - link-local IPv6 access");
  EXPECT_EQ(DescribeClientAddress("10.1.2.3"), "10.1.2.3 - private IPv4 access");
  EXPECT_EQ(DescribeClientAddress("172.16.0.9"), "172.16.0.9 - private IPv4 access");
  EXPECT_EQ(DescribeClientAddress("172.31.255.1"), "172.31.255.1 - private IPv4 access");
  EXPECT_EQ(DescribeClientAddress("192.168.1.20"), "192.168.1.20 - private IPv4 access");
  EXPECT_EQ(DescribeClientAddress("169.254.3.4"), "169.254.3.4 - link-local IPv4 access");
  EXPECT_EQ(DescribeClientAddress("172.32.0.1"), "172.32.0.1");
  EXPECT_EQ(DescribeClientAddress("172.15.0.1"), "172.15.0.1");
  EXPECT_EQ(DescribeClientAddress("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(DescribeClientAddress("2001:db8::5"), "2001:db8::5");
  const HttpResponse r = GetIpResponse("198.51.100.4");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"processedString":"198.51.100.4","rawIspInfo":""})");
}

TEST(TestPointRandom, SameSeedSameBytesOtherSeedOtherBytesAndNoStructure) {
  std::vector<std::uint8_t> a(1 << 16), b(1 << 16), c(1 << 16);
  FillRandom(a, 42);
  FillRandom(b, 42);
  FillRandom(c, 43);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  // Every byte value about equally often (65536 / 256 = 256 each): nothing to compress.
  std::array<int, 256> counts{};
  for (std::uint8_t v : a) ++counts[v];
  for (int n : counts) {
    EXPECT_GT(n, 150);
    EXPECT_LT(n, 370);
  }
  std::vector<std::uint8_t> odd(13);
  FillRandom(odd, 1);  // a size that is not a multiple of 8 is filled to the end
  EXPECT_NE(std::set<std::uint8_t>(odd.begin() + 8, odd.end()).size(), 1u);
}

TEST(TestPointSlots, AtMostCapacityHeldAndReleasedWithTheirHolder) {
  TransferSlots slots(2);
  TransferSlot a = slots.TryAcquire();
  TransferSlot b = slots.TryAcquire();
  EXPECT_TRUE(a.held());
  EXPECT_TRUE(b.held());
  EXPECT_FALSE(slots.TryAcquire().held());
  EXPECT_EQ(slots.in_use(), 2u);
  {
    TransferSlot moved = std::move(a);
    EXPECT_FALSE(a.held());
    EXPECT_EQ(slots.in_use(), 2u);
  }
  EXPECT_EQ(slots.in_use(), 1u);
  b.Release();
  b.Release();  // twice is once
  EXPECT_EQ(slots.in_use(), 0u);
  TransferSlot c = slots.TryAcquire();
  c = slots.TryAcquire();  // the first is released by the assignment
  EXPECT_EQ(slots.in_use(), 1u);
}

TEST(TestPointSlots, ManyThreadsNeverHoldMoreThanTheCapacity) {
  TransferSlots slots(3);
  std::atomic<int> over{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        TransferSlot s = slots.TryAcquire();
        if (slots.in_use() > slots.capacity()) over.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(over.load(), 0);
  EXPECT_EQ(slots.in_use(), 0u);
}

}  // namespace
}  // namespace ww
