#pragma once
// The speed test analysis carried over to the probe data: per target, the
// rollup buckets (1-hour or 5-minute: count, lost, latency sum/min/max over
// the answered probes) become two metrics, average latency and loss %, which
// are z-scored like speed test figures (zscore_anomalies.h) and grouped by
// UTC hour of day.
//
// A bucket where nothing answered has no latency (nullopt) but 100% loss.
// Loss is often 0 in every baseline bucket: its stdev is then 0 and the
// metric is not judged (the z-score rule), so a first burst of loss after a
// clean day is not flagged by this test; the drop log reports those.
//
// Thread safety: pure functions.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "engine/analysis/zscore_anomalies.h"

namespace ww {

// One rollup bucket of one target.
struct PingBucket {
  WallTime start{};
  std::uint64_t count = 0;  // probes
  std::uint64_t lost = 0;   // probes without an answer
  double sum_ms = 0;        // over answered probes, as are min and max
  std::optional<double> min_ms, max_ms;
};

// The metrics z-scored, in this order (AnomalyFlag::metric indexes it).
inline constexpr std::array<const char*, 2> kPingMetricNames = {"avg_latency_ms", "loss_pct"};

// sum / answered probes; nullopt when none answered.
std::optional<double> AverageLatencyMs(const PingBucket& bucket);
// lost / count × 100; nullopt for an empty bucket.
std::optional<double> LossPct(const PingBucket& bucket);

// The flags of the newest `count` buckets of `oldest_first`, newest first
// (earlier buckets serve as baseline only).
std::vector<std::vector<AnomalyFlag>> PingAnomalies(const std::vector<PingBucket>& oldest_first,
                                                    std::size_t count,
                                                    const AnomalyOptions& options);

struct PingHourStats {
  int hour = 0;                    // UTC, 0..23
  std::uint64_t sample_count = 0;  // probes
  std::uint64_t lost = 0;
  double loss_pct = 0;
  // Probe-weighted mean over the answered probes (the sum of sums over the
  // sum of answered counts, not a mean of bucket means); min and max of the
  // buckets' min and max. nullopt when nothing answered in that hour.
  std::optional<double> avg_latency_ms, min_latency_ms, max_latency_ms;
};

// Grouped by the UTC hour of each bucket's start (a 1-hour bucket lies in
// one hour); only hours with probes, ascending.
std::vector<PingHourStats> PingTimeOfDay(const std::vector<PingBucket>& buckets);

}  // namespace ww
