#pragma once
// The arithmetic of /api/status and /api/targets, each formula in one place
// (SEMANTICS.md §1). Pure functions; no state, no clock.

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ww {

// Linear interpolation between closest ranks (numpy's default, Excel's
// PERCENTILE.INC): p in [0, 100]. Reorders `values`. Empty -> nullopt.
std::optional<double> Percentile(std::vector<double>& values, double p);

// Mean absolute difference of consecutive values (RFC 3550's jitter without
// its 1/16 smoothing, as Cloudflare's speed test reports it). < 2 values -> nullopt.
std::optional<double> MeanAbsoluteDifference(std::span<const double> values);

// health_score = 100 - 3*loss% - latency penalty - jitter penalty, rounded,
// clamped to 0..100. Penalties: avg > 100 ms: 20, > 50: 10, > 30: 5;
// jitter > 30 ms: 15, > 15: 8, > 5: 3. Missing latency/jitter: no penalty.
int HealthScore(double loss_pct, std::optional<double> avg_ms, std::optional<double> jitter_ms);
int LatencyPenalty(std::optional<double> avg_ms);
int JitterPenalty(std::optional<double> jitter_ms);

// >= 90 A+, >= 80 A, >= 70 B, >= 60 C, >= 50 D, else F.
std::string HealthGrade(int score);

struct Trend {
  std::string trend;  // improving / stable / degrading (the seed's words)
  std::string label;  // the original's finer label: + rising / falling / collecting
  std::optional<double> change_pct;
};

// `recent` holds the mean RTT of the latest rounds that had a success, oldest
// first (the engine passes up to 30). Second half's mean vs the first's:
// > +20% degrading, < -20% improving; labels rising/falling beyond ±8%;
// fewer than 10 values: stable, "collecting".
Trend ComputeTrend(std::span<const double> recent);

}  // namespace ww
