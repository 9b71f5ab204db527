#include "store/latency_histogram.h"

#include <gtest/gtest.h>

#include <cmath>

namespace ww {
namespace {

TEST(LatencyHistogram, EdgesRiseByAFactorBetween1_3And2_5) {
  EXPECT_EQ(kLatencyBuckets, 25u);
  EXPECT_DOUBLE_EQ(kLatencyEdgesMs.front(), 0.5);
  EXPECT_DOUBLE_EQ(kLatencyEdgesMs.back(), 10000.0);
  for (std::size_t i = 1; i < kLatencyEdgesMs.size(); ++i) {
    const double ratio = kLatencyEdgesMs[i] / kLatencyEdgesMs[i - 1];
    EXPECT_GE(ratio, 1.3) << "edge " << i;
    EXPECT_LE(ratio, 2.5) << "edge " << i;
  }
}

TEST(LatencyHistogram, BucketBoundariesAreLowerInclusive) {
  EXPECT_EQ(LatencyHistogram::BucketOf(0), 0u);
  EXPECT_EQ(LatencyHistogram::BucketOf(0.49), 0u);
  EXPECT_EQ(LatencyHistogram::BucketOf(0.5), 1u);
  EXPECT_EQ(LatencyHistogram::BucketOf(9.99), 8u);
  EXPECT_EQ(LatencyHistogram::BucketOf(10), 9u);  // [10, 15)
  EXPECT_EQ(LatencyHistogram::BucketOf(9999), 23u);
  EXPECT_EQ(LatencyHistogram::BucketOf(10000), 24u);
  EXPECT_EQ(LatencyHistogram::BucketOf(1e9), 24u);
  EXPECT_EQ(LatencyHistogram::BucketOf(-3), 0u);
  EXPECT_EQ(LatencyHistogram::BucketOf(std::nan("")), 0u);
  EXPECT_DOUBLE_EQ(LatencyHistogram::LowerEdge(9), 10);
  EXPECT_DOUBLE_EQ(LatencyHistogram::UpperEdge(9), 15);
}

TEST(LatencyHistogram, PercentileInterpolatesGeometricallyInsideTheBucket) {
  LatencyHistogram h;
  for (int i = 0; i < 50; ++i) h.Add(25);   // [20, 30)
  for (int i = 0; i < 50; ++i) h.Add(120);  // [100, 150)
  // p50: rank 50 = the top of the first bucket.
  EXPECT_NEAR(*h.Percentile(50), 30.0, 1e-9);
  // p75: rank 75, halfway through [100, 150): 100 * 1.5^0.5.
  EXPECT_NEAR(*h.Percentile(75), 122.474487, 1e-6);
  // p99: rank 99, 49/50 through [100, 150).
  EXPECT_NEAR(*h.Percentile(99), 100 * std::pow(1.5, 0.98), 1e-9);
  // p10: rank 10, a fifth of [20, 30).
  EXPECT_NEAR(*h.Percentile(10), 20 * std::pow(1.5, 0.2), 1e-9);
}

TEST(LatencyHistogram, PercentileClampsToKnownMinAndMax) {
  LatencyHistogram h;
  for (int i = 0; i < 4; ++i) h.Add(12);  // one value: [10, 15)
  EXPECT_NEAR(*h.Percentile(50), 10 * std::pow(1.5, 0.5), 1e-9);
  EXPECT_DOUBLE_EQ(*h.Percentile(50, 12.0, 12.0), 12.0);  // exact with min/max
  EXPECT_DOUBLE_EQ(*h.Percentile(0, 11.0, 13.0), 11.0);
  EXPECT_DOUBLE_EQ(*h.Percentile(100, 11.0, 13.0), 13.0);
}

TEST(LatencyHistogram, PercentileInFirstAndOverflowBuckets) {
  LatencyHistogram low;
  for (int i = 0; i < 10; ++i) low.Add(0.1);
  EXPECT_NEAR(*low.Percentile(50), 0.25, 1e-12);  // linear in [0, 0.5)
  LatencyHistogram high;
  high.Add(20000);
  EXPECT_DOUBLE_EQ(*high.Percentile(50), 10000);  // no upper edge to go towards
  EXPECT_DOUBLE_EQ(*high.Percentile(50, std::nullopt, 20000.0), 20000);
}

TEST(LatencyHistogram, EmptyHasNoPercentile) {
  LatencyHistogram h;
  EXPECT_FALSE(h.Percentile(50).has_value());
  h.Add(1);
  EXPECT_FALSE(h.Percentile(std::nan("")).has_value());
}

TEST(LatencyHistogram, MergeAddsCounts) {
  LatencyHistogram a, b;
  a.Add(1);
  a.Add(25);
  b.Add(25);
  b.Add(400);
  a.Merge(b);
  EXPECT_EQ(a.Total(), 4u);
  EXPECT_EQ(a.counts()[LatencyHistogram::BucketOf(25)], 2u);
  EXPECT_EQ(a.counts()[LatencyHistogram::BucketOf(400)], 1u);
}

TEST(LatencyHistogram, EncodeDecodeRoundTripIsCompact) {
  LatencyHistogram h;
  for (int i = 0; i < 58; ++i) h.Add(18);
  h.Add(45);
  h.Add(3000);
  h.SetCount(24, (1ull << 62) + 5);  // large counts survive
  const std::string blob = h.Encode();
  EXPECT_LE(blob.size(), 1u + 4 * 2 + 9);
  auto back = LatencyHistogram::Decode(blob.data(), blob.size());
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(*back, h);

  const std::string empty = LatencyHistogram().Encode();
  EXPECT_EQ(empty.size(), 1u);
  ASSERT_TRUE(LatencyHistogram::Decode(empty.data(), empty.size()).ok());
}

TEST(LatencyHistogram, DecodeRejectsDamagedBlobsWithAReason) {
  auto decode = [](std::string blob) {
    return LatencyHistogram::Decode(blob.data(), blob.size()).error();
  };
  EXPECT_EQ(decode(""), "latency histogram: empty blob");
  EXPECT_EQ(decode("\x07"), "latency histogram: unknown format 7");
  EXPECT_EQ(decode(std::string("\x01\x19\x01", 3)), "latency histogram: bad bucket index 25");
  EXPECT_EQ(decode(std::string("\x01\x05\x01\x05\x01", 5)),
            "latency histogram: bad bucket index 5");  // repeated index
  EXPECT_EQ(decode(std::string("\x01\x05\x81", 3)),
            "latency histogram: truncated count for bucket 5");
  EXPECT_EQ(decode(std::string("\x01\x05") + std::string(10, '\xff') + "\x01"),
            "latency histogram: truncated count for bucket 5");  // longer than 64 bits
}

}  // namespace
}  // namespace ww
