#pragma once
// BuildUplinkHistory over a long range without holding the range in memory:
// the uplink's minutes are read and built one UTC day (288 buckets) at a
// time, each bucket handed to the caller as soon as it is built, and the
// summary carried across the days. 90 days at once held ~24 MB for the
// length of a request (the minutes, the engine's minute slots, the buckets);
// a day is ~0.2 MB, reused from one day to the next.
//
// The result equals BuildUplinkHistory(all minutes, from, now) bucket for
// bucket and in the summary (a test compares them); it relies on the Store's
// contract that UplinkMinutes returns at most one record per minute, oldest
// first.
//
// Thread safety: reads the store (safe from any thread); no state.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "core/clock.h"
#include "engine/uplink_history.h"
#include "store/store.h"

namespace ww {

struct UplinkHistoryTotals {
  std::int64_t from_ms = 0;  // first bucket's start: (now - span) aligned down to 300 s
  std::int64_t to_ms = 0;    // end of the last closed bucket: now aligned down to 300 s
  std::size_t buckets = 0;
  UplinkHistorySummary summary;
};

// The grid of a range at `now`: from_ms and to_ms as in UplinkHistoryTotals.
struct UplinkHistoryGrid {
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;
};
UplinkHistoryGrid HistoryGridAt(std::chrono::seconds span, WallTime now);

UplinkHistoryTotals StreamUplinkHistory(const Store& store, const std::string& key,
                                        std::chrono::seconds span, WallTime now,
                                        const std::function<void(const UplinkBucket&)>& on_bucket);

}  // namespace ww
