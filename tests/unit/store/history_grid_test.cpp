#include "store/history_grid.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

using std::chrono::seconds;

const WallTime kB{seconds{1'800'000'000}};  // 08:00:00 UTC

TEST(HistoryGrid, StepPicksTheSource) {
  EXPECT_EQ(PlanHistory(kB, kB + seconds(600), seconds(1)).source, kRawSource);
  EXPECT_EQ(PlanHistory(kB, kB + seconds(600), seconds(59)).source, kRawSource);
  EXPECT_EQ(PlanHistory(kB, kB + seconds(600), seconds(60)).source, 0);
  EXPECT_EQ(PlanHistory(kB, kB + seconds(600), seconds(299)).source, 0);
  EXPECT_EQ(PlanHistory(kB, kB + seconds(600), seconds(300)).source, 1);
  EXPECT_EQ(PlanHistory(kB, kB + seconds(7200), seconds(3600)).source, 2);
}

TEST(HistoryGrid, PointsAreAlignedToTheStepAndCoverTheRange) {
  // 08:00:30 .. 08:05:00 by 60 s: points 08:00 .. 08:04.
  const HistoryGrid g = PlanHistory(kB + seconds(30), kB + seconds(300), seconds(60));
  EXPECT_EQ(g.from_ms, 1'800'000'000'000);
  EXPECT_EQ(g.step_ms, 60'000);
  EXPECT_EQ(g.points, 5);
  // A partial last step still gets its point.
  EXPECT_EQ(PlanHistory(kB, kB + seconds(301), seconds(60)).points, 6);
  EXPECT_EQ(PlanHistory(kB, kB + seconds(10), seconds(1)).points, 10);
}

TEST(HistoryGrid, EmptyOrReversedRangeHasNoPoints) {
  EXPECT_EQ(PlanHistory(kB, kB, seconds(1)).points, 0);
  EXPECT_EQ(PlanHistory(kB + seconds(5), kB, seconds(1)).points, 0);
}

TEST(HistoryGrid, NonPositiveStepIsOneSecond) {
  EXPECT_EQ(PlanHistory(kB, kB + seconds(5), seconds(0)).step_ms, 1000);
  EXPECT_EQ(PlanHistory(kB, kB + seconds(5), seconds(-7)).points, 5);
}

TEST(HistoryGrid, TooManyPointsCoarsensTheStep) {
  // 30 days by 1 s would be 2.6 million points.
  const HistoryGrid g = PlanHistory(kB, kB + std::chrono::hours(24 * 30), seconds(1));
  EXPECT_EQ(g.step_ms, 26'000);  // ceil(2'592'000 s / 100'000) = 26 s
  EXPECT_LE(g.points, kMaxHistoryPoints + 1);
  EXPECT_EQ(g.source, kRawSource);
  // An absurd step does not overflow.
  EXPECT_EQ(PlanHistory(kB, kB + seconds(5), seconds(INT64_MAX)).points, 1);
}

TEST(HistoryGrid, LocalHourOfDayAppliesTheOffset) {
  const std::int64_t t = 1'800'000'000'000;  // 08:00 UTC
  EXPECT_EQ(LocalHourOfDay(t, 0), 8);
  EXPECT_EQ(LocalHourOfDay(t, 120), 10);
  EXPECT_EQ(LocalHourOfDay(t, -600), 22);    // previous day in UTC-10
  EXPECT_EQ(LocalHourOfDay(t, 16 * 60), 0);  // next day
  EXPECT_EQ(LocalHourOfDay(t, 330), 13);     // 13:30 in India
  EXPECT_EQ(LocalHourOfDay(t + 3'599'999, 0), 8);
  EXPECT_EQ(LocalHourOfDay(-1, 0), 23);
}

}  // namespace
}  // namespace ww
