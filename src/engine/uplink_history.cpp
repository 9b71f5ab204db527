#include "engine/uplink_history.h"

#include <algorithm>

namespace ww {
namespace {

std::int64_t FloorTo(std::int64_t t, std::int64_t step) {
  const std::int64_t r = t % step;
  return r < 0 ? t - r - step : t - r;
}

// Worse = lower code (DOWN 0 < DEGRADED 1 < UP 2).
UplinkState Worse(UplinkState a, UplinkState b) {
  return static_cast<int>(a) <= static_cast<int>(b) ? a : b;
}

void Merge(UplinkMinute& into, const UplinkMinute& m) {
  into.state = Worse(into.state, m.state);
  into.samples += m.samples;
  into.lost += m.lost;
  into.sum_ms += m.sum_ms;
  if (m.min_ms) into.min_ms = into.min_ms ? std::min(*into.min_ms, *m.min_ms) : *m.min_ms;
  if (m.max_ms) into.max_ms = into.max_ms ? std::max(*into.max_ms, *m.max_ms) : *m.max_ms;
}

void AddMinute(UplinkBucket& b, const UplinkMinute& m) {
  switch (m.state) {
    case UplinkState::kUp:
      ++b.up_minutes;
      break;
    case UplinkState::kDegraded:
      ++b.degraded_minutes;
      break;
    case UplinkState::kDown:
      ++b.down_minutes;
      break;
  }
  b.state = b.state ? Worse(*b.state, m.state) : m.state;
  b.samples += m.samples;
  b.lost += m.lost;
  if (m.min_ms) b.min_ms = b.min_ms ? std::min(*b.min_ms, *m.min_ms) : *m.min_ms;
  if (m.max_ms) b.max_ms = b.max_ms ? std::max(*b.max_ms, *m.max_ms) : *m.max_ms;
}

std::optional<double> Pct(double part, double whole) {
  if (whole <= 0) return std::nullopt;
  return 100.0 * part / whole;
}

}  // namespace

UplinkHistory BuildUplinkHistory(const std::vector<UplinkMinute>& minutes, std::int64_t from_ms,
                                 std::int64_t now_ms) {
  UplinkHistory out;
  const std::int64_t first = FloorTo(from_ms, kUplinkBucketMs);
  const std::int64_t end = FloorTo(now_ms, kUplinkBucketMs);  // the open bucket starts here
  if (end <= first) return out;

  // Indexed by minute of the grid (90 days: 129,600 slots), not a map.
  std::vector<std::optional<UplinkMinute>> by_minute(
      static_cast<std::size_t>((end - first) / kMinuteMs));
  for (const UplinkMinute& m : minutes) {
    const std::int64_t start = FloorTo(m.start_ms, kMinuteMs);
    if (start < first || start >= end) continue;
    auto& slot = by_minute[static_cast<std::size_t>((start - first) / kMinuteMs)];
    if (slot) {
      Merge(*slot, m);
    } else {
      slot = m;
      slot->start_ms = start;
    }
  }

  const auto count = static_cast<std::size_t>((end - first) / kUplinkBucketMs);
  out.buckets.resize(count);
  std::vector<double> sums(count, 0);
  for (std::size_t i = 0; i < count; ++i) {
    out.buckets[i].start_ms = first + static_cast<std::int64_t>(i) * kUplinkBucketMs;
  }
  UplinkHistorySummary& s = out.summary;
  double sum_ms = 0;
  std::uint64_t samples = 0, lost = 0;
  int run = 0;
  std::int64_t previous_minute = first - kMinuteMs;
  for (const auto& slot : by_minute) {
    if (!slot) continue;
    const UplinkMinute& m = *slot;
    const std::int64_t start = m.start_ms;
    const auto i = static_cast<std::size_t>((start - first) / kUplinkBucketMs);
    AddMinute(out.buckets[i], m);
    sums[i] += m.sum_ms;
    sum_ms += m.sum_ms;
    samples += m.samples;
    lost += m.lost;
    // An outage is a run of DOWN minutes; a missing minute ends it.
    const bool continues = start == previous_minute + kMinuteMs;
    if (m.state == UplinkState::kDown) {
      run = continues ? run + 1 : 1;
      if (run == 1) ++s.outage_count;
      s.longest_outage_minutes = std::max(s.longest_outage_minutes, run);
    } else {
      run = 0;
    }
    previous_minute = start;
  }
  for (std::size_t i = 0; i < count; ++i) {
    UplinkBucket& b = out.buckets[i];
    const int recorded = b.up_minutes + b.degraded_minutes + b.down_minutes;
    b.missing_minutes = static_cast<int>(kUplinkBucketMs / kMinuteMs) - recorded;
    const std::uint32_t answered = b.samples - std::min(b.lost, b.samples);
    if (answered > 0) b.avg_ms = sums[i] / answered;
    b.loss_pct = Pct(b.lost, b.samples);
    s.up_minutes += b.up_minutes;
    s.degraded_minutes += b.degraded_minutes;
    s.down_minutes += b.down_minutes;
    s.missing_minutes += b.missing_minutes;
  }
  const double recorded = s.up_minutes + s.degraded_minutes + s.down_minutes;
  s.availability_pct = Pct(s.up_minutes + s.degraded_minutes, recorded);
  s.strict_up_pct = Pct(s.up_minutes, recorded);
  s.coverage_pct = *Pct(recorded, recorded + s.missing_minutes);
  const std::uint64_t answered = samples - std::min(lost, samples);
  if (answered > 0) s.avg_ms = sum_ms / static_cast<double>(answered);
  s.loss_pct = Pct(static_cast<double>(lost), static_cast<double>(samples));
  return out;
}

}  // namespace ww
