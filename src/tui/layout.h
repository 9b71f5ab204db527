#pragma once
// What the terminal view shows for a given moment and terminal size: the pure
// half of the view. Top to bottom:
//
//   header      wanwatch, version, session uptime, diagnosis (coloured), clock
//   summary     health score and grade, uptime %, loss %, trend;
//               avg/min/max latency, jitter, p95, probes
//   targets     one row per target (see target_table.h)
//   sparklines  latency of the last minutes, and the gateway's beside it
//   drops       newest first; an ongoing drop on top, highlighted
//   status bar  the last log line, and how to quit
//
// Rows are shared out by height: targets first (a "… N more" row when they do
// not fit), then drops, then blank separators. Below kMinWidth x kMinHeight
// the frame is a short "terminal too small" message instead.
// Thread safety: pure functions.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "engine/snapshot.h"
#include "store/store.h"
#include "tui/frame.h"

namespace ww::tui {

inline constexpr int kMinWidth = 40;
inline constexpr int kMinHeight = 12;

// Everything one frame is drawn from.
struct ViewData {
  std::shared_ptr<const Snapshot> snapshot;  // null before the engine's first snapshot
  std::vector<DropRecord> drops;             // stored drops, oldest first (Store::Drops)
  HistorySeries history;                     // as planned by PlanData
  WallTime now{};
  std::chrono::minutes utc_offset{0};  // for the clock and drop times (general.timezone)
  std::string version;
  std::string status;  // the last log line
  bool utf8 = true;    // the terminal shows UTF-8 (else ASCII only)
};

// What to fetch for a terminal of this size.
struct DataPlan {
  int spark_columns = 0;
  std::chrono::seconds step{1};  // one sparkline column
  std::chrono::seconds span{0};  // spark_columns * step
  std::size_t drops = 0;         // at most this many drops can be shown
};
DataPlan PlanData(int width, int height);

// Exactly `height` lines of exactly `width` columns (none when either is < 1).
Frame LayoutScreen(const ViewData& data, int width, int height);

}  // namespace ww::tui
