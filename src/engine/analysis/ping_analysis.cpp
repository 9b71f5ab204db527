#include "engine/analysis/ping_analysis.h"

#include <algorithm>
#include <array>

#include "engine/analysis/utc_calendar.h"

namespace ww {

std::optional<double> AverageLatencyMs(const PingBucket& b) {
  if (b.lost >= b.count) return std::nullopt;
  return b.sum_ms / static_cast<double>(b.count - b.lost);
}

std::optional<double> LossPct(const PingBucket& b) {
  if (b.count == 0) return std::nullopt;
  return 100.0 * static_cast<double>(std::min(b.lost, b.count)) / static_cast<double>(b.count);
}

std::vector<std::vector<AnomalyFlag>> PingAnomalies(const std::vector<PingBucket>& oldest_first,
                                                    std::size_t count,
                                                    const AnomalyOptions& options) {
  std::vector<MetricValues> series;
  series.reserve(oldest_first.size());
  for (const PingBucket& b : oldest_first) series.push_back({AverageLatencyMs(b), LossPct(b)});
  const std::size_t first = oldest_first.size() - std::min(count, oldest_first.size());
  std::vector<std::vector<AnomalyFlag>> flags = ScoreAnomalies(series, first, options);
  std::reverse(flags.begin(), flags.end());
  return flags;
}

std::vector<PingHourStats> PingTimeOfDay(const std::vector<PingBucket>& buckets) {
  struct Hour {
    std::uint64_t count = 0, lost = 0;
    double sum_ms = 0;
    std::optional<double> min_ms, max_ms;
  };
  std::array<Hour, 24> hours{};
  for (const PingBucket& b : buckets) {
    Hour& h = hours[static_cast<std::size_t>(UtcHourOfDay(b.start))];
    h.count += b.count;
    h.lost += std::min(b.lost, b.count);
    if (b.lost < b.count) h.sum_ms += b.sum_ms;
    if (b.min_ms) h.min_ms = h.min_ms ? std::min(*h.min_ms, *b.min_ms) : *b.min_ms;
    if (b.max_ms) h.max_ms = h.max_ms ? std::max(*h.max_ms, *b.max_ms) : *b.max_ms;
  }
  std::vector<PingHourStats> out;
  for (int hour = 0; hour < 24; ++hour) {
    const Hour& h = hours[static_cast<std::size_t>(hour)];
    if (h.count == 0) continue;
    PingHourStats s;
    s.hour = hour;
    s.sample_count = h.count;
    s.lost = h.lost;
    s.loss_pct = 100.0 * static_cast<double>(h.lost) / static_cast<double>(h.count);
    const std::uint64_t answered = h.count - h.lost;
    if (answered > 0) {
      s.avg_latency_ms = h.sum_ms / static_cast<double>(answered);
      s.min_latency_ms = h.min_ms;
      s.max_latency_ms = h.max_ms;
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace ww
