#include "store/history_grid.h"

#include <algorithm>

namespace ww {
namespace {

std::int64_t FloorTo(std::int64_t v, std::int64_t m) {
  std::int64_t q = v / m;
  if (v % m < 0) --q;
  return q * m;
}

int SourceFor(std::int64_t step_ms) {
  if (step_ms < 60'000) return kRawSource;
  if (step_ms < 300'000) return 0;
  if (step_ms < 3'600'000) return 1;
  return 2;
}

}  // namespace

HistoryGrid PlanHistory(WallTime from, WallTime to, std::chrono::seconds step) {
  HistoryGrid g;
  constexpr std::int64_t kMaxStepSec = 100LL * 366 * 86'400;  // keeps the ms arithmetic in range
  g.step_ms = std::clamp<std::int64_t>(step.count(), 1, kMaxStepSec) * 1000;
  const std::int64_t from_ms = ToUnixMillis(from);
  g.to_ms = ToUnixMillis(to);
  g.from_ms = FloorTo(from_ms, g.step_ms);
  if (g.to_ms <= from_ms) {
    g.to_ms = g.from_ms;
    g.source = SourceFor(g.step_ms);
    return g;
  }
  auto count = [&] { return (g.to_ms - g.from_ms + g.step_ms - 1) / g.step_ms; };
  if (count() > kMaxHistoryPoints) {
    const std::int64_t span = g.to_ms - from_ms;
    const std::int64_t coarse = (span + kMaxHistoryPoints - 1) / kMaxHistoryPoints;
    g.step_ms = (coarse + 999) / 1000 * 1000;
    g.from_ms = FloorTo(from_ms, g.step_ms);
  }
  g.points = count();
  g.source = SourceFor(g.step_ms);
  return g;
}

int LocalHourOfDay(std::int64_t utc_ms, int utc_offset_minutes) {
  constexpr std::int64_t kDayMs = 86'400'000;
  std::int64_t local = (utc_ms + static_cast<std::int64_t>(utc_offset_minutes) * 60'000) % kDayMs;
  if (local < 0) local += kDayMs;
  return static_cast<int>(local / 3'600'000);
}

}  // namespace ww
