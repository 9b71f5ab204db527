#include "speedtest/throughput_meter.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(ThroughputMeter, WorkedExampleFromTheHeader) {
  const MonoTime t0{seconds{100}};
  ThroughputMeter meter(t0, seconds{2});
  meter.Add(1'000'000, t0 + seconds{1});  // warm-up: moved, not measured
  for (int i = 0; i < 5; ++i) meter.Add(1'000'000, t0 + seconds{2} + milliseconds{800 * i});
  EXPECT_EQ(meter.total_bytes(), 6'000'000u);
  EXPECT_EQ(meter.measured_bytes(), 5'000'000u);
  EXPECT_DOUBLE_EQ(*meter.GoodputMbps(t0 + seconds{6}), 10.0);
}

TEST(ThroughputMeter, BytesAtTheWarmupBoundaryAreMeasured) {
  const MonoTime t0{seconds{5}};
  ThroughputMeter meter(t0, seconds{1});
  meter.Add(100, t0 + milliseconds{999});
  meter.Add(200, t0 + seconds{1});
  EXPECT_EQ(meter.measured_bytes(), 200u);
}

TEST(ThroughputMeter, NoGoodputBeforeTheWarmupEndsOrWithoutBytes) {
  const MonoTime t0{seconds{5}};
  ThroughputMeter meter(t0, seconds{2});
  meter.Add(1'000'000, t0 + seconds{1});
  EXPECT_FALSE(meter.GoodputMbps(t0 + seconds{2}));  // no measured time
  EXPECT_FALSE(meter.GoodputMbps(t0 + seconds{5}));  // measured time, no bytes
}

TEST(ThroughputMeter, ZeroWarmupMeasuresFromTheStart) {
  const MonoTime t0{seconds{5}};
  ThroughputMeter meter(t0, Duration::zero());
  meter.Add(125'000, t0);
  EXPECT_DOUBLE_EQ(*meter.GoodputMbps(t0 + seconds{1}), 1.0);
}

TEST(ThroughputMeter, CurrentRateIsOverTheLastSecond) {
  const MonoTime t0{seconds{5}};
  ThroughputMeter meter(t0, seconds{2});
  // 10 Mbit/s for 3 s: 1250 bytes every millisecond, in 10 ms pieces.
  for (int ms = 0; ms < 3000; ms += 10) meter.Add(12'500, t0 + milliseconds{ms});
  EXPECT_NEAR(meter.CurrentMbps(t0 + milliseconds{2999}), 10.0, 0.6);
  // Then the link stalls: 2 s later the current rate is 0, the goodput unchanged.
  EXPECT_DOUBLE_EQ(meter.CurrentMbps(t0 + milliseconds{5100}), 0.0);
  EXPECT_NEAR(*meter.GoodputMbps(t0 + seconds{3}), 10.0, 0.01);
}

TEST(ThroughputMeter, CurrentRateFollowsAChangeWithinAWindow) {
  const MonoTime t0{seconds{5}};
  ThroughputMeter meter(t0, Duration::zero());
  for (int ms = 0; ms < 2000; ms += 10) meter.Add(12'500, t0 + milliseconds{ms});     // 10 Mbit/s
  for (int ms = 2000; ms < 4000; ms += 10) meter.Add(50'000, t0 + milliseconds{ms});  // 40
  EXPECT_NEAR(meter.CurrentMbps(t0 + milliseconds{3999}), 40.0, 2.5);
}

TEST(ThroughputMeter, CurrentRateAtTheStartUsesTheElapsedTime) {
  const MonoTime t0{seconds{5}};
  ThroughputMeter meter(t0, Duration::zero());
  for (int ms = 0; ms < 500; ms += 10) meter.Add(12'500, t0 + milliseconds{ms});
  EXPECT_NEAR(meter.CurrentMbps(t0 + milliseconds{500}), 10.0, 0.6);
}

TEST(ThroughputMeter, QueuedBytesMoveTheCountToWhatWasDelivered) {
  // The header's example: mark at 2 s with 3 MB queued, 12 MB counted after it,
  // 4 MB still queued at 6 s.
  const MonoTime t0{seconds{5}};
  ThroughputMeter meter(t0, seconds{2});
  meter.Add(5'000'000, t0 + seconds{1});  // warm-up
  meter.MarkMeasureStart(t0 + seconds{2}, 3'000'000);
  for (int i = 0; i < 12; ++i) meter.Add(1'000'000, t0 + seconds{2} + milliseconds{300 * i});
  EXPECT_DOUBLE_EQ(*meter.GoodputMbps(t0 + seconds{6}, 4'000'000), 22.0);
  EXPECT_DOUBLE_EQ(*meter.GoodputMbps(t0 + seconds{6}), 30.0);  // a download: nothing queued
}

TEST(ThroughputMeter, BytesMeasuredBeforeTheMarkAreLeftOut) {
  // The loop notices the boundary late: bytes counted between it and the mark are
  // already in the queued figure or delivered before the measured interval.
  const MonoTime t0{seconds{5}};
  ThroughputMeter meter(t0, seconds{2});
  meter.Add(1'000'000, t0 + milliseconds{2010});
  meter.MarkMeasureStart(t0 + milliseconds{2020}, 0);
  meter.MarkMeasureStart(t0 + seconds{3}, 99);  // only the first mark counts
  meter.Add(2'000'000, t0 + seconds{3});
  EXPECT_NEAR(*meter.GoodputMbps(t0 + milliseconds{4020}), 8.0, 1e-9);
}

TEST(ThroughputMeter, MoreQueuedThanCountedIsNoGoodput) {
  const MonoTime t0{seconds{5}};
  ThroughputMeter meter(t0, seconds{1});
  meter.MarkMeasureStart(t0 + seconds{1}, 0);
  meter.Add(1000, t0 + seconds{2});
  EXPECT_FALSE(meter.GoodputMbps(t0 + seconds{3}, 1000));
}

}  // namespace
}  // namespace ww
