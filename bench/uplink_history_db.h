#pragma once
// The database behind bench/uplink_history_bench.cpp: 90 days of 1-second
// probing of 3 uplinks, each with 3 ICMP targets and a gateway (12 targets),
// as the daemon's store would hold it at `now`:
//   uplink_minutes  3 x 129,600 rows (every minute of the 90 days)
//   rollup_1m/5m/1h 90 days of every target (1.56 M + 311 k + 26 k rows)
//   samples         the raw retention (7 days): 7.26 M rows
// Written with direct SQL in one transaction (prepared inserts in primary-key
// order), in a directory that is kept between runs: generating takes a minute,
// a marker row says whether the file there is complete and of this version.
//
// Thread safety: none; call from one thread before benchmarking.

#include <filesystem>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace ww::bench {

struct HistoryDbShape {
  WallTime now{};  // the data ends at the minute before this
  std::vector<std::string> uplinks;
  int targets_per_uplink = 3;  // ICMP, plus one gateway each
  std::chrono::hours span{24 * 90};
  std::chrono::hours raw_retention{24 * 7};
};

// Makes sure `dir`/wanwatch.db holds `shape`'s data (generating it if the
// marker is missing). Returns whether it had to generate.
Result<bool> EnsureHistoryDb(const std::filesystem::path& dir, const HistoryDbShape& shape);

}  // namespace ww::bench
