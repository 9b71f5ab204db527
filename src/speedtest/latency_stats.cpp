#include "speedtest/latency_stats.h"

#include <algorithm>
#include <cmath>

namespace ww {

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + mid, v.end());
  if (v.size() % 2 == 1) return v[mid];
  const double upper = v[mid];
  const double lower = *std::max_element(v.begin(), v.begin() + mid);
  return (lower + upper) / 2;
}

LatencySummary SummarizeLatency(const std::vector<std::optional<double>>& rtts) {
  LatencySummary s;
  s.sent = static_cast<int>(rtts.size());
  std::vector<double> answered;
  for (const auto& r : rtts) {
    if (r) answered.push_back(*r);
  }
  s.answered = static_cast<int>(answered.size());
  if (s.sent > 0) s.loss_pct = 100.0 * (s.sent - s.answered) / s.sent;
  if (!answered.empty()) s.median_ms = Median(answered);
  if (answered.size() >= 2) {
    double sum = 0;
    for (std::size_t i = 1; i < answered.size(); ++i)
      sum += std::fabs(answered[i] - answered[i - 1]);
    s.jitter_ms = sum / static_cast<double>(answered.size() - 1);
  }
  return s;
}

}  // namespace ww
