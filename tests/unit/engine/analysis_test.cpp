// The analysis formulas against values computed independently by
// analysis_reference.py (Python's statistics module) or by hand (in comments).

#include <gtest/gtest.h>

#include <cmath>

#include "core/time_format.h"
#include "engine/analysis/ping_analysis.h"
#include "engine/analysis/speed_analysis.h"
#include "engine/analysis/trends.h"
#include "engine/analysis/utc_calendar.h"
#include "engine/analysis/zscore_anomalies.h"

namespace ww {
namespace {

constexpr double kTol = 1e-9;
const std::optional<double> kNone;

WallTime At(const char* iso) { return *ParseIso8601(iso); }

SpeedSample Speed(const char* iso, std::optional<double> down, std::optional<double> up,
                  std::optional<double> ping) {
  return SpeedSample{At(iso), down, up, ping};
}

// analysis_reference.py's DOWNLOAD, UPLOAD, PING, one sample an hour.
std::vector<SpeedSample> ReferenceSpeedSeries() {
  const double down[] = {100, 110, 90, 40, 105, 95, 300, 100};
  const double up[] = {20, 20, 20, 20, 21, 19, 20, 5};
  const std::optional<double> ping[] = {10, 12, kNone, 11, 50, 10, 11, 12};
  std::vector<SpeedSample> out;
  for (int i = 0; i < 8; ++i) {
    out.push_back(
        SpeedSample{At("2026-01-01T00:00:00Z") + std::chrono::hours(i), down[i], up[i], ping[i]});
  }
  return out;
}

struct ExpectedFlag {
  std::size_t row, metric;
  double value, mean, stdev, z;
};

TEST(Baseline, SampleStdevWithNMinusOne) {
  // {2, 4, 4, 4, 5, 5, 7, 9}: mean 5, squared deviations sum 32, 32/7 → 2.138...
  const double v[] = {2, 4, 4, 4, 5, 5, 7, 9};
  const auto s = ComputeBaseline(v);
  ASSERT_TRUE(s);
  EXPECT_DOUBLE_EQ(s->mean, 5.0);
  EXPECT_NEAR(s->stdev, std::sqrt(32.0 / 7.0), kTol);
}

TEST(Baseline, FewerThanThreeOrAllEqualHasNone) {
  const double two[] = {1, 2};
  EXPECT_FALSE(ComputeBaseline(two));
  // 0.1 + 0.1 + 0.1 is not 0.3 in binary: a naive stdev is ~1e-17, not 0.
  const double flat[] = {0.1, 0.1, 0.1};
  EXPECT_FALSE(ComputeBaseline(flat));
  const double three[] = {1, 2, 3};
  ASSERT_TRUE(ComputeBaseline(three));
  EXPECT_DOUBLE_EQ(ComputeBaseline(three)->stdev, 1.0);
}

TEST(ZScore, SpeedSeriesMatchesReferenceScript) {
  // analysis_reference.py, window 4, threshold 2: (row, metric, value, mean, stdev, z).
  const ExpectedFlag expected[] = {
      {3, 0, 40, 100, 10, -6},
      {4, 2, 50, 11, 1, 39},
      {5, 1, 19, 20.25, 0.5, -2.5},
      {6, 0, 300, 82.5, 29.011491975882, 7.49702911455961},
      {7, 1, 5, 20, 0.816496580927726, -18.3711730708738},
  };
  const std::vector<SpeedSample> series = ReferenceSpeedSeries();
  const auto flags = SpeedAnomalies(series, series.size(), AnomalyOptions{4, 2.0});
  ASSERT_EQ(flags.size(), 8u);
  std::vector<ExpectedFlag> got;
  for (std::size_t i = 0; i < flags.size(); ++i) {
    const std::size_t row = series.size() - 1 - i;  // newest first
    for (const AnomalyFlag& f : flags[i]) {
      got.push_back({row, f.metric, f.value, f.baseline_mean, f.baseline_stdev, f.z_score});
    }
  }
  std::sort(got.begin(), got.end(), [](const auto& a, const auto& b) { return a.row < b.row; });
  ASSERT_EQ(got.size(), std::size(expected));
  for (std::size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(got[i].row, expected[i].row);
    EXPECT_EQ(got[i].metric, expected[i].metric);
    EXPECT_NEAR(got[i].value, expected[i].value, kTol);
    EXPECT_NEAR(got[i].mean, expected[i].mean, kTol);
    EXPECT_NEAR(got[i].stdev, expected[i].stdev, 1e-9 * expected[i].stdev);
    EXPECT_NEAR(got[i].z, expected[i].z, 1e-9 * std::abs(expected[i].z));
  }
  // Row 4's upload (21) has the flat baseline {20, 20, 20, 20}: stdev 0, skipped.
  // Row 3's ping has only {10, 12} before it (the third is missing): not judged.
}

TEST(ZScore, SignFollowsTheDirection) {
  std::vector<MetricValues> s = {{100.0}, {110.0}, {90.0}, {40.0}, {200.0}};
  const auto flags = ScoreAnomalies(s, 3, AnomalyOptions{3, 2.5});
  ASSERT_EQ(flags.size(), 2u);
  ASSERT_EQ(flags[0].size(), 1u);
  EXPECT_DOUBLE_EQ(flags[0][0].z_score, -6.0);  // (40 - 100) / 10
  // 200 against {110, 90, 40}: mean 80, stdev sqrt((30² + 10² + 40²) / 2) = sqrt(1300).
  ASSERT_EQ(flags[1].size(), 1u);
  EXPECT_NEAR(flags[1][0].z_score, 120.0 / std::sqrt(1300.0), kTol);
  EXPECT_GT(flags[1][0].z_score, 0);
}

TEST(ZScore, ThresholdIsStrict) {
  // Baseline {1, 2, 3}: mean 2, stdev 1; 4.5 gives z = 2.5 exactly.
  std::vector<MetricValues> s = {{1.0}, {2.0}, {3.0}, {4.5}};
  EXPECT_TRUE(ScoreAnomalies(s, 3, AnomalyOptions{20, 2.5})[0].empty());
  EXPECT_EQ(ScoreAnomalies(s, 3, AnomalyOptions{20, 2.49})[0].size(), 1u);
  s[3] = {-0.5};  // z = -2.5: the magnitude counts, the same boundary
  EXPECT_TRUE(ScoreAnomalies(s, 3, AnomalyOptions{20, 2.5})[0].empty());
  EXPECT_EQ(ScoreAnomalies(s, 3, AnomalyOptions{20, 2.49})[0].size(), 1u);
}

TEST(ZScore, WindowLimitsTheBaselineAndTooFewAreNotJudged) {
  // With window 3 the 1000s fall out of the last value's baseline {10, 11, 12}.
  std::vector<MetricValues> s = {{1000.0}, {1000.0}, {10.0}, {11.0}, {12.0}, {40.0}};
  auto flags = ScoreAnomalies(s, 5, AnomalyOptions{3, 2.5});
  ASSERT_EQ(flags[0].size(), 1u);
  EXPECT_DOUBLE_EQ(flags[0][0].baseline_mean, 11.0);
  EXPECT_DOUBLE_EQ(flags[0][0].z_score, 29.0);
  // The first three values have fewer than 3 earlier ones: never flagged.
  flags = ScoreAnomalies({{1.0}, {1000.0}, {-50.0}}, 0, AnomalyOptions{20, 0.5});
  for (const auto& f : flags) EXPECT_TRUE(f.empty());
}

TEST(ZScore, NewestCountOnlyAndNewestFirst) {
  const std::vector<SpeedSample> series = ReferenceSpeedSeries();
  const auto flags = SpeedAnomalies(series, 2, AnomalyOptions{4, 2.0});
  ASSERT_EQ(flags.size(), 2u);
  ASSERT_EQ(flags[0].size(), 1u);  // row 7: upload 5
  EXPECT_EQ(flags[0][0].metric, 1u);
  ASSERT_EQ(flags[1].size(), 1u);  // row 6: download 300
  EXPECT_EQ(flags[1][0].metric, 0u);
  EXPECT_EQ(SpeedAnomalies(series, 100, AnomalyOptions{}).size(), 8u);
  EXPECT_TRUE(SpeedAnomalies({}, 5, AnomalyOptions{}).empty());
}

TEST(TimeOfDay, GroupsByUtcHourMatchingReferenceScript) {
  const std::vector<SpeedSample> samples = {
      Speed("2026-03-01T02:10:00Z", 300.0, 40.0, 12.0),
      Speed("2026-03-02T02:50:00Z", 310.5, 42.5, 13.0),
      Speed("2026-03-03T02:59:59Z", 290.25, kNone, 14.5),
      Speed("2026-03-01T23:00:00Z", 100.0, 10.0, 30.0),
      Speed("2026-03-04T00:00:00Z", 200.0, 20.0, 20.0),
  };
  const auto hours = SpeedTimeOfDay(samples);
  ASSERT_EQ(hours.size(), 3u);
  EXPECT_EQ(hours[0].hour, 0);
  EXPECT_EQ(hours[1].hour, 2);
  EXPECT_EQ(hours[2].hour, 23);
  const SpeedHourStats& two = hours[1];
  EXPECT_EQ(two.sample_count, 3);
  EXPECT_NEAR(*two.avg_download_mbps, 300.25, kTol);
  EXPECT_NEAR(*two.avg_upload_mbps, 41.25, kTol);  // the missing upload is left out
  EXPECT_NEAR(*two.avg_ping_ms, 13.1666666666667, 1e-12);
  EXPECT_EQ(*two.min_download_mbps, 290.25);
  EXPECT_EQ(*two.max_download_mbps, 310.5);
  EXPECT_EQ(hours[2].sample_count, 1);
  EXPECT_EQ(*hours[2].avg_ping_ms, 30.0);
  EXPECT_TRUE(SpeedTimeOfDay({}).empty());
  const auto no_upload = SpeedTimeOfDay({Speed("2026-03-01T05:00:00Z", 1.0, kNone, kNone)});
  EXPECT_FALSE(no_upload[0].avg_upload_mbps);
}

std::vector<SpeedSample> ReferenceMonths() {
  return {
      Speed("2026-01-05T10:00:00Z", 100.0, 10.0, 20.0),
      Speed("2026-01-20T10:00:00Z", 110.0, 12.0, 22.0),
      Speed("2026-03-01T00:00:00Z", 90.0, 9.0, 25.0),
      Speed("2026-04-10T10:00:00Z", 85.0, 8.0, 30.0),
      Speed("2026-04-11T10:00:00Z", 80.0, 8.5, 31.0),
      Speed("2026-04-30T23:59:59Z", 75.0, 7.5, 29.0),
  };
}

TEST(Trends, GapMonthCountsOnTheIndexMatchingReferenceScript) {
  const TrendReport r = ComputeTrends(ReferenceMonths());
  ASSERT_EQ(r.monthly_stats.size(), 3u);
  EXPECT_EQ(r.monthly_stats[0].month, "2026-01");
  EXPECT_EQ(r.monthly_stats[1].month, "2026-03");
  EXPECT_EQ(r.monthly_stats[2].month, "2026-04");
  EXPECT_EQ(r.monthly_stats[2].sample_count, 3);
  EXPECT_DOUBLE_EQ(*r.monthly_stats[0].avg_download_mbps, 105.0);
  EXPECT_DOUBLE_EQ(*r.monthly_stats[2].avg_upload_mbps, 8.0);
  EXPECT_DOUBLE_EQ(*r.monthly_stats[1].avg_ping_ms, 25.0);
  EXPECT_EQ(r.months_available, 3);
  // x = 0, 2, 3 (February is a gap). Reference: -8.21428571428571, -1, 2.85714285714286.
  EXPECT_NEAR(*r.download_slope, -8.21428571428571, 1e-12);
  EXPECT_NEAR(*r.upload_slope, -1.0, 1e-12);
  EXPECT_NEAR(*r.ping_slope, 2.85714285714286, 1e-12);
  EXPECT_TRUE(r.degradation_detected);
  EXPECT_EQ(r.degraded_metrics,
            (std::vector<std::string>{"download_mbps", "upload_mbps", "ping_ms"}));
}

TEST(Trends, OneMonthHasNullSlopes) {
  const TrendReport r = ComputeTrends({Speed("2026-05-01T00:00:00Z", 100.0, 10.0, 20.0),
                                       Speed("2026-05-31T23:59:59Z", 50.0, 5.0, 90.0)});
  EXPECT_EQ(r.months_available, 1);
  ASSERT_EQ(r.monthly_stats.size(), 1u);
  EXPECT_DOUBLE_EQ(*r.monthly_stats[0].avg_download_mbps, 75.0);
  EXPECT_FALSE(r.download_slope);
  EXPECT_FALSE(r.upload_slope);
  EXPECT_FALSE(r.ping_slope);
  EXPECT_FALSE(r.degradation_detected);
  const TrendReport empty = ComputeTrends({});
  EXPECT_EQ(empty.months_available, 0);
  EXPECT_TRUE(empty.monthly_stats.empty());
}

TEST(Trends, ToleranceIsOnePercentOfTheMeanOnBothSides) {
  // Download means 100 then 99: slope -1, tolerance 1% of 99.5 = 0.995 → degrading.
  // 100 then 99.01: slope -0.99 > -0.99505 → within tolerance.
  auto two_months = [](double second_down, double second_ping) {
    return ComputeTrends({Speed("2026-01-15T00:00:00Z", 100.0, 10.0, 20.0),
                          Speed("2026-02-15T00:00:00Z", second_down, 10.0, second_ping)});
  };
  TrendReport r = two_months(99.0, 20.0);
  EXPECT_TRUE(r.degradation_detected);
  EXPECT_EQ(r.degraded_metrics, std::vector<std::string>{"download_mbps"});
  r = two_months(99.01, 20.0);
  EXPECT_NEAR(*r.download_slope, -0.99, 1e-9);
  EXPECT_FALSE(r.degradation_detected);
  EXPECT_EQ(*r.upload_slope, 0.0);
  // Ping means 20 then 20.21: slope 0.21 > 1% of 20.105 → degrading; 20.2 → 0.2 < 0.20105.
  r = two_months(100.0, 20.21);
  EXPECT_EQ(r.degraded_metrics, std::vector<std::string>{"ping_ms"});
  r = two_months(100.0, 20.2);
  EXPECT_FALSE(r.degradation_detected);
  // Improvements never degrade: faster download, lower ping.
  r = two_months(150.0, 10.0);
  EXPECT_FALSE(r.degradation_detected);
}

TEST(Trends, LeastSquaresSlope) {
  const std::pair<double, double> line[] = {{0, 1}, {1, 3}, {2, 5}};
  EXPECT_DOUBLE_EQ(*LeastSquaresSlope(line), 2.0);
  // Points (0,0), (1,2), (2,1): x̄ 1, ȳ 1, Sxy = 1, Sxx = 2 → 0.5.
  const std::pair<double, double> noisy[] = {{0, 0}, {1, 2}, {2, 1}};
  EXPECT_DOUBLE_EQ(*LeastSquaresSlope(noisy), 0.5);
  const std::pair<double, double> one[] = {{0, 1}};
  EXPECT_FALSE(LeastSquaresSlope(one));
  const std::pair<double, double> same_x[] = {{1, 1}, {1, 5}};
  EXPECT_FALSE(LeastSquaresSlope(same_x));
}

TEST(UtcCalendar, HoursMonthsAndLookback) {
  EXPECT_EQ(UtcHourOfDay(At("2026-03-01T23:59:59.999Z")), 23);
  EXPECT_EQ(UtcHourOfDay(At("2026-03-02T00:00:00Z")), 0);
  EXPECT_EQ(UtcHourOfDay(At("1969-12-31T22:30:00Z")), 22);
  EXPECT_EQ(MonthLabel(UtcMonthNumber(At("2026-12-31T23:59:59Z"))), "2026-12");
  EXPECT_EQ(UtcMonthNumber(At("2027-01-01T00:00:00Z")) - UtcMonthNumber(At("2026-12-31T00:00:00Z")),
            1);
  EXPECT_EQ(MonthsLookbackStart(At("2026-05-17T12:00:00Z"), 6), At("2025-12-01T00:00:00Z"));
  EXPECT_EQ(MonthsLookbackStart(At("2026-05-17T12:00:00Z"), 1), At("2026-05-01T00:00:00Z"));
  EXPECT_EQ(MonthsLookbackStart(At("2026-05-17T12:00:00Z"), 120), At("2016-06-01T00:00:00Z"));
}

// analysis_reference.py's PING_BUCKETS, consecutive hours.
std::vector<PingBucket> ReferenceBuckets() {
  const std::tuple<std::uint64_t, std::uint64_t, double> raw[] = {
      {60, 0, 600.0}, {60, 0, 612.0}, {60, 1, 590.0}, {60, 0, 606.0}, {60, 30, 2400.0}, {0, 0, 0}};
  std::vector<PingBucket> out;
  WallTime t = At("2026-02-01T00:00:00Z");
  for (const auto& [count, lost, sum] : raw) {
    out.push_back(PingBucket{t, count, lost, sum, std::nullopt, std::nullopt});
    t += std::chrono::hours(1);
  }
  return out;
}

TEST(PingAnalysis, BucketMetrics) {
  const auto b = ReferenceBuckets();
  EXPECT_DOUBLE_EQ(*AverageLatencyMs(b[2]), 10.0);  // 590 / 59
  EXPECT_NEAR(*LossPct(b[2]), 1.6666666666666667, 1e-12);
  EXPECT_DOUBLE_EQ(*AverageLatencyMs(b[4]), 80.0);
  EXPECT_DOUBLE_EQ(*LossPct(b[4]), 50.0);
  EXPECT_FALSE(AverageLatencyMs(b[5]));
  EXPECT_FALSE(LossPct(b[5]));
  EXPECT_FALSE(AverageLatencyMs(PingBucket{{}, 5, 5, 0, {}, {}}));  // all lost
  EXPECT_DOUBLE_EQ(*LossPct(PingBucket{{}, 5, 5, 0, {}, {}}), 100.0);
}

TEST(PingAnalysis, AnomaliesMatchReferenceScript) {
  // Reference (window 4, threshold 2): row 4 latency 80 vs mean 10.075, stdev
  // 0.0957427107756335, z 730.342805562133; loss 50 vs 0.416666666666667,
  // 0.833333333333333, z 59.5. Row 5 (empty bucket) has no metrics.
  const auto flags = PingAnomalies(ReferenceBuckets(), 3, AnomalyOptions{4, 2.0});
  ASSERT_EQ(flags.size(), 3u);
  EXPECT_TRUE(flags[0].empty());   // row 5
  ASSERT_EQ(flags[1].size(), 2u);  // row 4
  EXPECT_EQ(flags[1][0].metric, 0u);
  EXPECT_NEAR(flags[1][0].baseline_mean, 10.075, 1e-12);
  EXPECT_NEAR(flags[1][0].baseline_stdev, 0.0957427107756335, 1e-12);
  EXPECT_NEAR(flags[1][0].z_score, 730.342805562133, 1e-9);
  EXPECT_EQ(flags[1][1].metric, 1u);
  EXPECT_NEAR(flags[1][1].baseline_mean, 0.416666666666667, 1e-12);
  EXPECT_NEAR(flags[1][1].z_score, 59.5, 1e-9);
  EXPECT_TRUE(flags[2].empty());  // row 3: loss baseline {0, 0, 1.67}, z = -0.58
}

TEST(PingAnalysis, TimeOfDayIsProbeWeighted) {
  // Hour 5 on two days: (10 probes, 0 lost, sum 100, 8..14) and (30, 10 lost,
  // sum 400, 12..40) → avg (100 + 400) / (10 + 20) = 16.67, loss 10/40 = 25%,
  // min 8, max 40. Hour 6: all lost → no latency, 100% loss.
  const std::vector<PingBucket> buckets = {
      {At("2026-02-01T05:00:00Z"), 10, 0, 100.0, 8.0, 14.0},
      {At("2026-02-02T05:00:00Z"), 30, 10, 400.0, 12.0, 40.0},
      {At("2026-02-02T06:00:00Z"), 4, 4, 0.0, std::nullopt, std::nullopt},
      {At("2026-02-02T07:00:00Z"), 0, 0, 0.0, std::nullopt, std::nullopt},
  };
  const auto hours = PingTimeOfDay(buckets);
  ASSERT_EQ(hours.size(), 2u);  // hour 7 had no probes
  EXPECT_EQ(hours[0].hour, 5);
  EXPECT_EQ(hours[0].sample_count, 40u);
  EXPECT_EQ(hours[0].lost, 10u);
  EXPECT_DOUBLE_EQ(hours[0].loss_pct, 25.0);
  EXPECT_NEAR(*hours[0].avg_latency_ms, 500.0 / 30.0, kTol);
  EXPECT_EQ(*hours[0].min_latency_ms, 8.0);
  EXPECT_EQ(*hours[0].max_latency_ms, 40.0);
  EXPECT_EQ(hours[1].hour, 6);
  EXPECT_DOUBLE_EQ(hours[1].loss_pct, 100.0);
  EXPECT_FALSE(hours[1].avg_latency_ms);
  EXPECT_FALSE(hours[1].min_latency_ms);
}

}  // namespace
}  // namespace ww
