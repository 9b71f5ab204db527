#pragma once
// The checks of GET /api/health (isp-status §5 "Monitoring Integrity"), one
// pure function each: figures in, {ok, figures...} and the problems found
// out. The handler (health_handler.cpp) gathers the figures; these decide.
// Every threshold is a named constant below and is also reported in the
// check's JSON, so a reader of the response sees what it was judged against.
//
//   history_freshness  newest stored uplink minute (its start) at most 120 s old.
//                      The engine stores the minute in progress every 15 s, so a
//                      healthy daemon shows 0-80 s. While the daemon has run less
//                      than 180 s and has stored no minute of its own yet (none,
//                      or only minutes from before it started), ok with detail
//                      "starting...".
//   history_gaps       per uplink, the largest run of consecutive minutes with no
//                      record, from its first stored minute of the last 24 h up to
//                      the minute before the current one (those two may still be
//                      in flight; freshness covers them); not ok at >= 5 minutes.
//                      A daemon stopped for 5+ minutes therefore shows here for
//                      24 h: the history has a hole an SLA report will show.
//   sqlite             open, writable (the last commit succeeded), quick_check not
//                      failed, and write_errors / queue_dropped did not grow in the
//                      last 10 minutes (CounterWatch).
//   disk               free space of the data dir's file system: not ok below 5 %
//                      or below 200 MiB (either).
//   memory             MemAvailable: not ok below 5 % of MemTotal.
//   process            VmRSS: not ok above 512 MiB (the daemon needs ~20 MiB; more
//                      than 512 is a leak).
//   permissions        data dir: not ok when this process cannot write it or when
//                      it is world-writable (others could replace the database).
//   scheduler          the probe loop runs and dispatched a probe within
//                      max(10 s, 3 x the shortest target interval); before the
//                      first round: within that long of the start.
//   components         each part's own ok, and not ok while its failure counter grew
//                      in the last 10 minutes (CounterWatch).
// A check whose figures cannot be read (a missing data dir, no /proc) is not ok
// and says why in `error`.
//
// Thread safety: pure functions.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/api_context.h"
#include "api/json_format.h"
#include "api/system_stats.h"
#include "core/result.h"
#include "engine/uplink_history.h"
#include "store/store.h"

namespace ww {

inline constexpr std::chrono::seconds kHealthFreshnessLimit{120};
inline constexpr std::chrono::seconds kHealthStartupGrace{180};
inline constexpr int kHealthGapLimitMinutes = 5;
inline constexpr std::chrono::hours kHealthGapWindow{24};
inline constexpr std::chrono::seconds kHealthGapCacheTtl{10};
inline constexpr double kHealthDiskMinFreePct = 5;
inline constexpr std::uint64_t kHealthDiskMinFreeBytes = 200ull << 20;
inline constexpr double kHealthMemoryMinAvailablePct = 5;
inline constexpr std::uint64_t kHealthProcessRssLimitBytes = 512ull << 20;
inline constexpr std::chrono::seconds kHealthSchedulerStallLimit{10};
inline constexpr int kHealthSchedulerIntervals = 3;
inline constexpr std::chrono::minutes kHealthCounterWindow{10};

struct CheckResult {
  bool ok = true;
  Json body;                          // the check's JSON object, `ok` first
  std::vector<std::string> problems;  // "check: what is wrong", empty when ok
};

CheckResult FreshnessCheck(std::optional<std::int64_t> newest_minute_ms, WallTime now,
                           WallTime started_at);

// The largest hole in one uplink's minutes.
struct UplinkGap {
  std::string name;  // as shown
  int stored_minutes = 0;
  int largest_gap_minutes = 0;
  std::optional<std::int64_t> gap_start_ms;  // first missing minute of the largest gap
};

// `minutes` (any order, duplicates allowed) judged on the grid from the first
// of them up to `end_ms` (exclusive, a minute start). Minutes at or after
// end_ms only bound the gap before them.
UplinkGap LargestGap(std::string name, const std::vector<UplinkMinute>& minutes,
                     std::int64_t end_ms);
// The minute before the current one: the grid's end for LargestGap at `now`.
std::int64_t GapGridEnd(WallTime now);

CheckResult GapsCheck(const std::vector<UplinkGap>& uplinks, WallTime now, WallTime started_at);

// Whether the store's failure counters grew recently (CounterWatch).
struct StoreGrowth {
  bool write_errors = false;
  bool queue_dropped = false;
};
CheckResult SqliteCheck(const StoreHealth& store, StoreGrowth grew);

CheckResult DiskCheck(const std::filesystem::path& dir, const Result<DiskSpace>& disk);
CheckResult MemoryCheck(const Result<MemoryInfo>& memory);
CheckResult ProcessCheck(const Result<ProcessMemory>& process);
CheckResult PermissionsCheck(const std::filesystem::path& dir, const Result<DirInfo>& info);
// `loop` empty: the daemon has no probe loop (not ok).
CheckResult SchedulerCheck(const std::optional<ProbeLoopHealth>& loop, WallTime now,
                           WallTime started_at);

// A component as judged: its own verdict and counter (health.failures), and
// whether that counter grew within kHealthCounterWindow.
struct ComponentInput {
  ComponentHealth health;
  bool failures_grew = false;
};
// `body` is the array [{name, ok, detail, failures}].
CheckResult ComponentsCheck(const std::vector<ComponentInput>& components);

}  // namespace ww
