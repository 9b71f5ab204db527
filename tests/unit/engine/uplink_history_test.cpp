#include "engine/uplink_history.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

// 2027-01-15 08:00:00 UTC, on a 5-minute boundary.
constexpr std::int64_t kT0 = 1'800'000'000'000;

UplinkMinute Minute(int index, UplinkState state, std::uint32_t samples = 60,
                    std::uint32_t lost = 0, double rtt = 10) {
  UplinkMinute m;
  m.start_ms = kT0 + index * kMinuteMs;
  m.state = state;
  m.samples = samples;
  m.lost = lost;
  m.sum_ms = rtt * (samples - lost);
  if (samples > lost) m.min_ms = m.max_ms = rtt;
  return m;
}

constexpr auto kUp = UplinkState::kUp;
constexpr auto kDegraded = UplinkState::kDegraded;
constexpr auto kDown = UplinkState::kDown;

TEST(UplinkHistory, GridIsAlignedPaddedAndEndsAtTheLastClosedBucket) {
  // From 07:58:30 (aligned down to 07:55) to 08:17:10 (open bucket 08:15).
  const auto h = BuildUplinkHistory({}, kT0 - 90'000, kT0 + 17 * kMinuteMs + 10'000);
  ASSERT_EQ(h.buckets.size(), 4u);  // 07:55, 08:00, 08:05, 08:10
  EXPECT_EQ(h.buckets.front().start_ms, kT0 - kUplinkBucketMs);
  EXPECT_EQ(h.buckets.back().start_ms, kT0 + 2 * kUplinkBucketMs);
  for (const auto& b : h.buckets) {
    EXPECT_FALSE(b.state);
    EXPECT_EQ(b.missing_minutes, 5);
    EXPECT_FALSE(b.avg_ms);
    EXPECT_FALSE(b.loss_pct);
  }
  EXPECT_FALSE(h.summary.availability_pct);  // nothing recorded: unknown, not 0 or 100
  EXPECT_DOUBLE_EQ(h.summary.coverage_pct, 0);
}

TEST(UplinkHistory, BucketStateIsItsWorstMinuteAndMissingIsNotDown) {
  std::vector<UplinkMinute> m = {Minute(0, kUp), Minute(1, kDegraded), Minute(2, kUp),
                                 Minute(5, kUp), Minute(6, kUp)};
  const auto h = BuildUplinkHistory(m, kT0, kT0 + 10 * kMinuteMs);
  ASSERT_EQ(h.buckets.size(), 2u);
  EXPECT_EQ(*h.buckets[0].state, kDegraded);
  EXPECT_EQ(h.buckets[0].up_minutes, 2);
  EXPECT_EQ(h.buckets[0].degraded_minutes, 1);
  EXPECT_EQ(h.buckets[0].missing_minutes, 2);
  EXPECT_EQ(*h.buckets[1].state, kUp);
  EXPECT_EQ(h.buckets[1].missing_minutes, 3);
  EXPECT_EQ(h.summary.down_minutes, 0);
  EXPECT_EQ(h.summary.outage_count, 0);
  EXPECT_DOUBLE_EQ(*h.summary.availability_pct, 100);
  EXPECT_DOUBLE_EQ(*h.summary.strict_up_pct, 80);
  EXPECT_DOUBLE_EQ(h.summary.coverage_pct, 50);
}

TEST(UplinkHistory, LatencyAndLossPerBucketAndOverall) {
  std::vector<UplinkMinute> m = {Minute(0, kUp, 60, 0, 10), Minute(1, kUp, 60, 6, 20),
                                 Minute(5, kDown, 60, 60)};
  const auto h = BuildUplinkHistory(m, kT0, kT0 + 10 * kMinuteMs);
  const UplinkBucket& b = h.buckets[0];
  EXPECT_EQ(b.samples, 120u);
  EXPECT_EQ(b.lost, 6u);
  EXPECT_DOUBLE_EQ(*b.loss_pct, 5);
  EXPECT_NEAR(*b.avg_ms, (600 + 54 * 20) / 114.0, 1e-9);
  EXPECT_DOUBLE_EQ(*b.min_ms, 10);
  EXPECT_DOUBLE_EQ(*b.max_ms, 20);
  EXPECT_FALSE(h.buckets[1].avg_ms);  // every probe lost
  EXPECT_DOUBLE_EQ(*h.buckets[1].loss_pct, 100);
  EXPECT_NEAR(*h.summary.loss_pct, 100.0 * 66 / 180, 1e-9);
  EXPECT_NEAR(*h.summary.avg_ms, (600 + 54 * 20) / 114.0, 1e-9);
}

TEST(UplinkHistory, OutagesAreRunsOfDownMinutesBrokenByAnythingElse) {
  std::vector<UplinkMinute> m = {Minute(0, kDown), Minute(1, kDown),
                                 Minute(2, kDown),                    // run of 3
                                 Minute(3, kUp),   Minute(4, kDown),  // run of 1
                                 Minute(6, kDown),                    // minute 5 missing: new run
                                 Minute(7, kDown), Minute(8, kDegraded)};
  const auto h = BuildUplinkHistory(m, kT0, kT0 + 10 * kMinuteMs);
  EXPECT_EQ(h.summary.outage_count, 3);
  EXPECT_EQ(h.summary.longest_outage_minutes, 3);
  EXPECT_EQ(h.summary.down_minutes, 6);
  EXPECT_NEAR(*h.summary.availability_pct, 100.0 * 2 / 8, 1e-9);
}

TEST(UplinkHistory, OutOfRangeOrderAndDuplicates) {
  std::vector<UplinkMinute> m = {Minute(7, kUp), Minute(-1, kDown) /* before the grid */,
                                 Minute(10, kDown) /* the open bucket */, Minute(6, kUp),
                                 Minute(6, kDegraded) /* same minute: worst wins */};
  const auto h = BuildUplinkHistory(m, kT0 + 5 * kMinuteMs, kT0 + 12 * kMinuteMs);
  ASSERT_EQ(h.buckets.size(), 1u);
  EXPECT_EQ(h.buckets[0].up_minutes, 1);
  EXPECT_EQ(h.buckets[0].degraded_minutes, 1);
  EXPECT_EQ(h.buckets[0].samples, 180u);
  EXPECT_EQ(h.summary.down_minutes, 0);
}

TEST(UplinkHistory, EmptyWhenNoBucketHasClosed) {
  EXPECT_TRUE(BuildUplinkHistory({Minute(0, kUp)}, kT0, kT0 + 4 * kMinuteMs).buckets.empty());
}

TEST(UplinkHistory, NinetyDaysIsTwentyFiveThousandNineHundredTwentyBuckets) {
  const std::int64_t now = kT0 + 90LL * 24 * 3600 * 1000;
  EXPECT_EQ(BuildUplinkHistory({}, kT0, now).buckets.size(), 90u * 288);
}

}  // namespace
}  // namespace ww
