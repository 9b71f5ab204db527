#include "engine/sample_window.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

const WallTime kT0 = FromUnixMillis(1'800'000'000'000);

TEST(SampleWindow, SummarizesLossLatencyAndJitter) {
  SampleWindow w(100);
  // RTTs 10, lost, 14, 11, lost: jitter pairs over successes (10,14) (14,11) = (4+3)/2
  w.Add(kT0, true, 10);
  w.Add(kT0 + Seconds(1), false, 0);
  w.Add(kT0 + Seconds(2), true, 14);
  w.Add(kT0 + Seconds(3), true, 11);
  w.Add(kT0 + Seconds(4), false, 0);
  const auto s = w.Summarize();
  EXPECT_EQ(s.count, 5u);
  EXPECT_EQ(s.lost, 2u);
  EXPECT_DOUBLE_EQ(s.loss_pct, 40.0);
  EXPECT_NEAR(*s.avg_ms, 35.0 / 3.0, 1e-6);
  EXPECT_DOUBLE_EQ(*s.min_ms, 10);
  EXPECT_DOUBLE_EQ(*s.max_ms, 14);
  EXPECT_DOUBLE_EQ(*s.jitter_ms, 3.5);
  EXPECT_DOUBLE_EQ(*s.p50_ms, 11);
  EXPECT_EQ(w.total(), 5u);
  EXPECT_EQ(w.total_success(), 3u);
}

TEST(SampleWindow, EvictsByAgeButKeepsSessionTotals) {
  SampleWindow w(100);
  w.Add(kT0, false, 0);
  w.Add(kT0 + Seconds(10), true, 5);
  w.EvictBefore(kT0 + Seconds(5));
  const auto s = w.Summarize();
  EXPECT_EQ(s.count, 1u);
  EXPECT_DOUBLE_EQ(s.loss_pct, 0);
  EXPECT_EQ(w.total(), 2u);
}

TEST(SampleWindow, BoundedByCount) {
  SampleWindow w(3);
  for (int i = 0; i < 10; ++i) w.Add(kT0 + Seconds(i), true, i);
  EXPECT_EQ(w.Summarize().count, 3u);
  EXPECT_DOUBLE_EQ(*w.Summarize().min_ms, 7);
}

TEST(SampleWindow, EmptyHasNoLatency) {
  SampleWindow w(3);
  const auto s = w.Summarize();
  EXPECT_EQ(s.count, 0u);
  EXPECT_FALSE(s.avg_ms);
  EXPECT_FALSE(s.jitter_ms);
}

}  // namespace
}  // namespace ww
