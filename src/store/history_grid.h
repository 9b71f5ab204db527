#pragma once
// Pure arithmetic behind History and Heatmap: which table answers a step, the
// grid of points, the local hour of an hourly bucket.
//
// Grid: points start at `from` rounded down to a multiple of the step (Unix
// epoch aligned, so 60 s points match 1-minute buckets) and continue while
// before `to`. Source: step < 60 s raw samples; < 300 s 1-minute rollups;
// < 3600 s 5-minute; else hourly. A step below 1 s is taken as 1 s. A range
// that would need more than kMaxHistoryPoints points gets a coarser step of
// whole seconds (the series reports the step it used; alignment may add one point).
//
// Thread safety: pure functions.

#include <chrono>
#include <cstdint>

#include "core/clock.h"

namespace ww {

inline constexpr std::int64_t kMaxHistoryPoints = 100'000;
inline constexpr int kRawSource = -1;

struct HistoryGrid {
  std::int64_t from_ms = 0;  // first point
  std::int64_t to_ms = 0;    // exclusive end of the data read
  std::int64_t step_ms = 1000;
  std::int64_t points = 0;
  int source = kRawSource;  // kRawSource or an index into kRollupLevels
};

HistoryGrid PlanHistory(WallTime from, WallTime to, std::chrono::seconds step);

// Hour of day 0..23 of a UTC time in a zone utc_offset_minutes east of UTC.
int LocalHourOfDay(std::int64_t utc_ms, int utc_offset_minutes);

}  // namespace ww
