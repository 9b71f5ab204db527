#include "engine/stats_math.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

TEST(Percentile, InterpolatesBetweenRanks) {
  std::vector<double> v{15, 20, 35, 40, 50};
  // rank = 0.4 * 4 = 1.6 -> 20 + 0.6 * (35 - 20) = 29
  EXPECT_DOUBLE_EQ(*Percentile(v, 40), 29.0);
  v = {15, 20, 35, 40, 50};
  EXPECT_DOUBLE_EQ(*Percentile(v, 0), 15.0);
  v = {50, 40, 35, 20, 15};
  EXPECT_DOUBLE_EQ(*Percentile(v, 100), 50.0);
  v = {1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(*Percentile(v, 50), 2.5);
  v = {7};
  EXPECT_DOUBLE_EQ(*Percentile(v, 95), 7.0);
  v.clear();
  EXPECT_FALSE(Percentile(v, 50));
}

TEST(MeanAbsoluteDifference, IsMeanOfConsecutiveDifferences) {
  const std::vector<double> v{10, 12, 9, 9};  // |2| + |-3| + |0| = 5 over 3 pairs
  EXPECT_DOUBLE_EQ(*MeanAbsoluteDifference(v), 5.0 / 3.0);
  EXPECT_FALSE(MeanAbsoluteDifference(std::vector<double>{4}));
}

TEST(HealthScore, LatencyPenaltySteps) {
  EXPECT_EQ(LatencyPenalty(std::nullopt), 0);
  EXPECT_EQ(LatencyPenalty(30.0), 0);
  EXPECT_EQ(LatencyPenalty(30.01), 5);
  EXPECT_EQ(LatencyPenalty(50.0), 5);
  EXPECT_EQ(LatencyPenalty(50.5), 10);
  EXPECT_EQ(LatencyPenalty(100.0), 10);
  EXPECT_EQ(LatencyPenalty(100.1), 20);
  EXPECT_EQ(LatencyPenalty(5000.0), 20);
}

TEST(HealthScore, JitterPenaltySteps) {
  EXPECT_EQ(JitterPenalty(std::nullopt), 0);
  EXPECT_EQ(JitterPenalty(5.0), 0);
  EXPECT_EQ(JitterPenalty(5.1), 3);
  EXPECT_EQ(JitterPenalty(15.0), 3);
  EXPECT_EQ(JitterPenalty(15.1), 8);
  EXPECT_EQ(JitterPenalty(30.0), 8);
  EXPECT_EQ(JitterPenalty(30.1), 15);
}

TEST(HealthScore, CombinesLossLatencyAndJitter) {
  EXPECT_EQ(HealthScore(0, 10.0, 1.0), 100);
  // 100 - 3*2.5 - 5 - 3 = 84.5 -> rounds half away from zero to 85
  EXPECT_EQ(HealthScore(2.5, 40.0, 6.0), 85);
  // 100 - 3*10 - 20 - 15 = 35
  EXPECT_EQ(HealthScore(10, 150.0, 31.0), 35);
  // 100 - 3*1.1 = 96.7 -> 97
  EXPECT_EQ(HealthScore(1.1, std::nullopt, std::nullopt), 97);
  EXPECT_EQ(HealthScore(100, std::nullopt, std::nullopt), 0);  // clamped, not -200
  EXPECT_EQ(HealthScore(40, 200.0, 50.0), 0);
}

TEST(HealthGrade, EveryBoundary) {
  EXPECT_EQ(HealthGrade(100), "A+");
  EXPECT_EQ(HealthGrade(90), "A+");
  EXPECT_EQ(HealthGrade(89), "A");
  EXPECT_EQ(HealthGrade(80), "A");
  EXPECT_EQ(HealthGrade(79), "B");
  EXPECT_EQ(HealthGrade(70), "B");
  EXPECT_EQ(HealthGrade(69), "C");
  EXPECT_EQ(HealthGrade(60), "C");
  EXPECT_EQ(HealthGrade(59), "D");
  EXPECT_EQ(HealthGrade(50), "D");
  EXPECT_EQ(HealthGrade(49), "F");
  EXPECT_EQ(HealthGrade(0), "F");
}

std::vector<double> Halves(double first, double second, int n = 10) {
  std::vector<double> v(n / 2, first);
  v.insert(v.end(), n - n / 2, second);
  return v;
}

TEST(Trend, CollectingUnderTenValues) {
  const auto t = ComputeTrend(Halves(10, 100, 9));
  EXPECT_EQ(t.trend, "stable");
  EXPECT_EQ(t.label, "collecting");
}

TEST(Trend, ThresholdsAtTwentyAndEightPercent) {
  EXPECT_EQ(ComputeTrend(Halves(10, 12.1)).trend, "degrading");  // +21%
  EXPECT_EQ(ComputeTrend(Halves(10, 12.0)).trend, "stable");     // +20% is not > 20
  EXPECT_EQ(ComputeTrend(Halves(10, 12.0)).label, "rising");
  EXPECT_EQ(ComputeTrend(Halves(10, 10.8)).label, "stable");  // +8% is not > 8
  EXPECT_EQ(ComputeTrend(Halves(10, 10.9)).label, "rising");
  EXPECT_EQ(ComputeTrend(Halves(10, 7.9)).trend, "improving");  // -21%
  EXPECT_EQ(ComputeTrend(Halves(10, 9.1)).label, "falling");    // -9%
  EXPECT_NEAR(*ComputeTrend(Halves(10, 15)).change_pct, 50.0, 1e-9);
}

TEST(Trend, OddCountPutsExtraValueInSecondHalf) {
  // 11 values: first 5 are 10, last 6 are 10 except one 40 -> second mean 15, +50%
  std::vector<double> v(11, 10.0);
  v[10] = 40;
  EXPECT_EQ(ComputeTrend(v).trend, "degrading");
}

}  // namespace
}  // namespace ww
