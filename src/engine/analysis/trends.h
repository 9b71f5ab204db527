#pragma once
// Month-over-month trend of speed test results (SEMANTICS.md §3 "Trends"):
// per UTC calendar month the count and the mean download, upload and ping;
// then, per metric, the least-squares slope of the monthly means over the
// month index, in Mbit/s (or ms) per calendar month.
//
// The month index counts calendar months since the first month with data, so
// a month without results is a gap on the x axis, not skipped: means of 100
// in January and 80 in March give a slope of -10 per month, not -20.
//
// Degradation: a download or upload slope below -tolerance, or a ping slope
// above +tolerance, where tolerance = tolerance_fraction × the mean of that
// metric's monthly means (1% by default: a 300 Mbit/s line must lose more than
// 3 Mbit/s a month). A flat series with noise thus does not count, while a
// steady decline does. A metric with fewer than 2 months has no slope (null)
// and never degrades.
//
// Thread safety: pure functions.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/analysis/speed_analysis.h"

namespace ww {

inline constexpr double kDefaultTrendTolerance = 0.01;

struct MonthStats {
  std::int64_t month_number = 0;  // utc_calendar.h: year * 12 + month - 1
  std::string month;              // "YYYY-MM"
  std::int64_t sample_count = 0;
  std::optional<double> avg_download_mbps, avg_upload_mbps, avg_ping_ms;
};

struct TrendReport {
  std::vector<MonthStats> monthly_stats;  // ascending; only months with results
  std::optional<double> download_slope, upload_slope, ping_slope;
  bool degradation_detected = false;
  std::vector<std::string> degraded_metrics;  // "download_mbps", "upload_mbps", "ping_ms"
  int months_available = 0;                   // months with results
};

// Least-squares slope of y over x; nullopt with fewer than 2 points or when
// every x is the same.
std::optional<double> LeastSquaresSlope(std::span<const std::pair<double, double>> points);

TrendReport ComputeTrends(const std::vector<SpeedSample>& samples,
                          double tolerance_fraction = kDefaultTrendTolerance);

}  // namespace ww
