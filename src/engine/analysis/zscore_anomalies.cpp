#include "engine/analysis/zscore_anomalies.h"

#include <algorithm>
#include <cmath>

namespace ww {
namespace {

constexpr std::size_t kMinBaseline = 3;

}  // namespace

std::optional<BaselineStats> ComputeBaseline(std::span<const double> values) {
  if (values.size() < kMinBaseline) return std::nullopt;
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  if (*lo == *hi) return std::nullopt;
  double sum = 0;
  for (double v : values) sum += v;
  const double mean = sum / static_cast<double>(values.size());
  // Two passes: the deviations from the mean, not sum of squares minus
  // square of sums, which loses digits on large, close values (Mbit/s).
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  const double stdev = std::sqrt(squares / static_cast<double>(values.size() - 1));
  if (!(stdev > 0) || !std::isfinite(stdev)) return std::nullopt;
  return BaselineStats{mean, stdev};
}

std::vector<std::vector<AnomalyFlag>> ScoreAnomalies(const std::vector<MetricValues>& series,
                                                     std::size_t first,
                                                     const AnomalyOptions& options) {
  std::vector<std::vector<AnomalyFlag>> out;
  if (first >= series.size()) return out;
  out.resize(series.size() - first);
  std::vector<double> baseline;
  for (std::size_t i = first; i < series.size(); ++i) {
    const MetricValues& current = series[i];
    const std::size_t from = i > options.window ? i - options.window : 0;
    for (std::size_t m = 0; m < current.size(); ++m) {
      if (!current[m] || !std::isfinite(*current[m])) continue;
      baseline.clear();
      for (std::size_t j = from; j < i; ++j) {
        if (m < series[j].size() && series[j][m] && std::isfinite(*series[j][m])) {
          baseline.push_back(*series[j][m]);
        }
      }
      const std::optional<BaselineStats> stats = ComputeBaseline(baseline);
      if (!stats) continue;
      const double z = (*current[m] - stats->mean) / stats->stdev;
      if (std::abs(z) > options.threshold) {
        out[i - first].push_back(AnomalyFlag{m, *current[m], stats->mean, stats->stdev, z});
      }
    }
  }
  return out;
}

}  // namespace ww
