#pragma once
// The isp-status history of one uplink: its per-minute states (the worst state
// seen in each minute) rolled up into 5-minute buckets aligned to UTC, padded
// so every bucket of the range is present, and a summary (SEMANTICS.md §2).
// Minutes with no data are missing, never down: a daemon that was stopped is
// not an outage.
//
// Thread safety: pure function.

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/uplink_decision.h"

namespace ww {

inline constexpr std::int64_t kUplinkBucketMs = 300'000;
inline constexpr std::int64_t kMinuteMs = 60'000;

struct UplinkMinute {
  std::int64_t start_ms = 0;  // minute start, Unix ms (a multiple of 60,000)
  UplinkState state = UplinkState::kDown;
  std::uint32_t samples = 0;  // ICMP probes in the minute
  std::uint32_t lost = 0;
  double sum_ms = 0;  // over the answered probes
  std::optional<double> min_ms;
  std::optional<double> max_ms;
};

struct UplinkBucket {
  std::int64_t start_ms = 0;
  std::optional<UplinkState> state;  // worst minute; nullopt = no data
  int up_minutes = 0;
  int degraded_minutes = 0;
  int down_minutes = 0;
  int missing_minutes = 0;
  std::uint32_t samples = 0;
  std::uint32_t lost = 0;
  std::optional<double> avg_ms;
  std::optional<double> min_ms;
  std::optional<double> max_ms;
  std::optional<double> loss_pct;  // nullopt when no probe was sent
};

struct UplinkHistorySummary {
  int up_minutes = 0;
  int degraded_minutes = 0;
  int down_minutes = 0;
  int missing_minutes = 0;
  std::optional<double> availability_pct;  // (up + degraded) / recorded
  std::optional<double> strict_up_pct;     // up / recorded
  double coverage_pct = 0;                 // recorded / minutes in the range
  int outage_count = 0;                    // runs of consecutive DOWN minutes
  int longest_outage_minutes = 0;
  std::optional<double> avg_ms;
  std::optional<double> loss_pct;
};

struct UplinkHistory {
  std::vector<UplinkBucket> buckets;  // oldest first
  UplinkHistorySummary summary;
};

// Buckets from `from_ms` aligned down to 5 minutes up to the last bucket that
// has closed at `now_ms`. `minutes` may be in any order; minutes outside the
// grid are ignored, a duplicated minute keeps its worst state.
UplinkHistory BuildUplinkHistory(const std::vector<UplinkMinute>& minutes, std::int64_t from_ms,
                                 std::int64_t now_ms);

}  // namespace ww
