// The pure parts of report_data.h: ranges, steps, distribution buckets,
// high-latency runs and hour-of-day means.

#include <cmath>

#include "export/report_data.h"

namespace ww {
namespace {

// Share of a stored bucket [lo, hi) that falls in [a, b): geometric inside the
// bucket (linear in the first one, which starts at 0); the overflow bucket
// (hi == lo) belongs wholly to the range holding lo.
double Overlap(double lo, double hi, double a, double b) {
  if (hi <= lo) return lo >= a && lo < b ? 1.0 : 0.0;
  const double x0 = std::max(lo, a), x1 = std::min(hi, b);
  if (x1 <= x0) return 0.0;
  if (lo <= 0) return (x1 - x0) / (hi - lo);
  return std::log(x1 / x0) / std::log(hi / lo);
}

}  // namespace

Result<std::chrono::hours> ParseReportRange(std::string_view text) {
  if (text == "24h") return std::chrono::hours(24);
  if (text == "7d") return std::chrono::hours(24 * 7);
  if (text == "30d") return std::chrono::hours(24 * 30);
  return Result<std::chrono::hours>::Error("--range: must be 24h, 7d or 30d, got \"" +
                                           std::string(text) + "\"");
}

std::chrono::seconds ReportChartStep(std::chrono::seconds span) {
  constexpr std::int64_t kSteps[] = {60,   120,  300,   600,   900,   1800,
                                     3600, 7200, 10800, 21600, 43200, 86400};
  constexpr std::int64_t kMaxPoints = 720;
  for (std::int64_t step : kSteps) {
    if (span.count() <= step * kMaxPoints) return std::chrono::seconds(step);
  }
  return std::chrono::seconds(kSteps[std::size(kSteps) - 1]);
}

std::chrono::seconds ReportEventStep(std::chrono::seconds span) {
  return span <= std::chrono::hours(48) ? std::chrono::seconds(60) : std::chrono::seconds(300);
}

std::array<double, 6> ReportDistribution(const LatencyHistogram& histogram) {
  std::array<double, 6> out{};
  const auto& counts = histogram.counts();
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    const double lo = LatencyHistogram::LowerEdge(i), hi = LatencyHistogram::UpperEdge(i);
    double a = 0;
    for (std::size_t k = 0; k < out.size(); ++k) {
      const double b = k < kReportBucketEdgesMs.size() ? kReportBucketEdgesMs[k] : INFINITY;
      out[k] += static_cast<double>(counts[i]) * Overlap(lo, hi, a, b);
      a = b;
    }
  }
  return out;
}

std::vector<LatencyEvent> FindHighLatencyEvents(const HistorySeries& series, double threshold_ms) {
  std::vector<LatencyEvent> out;
  std::optional<LatencyEvent> open;
  double sum = 0;
  int n = 0;
  auto close = [&] {
    if (!open) return;
    open->avg_ms = sum / n;
    out.push_back(*open);
    open.reset();
  };
  for (std::size_t i = 0; i < series.times.size() && i < series.latency.size(); ++i) {
    const auto& v = series.latency[i];
    if (!v || *v <= threshold_ms) {
      close();
      continue;
    }
    if (!open) {
      open = LatencyEvent{series.times[i], series.times[i], 0, 0};
      sum = 0;
      n = 0;
    }
    open->end = series.times[i] + series.step;
    open->peak_ms = std::max(open->peak_ms, *v);
    sum += *v;
    ++n;
  }
  close();
  return out;
}

std::array<std::optional<double>, 24> HourOfDayMeans(const HistorySeries& hourly,
                                                     const LocalZone& zone) {
  std::array<double, 24> sum{};
  std::array<int, 24> n{};
  for (std::size_t i = 0; i < hourly.times.size() && i < hourly.latency.size(); ++i) {
    if (!hourly.latency[i]) continue;
    const WallTime t = hourly.times[i];
    const auto local = std::chrono::floor<std::chrono::hours>(t + zone.UtcOffsetAt(t));
    const auto hour = ((local.time_since_epoch().count() % 24) + 24) % 24;
    sum[hour] += *hourly.latency[i];
    ++n[hour];
  }
  std::array<std::optional<double>, 24> out{};
  for (int h = 0; h < 24; ++h) {
    if (n[h] > 0) out[h] = sum[h] / n[h];
  }
  return out;
}

}  // namespace ww
