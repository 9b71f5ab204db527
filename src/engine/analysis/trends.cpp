#include "engine/analysis/trends.h"

#include <cmath>
#include <map>

#include "engine/analysis/utc_calendar.h"
#include "engine/analysis/value_summary.h"

namespace ww {
namespace {

struct MetricTrend {
  std::optional<double> slope;
  std::optional<double> mean_of_means;
};

// Slope of one metric's monthly means over the month index (months since the
// first month with any result).
MetricTrend TrendOf(const std::vector<MonthStats>& months,
                    std::optional<double> MonthStats::*metric) {
  std::vector<std::pair<double, double>> points;
  ValueSummary means;
  for (const MonthStats& m : months) {
    if (!(m.*metric)) continue;
    points.emplace_back(static_cast<double>(m.month_number - months.front().month_number),
                        *(m.*metric));
    means.Add(m.*metric);
  }
  return MetricTrend{LeastSquaresSlope(points), means.Mean()};
}

// sign -1: degrading when the slope falls below -tolerance; +1: above +tolerance.
bool Degrades(const MetricTrend& t, int sign, double tolerance_fraction) {
  if (!t.slope || !t.mean_of_means) return false;
  const double tolerance = tolerance_fraction * std::abs(*t.mean_of_means);
  return sign < 0 ? *t.slope < -tolerance : *t.slope > tolerance;
}

}  // namespace

std::optional<double> LeastSquaresSlope(std::span<const std::pair<double, double>> points) {
  if (points.size() < 2) return std::nullopt;
  double mean_x = 0, mean_y = 0;
  for (const auto& [x, y] : points) {
    mean_x += x;
    mean_y += y;
  }
  mean_x /= static_cast<double>(points.size());
  mean_y /= static_cast<double>(points.size());
  double sxy = 0, sxx = 0;
  for (const auto& [x, y] : points) {
    sxy += (x - mean_x) * (y - mean_y);
    sxx += (x - mean_x) * (x - mean_x);
  }
  if (sxx == 0) return std::nullopt;
  return sxy / sxx;
}

TrendReport ComputeTrends(const std::vector<SpeedSample>& samples, double tolerance_fraction) {
  struct Month {
    std::int64_t results = 0;
    ValueSummary download, upload, ping;
  };
  std::map<std::int64_t, Month> by_month;
  for (const SpeedSample& s : samples) {
    Month& m = by_month[UtcMonthNumber(s.timestamp)];
    ++m.results;
    m.download.Add(s.download_mbps);
    m.upload.Add(s.upload_mbps);
    m.ping.Add(s.ping_ms);
  }
  TrendReport report;
  for (const auto& [number, m] : by_month) {
    report.monthly_stats.push_back(MonthStats{number, MonthLabel(number), m.results,
                                              m.download.Mean(), m.upload.Mean(), m.ping.Mean()});
  }
  report.months_available = static_cast<int>(report.monthly_stats.size());
  if (report.monthly_stats.size() < 2) return report;  // slopes null (SEMANTICS §3)

  const MetricTrend download = TrendOf(report.monthly_stats, &MonthStats::avg_download_mbps);
  const MetricTrend upload = TrendOf(report.monthly_stats, &MonthStats::avg_upload_mbps);
  const MetricTrend ping = TrendOf(report.monthly_stats, &MonthStats::avg_ping_ms);
  report.download_slope = download.slope;
  report.upload_slope = upload.slope;
  report.ping_slope = ping.slope;
  if (Degrades(download, -1, tolerance_fraction))
    report.degraded_metrics.push_back("download_mbps");
  if (Degrades(upload, -1, tolerance_fraction)) report.degraded_metrics.push_back("upload_mbps");
  if (Degrades(ping, +1, tolerance_fraction)) report.degraded_metrics.push_back("ping_ms");
  report.degradation_detected = !report.degraded_metrics.empty();
  return report;
}

}  // namespace ww
