#include "engine/stats_math.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ww {

std::optional<double> Percentile(std::vector<double>& values, double p) {
  if (values.empty()) return std::nullopt;
  p = std::clamp(p, 0.0, 100.0);
  const double rank = p / 100.0 * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(rank));
  const auto hi = static_cast<std::size_t>(std::ceil(rank));
  std::nth_element(values.begin(), values.begin() + static_cast<long>(lo), values.end());
  const double lo_value = values[lo];
  if (hi == lo) return lo_value;
  // The next order statistic is the minimum of the part above lo.
  const double hi_value =
      *std::min_element(values.begin() + static_cast<long>(lo) + 1, values.end());
  return lo_value + (hi_value - lo_value) * (rank - static_cast<double>(lo));
}

std::optional<double> MeanAbsoluteDifference(std::span<const double> values) {
  if (values.size() < 2) return std::nullopt;
  double sum = 0;
  for (std::size_t i = 1; i < values.size(); ++i) sum += std::fabs(values[i] - values[i - 1]);
  return sum / static_cast<double>(values.size() - 1);
}

int LatencyPenalty(std::optional<double> avg_ms) {
  if (!avg_ms) return 0;
  if (*avg_ms > 100) return 20;
  if (*avg_ms > 50) return 10;
  if (*avg_ms > 30) return 5;
  return 0;
}

int JitterPenalty(std::optional<double> jitter_ms) {
  if (!jitter_ms) return 0;
  if (*jitter_ms > 30) return 15;
  if (*jitter_ms > 15) return 8;
  if (*jitter_ms > 5) return 3;
  return 0;
}

int HealthScore(double loss_pct, std::optional<double> avg_ms, std::optional<double> jitter_ms) {
  const double raw = 100.0 - 3.0 * loss_pct - LatencyPenalty(avg_ms) - JitterPenalty(jitter_ms);
  return static_cast<int>(std::clamp(std::round(raw), 0.0, 100.0));
}

std::string HealthGrade(int score) {
  if (score >= 90) return "A+";
  if (score >= 80) return "A";
  if (score >= 70) return "B";
  if (score >= 60) return "C";
  if (score >= 50) return "D";
  return "F";
}

Trend ComputeTrend(std::span<const double> recent) {
  constexpr std::size_t kMinValues = 10;
  if (recent.size() < kMinValues) return {"stable", "collecting", std::nullopt};
  const std::size_t half = recent.size() / 2;
  const auto first = recent.subspan(0, half);
  const auto second = recent.subspan(half);
  const double m1 =
      std::accumulate(first.begin(), first.end(), 0.0) / static_cast<double>(first.size());
  const double m2 =
      std::accumulate(second.begin(), second.end(), 0.0) / static_cast<double>(second.size());
  if (m1 <= 0) return {"stable", "stable", std::nullopt};
  const double change = (m2 - m1) / m1 * 100.0;
  // Thresholds are strict (> 20%, > 8%); the epsilon keeps binary rounding
  // (10 -> 10.8 computes as 8.000000000000007%) on the side a person expects.
  constexpr double kEps = 1e-9;
  if (change > 20 + kEps) return {"degrading", "degrading", change};
  if (change < -20 - kEps) return {"improving", "improving", change};
  if (change > 8 + kEps) return {"stable", "rising", change};
  if (change < -8 - kEps) return {"stable", "falling", change};
  return {"stable", "stable", change};
}

}  // namespace ww
