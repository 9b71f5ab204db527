#pragma once
// Rolling-baseline z-score anomalies (SEMANTICS.md §3 "Anomalies"), for speed
// test results and for ping rollup buckets alike: a series of observations,
// each with a value per metric (or none: not measured), oldest first.
//
// For each observation evaluated, the baseline is the up to `window`
// observations right before it. Per metric, over the baseline values that
// exist: fewer than 3 → the metric is not judged; all equal (sample standard
// deviation 0) → not judged; else z = (value - mean) / stdev with the sample
// standard deviation (n - 1), and the metric is flagged when |z| > threshold
// (strictly: |z| == threshold is not an anomaly). z keeps its sign: a slow
// download is negative, a slow ping positive.
//
// Worked example (window 3, threshold 2.5): downloads 100, 110, 90, 40.
// The 4th's baseline is {100, 110, 90}: mean 100, stdev 10, z = (40-100)/10 =
// -6 → flagged. The 3rd (baseline {100, 110}, two values) is not judged.
//
// Thread safety: pure functions.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace ww {

struct AnomalyOptions {
  std::size_t window = 20;  // baseline size (the API allows 3..200)
  double threshold = 2.5;   // |z| must exceed it (the API allows 0.5..10)
};

struct BaselineStats {
  double mean = 0;
  double stdev = 0;  // sample standard deviation (n - 1)
};

struct AnomalyFlag {
  std::size_t metric = 0;  // index into the observation's values
  double value = 0;
  double baseline_mean = 0;
  double baseline_stdev = 0;
  double z_score = 0;  // signed, unrounded
};

// One observation: values[m] is metric m, nullopt when not measured.
using MetricValues = std::vector<std::optional<double>>;

// Mean and sample stdev of `values`; nullopt when fewer than 3 values or all
// equal (the stdev-0 case, decided exactly so rounding noise never turns a
// flat baseline into a huge z).
std::optional<BaselineStats> ComputeBaseline(std::span<const double> values);

// The flags of observations [first, series.size()), in that order (one entry
// per observation, empty when none of its metrics is anomalous). Earlier
// observations serve only as baseline.
std::vector<std::vector<AnomalyFlag>> ScoreAnomalies(const std::vector<MetricValues>& series,
                                                     std::size_t first,
                                                     const AnomalyOptions& options);

}  // namespace ww
