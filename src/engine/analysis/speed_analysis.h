#pragma once
// Hermes's analysis of speed test results (SEMANTICS.md §3): z-score
// anomalies per result and averages by hour of day. Only successful results
// come in (a failed test has no figures); a figure a successful test did not
// measure is nullopt and left out of that metric's numbers.
//
// Numbers are exact here; the API rounds them when it writes JSON.
//
// Thread safety: pure functions.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "engine/analysis/zscore_anomalies.h"

namespace ww {

// The figures of one successful speed test.
struct SpeedSample {
  WallTime timestamp{};
  std::optional<double> download_mbps, upload_mbps, ping_ms;
};

// The metrics z-scored, in this order (AnomalyFlag::metric indexes it).
inline constexpr std::array<const char*, 3> kSpeedMetricNames = {"download_mbps", "upload_mbps",
                                                                 "ping_ms"};

// The flags of the newest `count` samples of `oldest_first` (all samples
// before them serve as baseline only), newest first.
std::vector<std::vector<AnomalyFlag>> SpeedAnomalies(const std::vector<SpeedSample>& oldest_first,
                                                     std::size_t count,
                                                     const AnomalyOptions& options);

struct SpeedHourStats {
  int hour = 0;                   // UTC, 0..23
  std::int64_t sample_count = 0;  // results in the hour
  // Means over the results that have the figure; nullopt when none has.
  std::optional<double> avg_download_mbps, avg_upload_mbps, avg_ping_ms;
  std::optional<double> min_download_mbps, max_download_mbps;
};

// Grouped by the UTC hour of each result's start; only hours with results,
// ascending.
std::vector<SpeedHourStats> SpeedTimeOfDay(const std::vector<SpeedSample>& samples);

}  // namespace ww
