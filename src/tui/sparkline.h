#pragma once
// A one-row latency chart in block characters, as the terminal view shows it
// for the last minutes of the connection and of the gateway.
//
// Worked example (UTF-8, width 8): four steps of no data (before the session
// started), then 10, 20, lost, 40 ms render as "    ▂▄×█". Heights are
// proportional from 0 ms to the largest value shown, in eighths rounded up:
// 10/40 -> 2 of 8 (▂), 20/40 -> 4 of 8 (▄), 40/40 -> 8 of 8 (█); the lost
// step is a red ×.
// Thread safety: pure functions.

#include <chrono>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "tui/frame.h"

namespace ww::tui {

struct SparkPoint {
  enum class State : unsigned char { kNoData, kLost, kValue };
  State state = State::kNoData;
  double ms = 0;  // when kValue
};

// Points from a store series (Store::History: one mean per step, oldest first,
// empty = no successful probe). Empty steps that end before `session_start`
// are no data (the daemon was not running); empty steps inside the session are
// lost, since every round probes and a step without one success means all failed.
std::vector<SparkPoint> SparkPointsFrom(const std::vector<WallTime>& times,
                                        const std::vector<std::optional<double>>& values,
                                        std::chrono::seconds step, WallTime session_start);

struct Sparkline {
  Line line;                      // exactly `width` columns
  std::optional<double> max_ms;   // the scale's top: the largest value shown
  std::optional<double> last_ms;  // the newest value shown
  int lost = 0;                   // lost steps shown
};

// The newest `width` points, right-aligned (blank on the left while there are
// fewer). Eight levels ▁▂▃▄▅▆▇█ (UTF-8) or _.-~=+*# (ASCII); all-equal values
// are drawn at full height, zeros at the lowest level; lost steps as × (x).
Sparkline RenderSparkline(const std::vector<SparkPoint>& points, int width, bool utf8);

}  // namespace ww::tui
