#include "api/uplink_history_stream.h"

#include <algorithm>
#include <optional>
#include <vector>

namespace ww {
namespace {

constexpr std::int64_t kChunkMs = 24 * 3'600'000;  // a multiple of the bucket

std::int64_t FloorTo(std::int64_t t, std::int64_t step) {
  const std::int64_t r = t % step;
  return r < 0 ? t - r - step : t - r;
}

std::optional<double> Pct(double part, double whole) {
  if (whole <= 0) return std::nullopt;
  return 100.0 * part / whole;
}

// What the summary needs beyond the per-day minute counts, accumulated over
// the minutes in order exactly as BuildUplinkHistory does over its grid.
class Carry {
 public:
  explicit Carry(std::int64_t first) : previous_minute_(first - kMinuteMs) {}

  void Add(const UplinkMinute& m, UplinkHistorySummary& s) {
    sum_ms_ += m.sum_ms;
    samples_ += m.samples;
    lost_ += m.lost;
    // An outage is a run of DOWN minutes; a missing minute ends it.
    const bool continues = m.start_ms == previous_minute_ + kMinuteMs;
    if (m.state == UplinkState::kDown) {
      run_ = continues ? run_ + 1 : 1;
      if (run_ == 1) ++s.outage_count;
      s.longest_outage_minutes = std::max(s.longest_outage_minutes, run_);
    } else {
      run_ = 0;
    }
    previous_minute_ = m.start_ms;
  }

  void Finish(UplinkHistorySummary& s) const {
    const double recorded = s.up_minutes + s.degraded_minutes + s.down_minutes;
    s.availability_pct = Pct(s.up_minutes + s.degraded_minutes, recorded);
    s.strict_up_pct = Pct(s.up_minutes, recorded);
    s.coverage_pct = Pct(recorded, recorded + s.missing_minutes).value_or(0);
    const std::uint64_t answered = samples_ - std::min(lost_, samples_);
    if (answered > 0) s.avg_ms = sum_ms_ / static_cast<double>(answered);
    s.loss_pct = Pct(static_cast<double>(lost_), static_cast<double>(samples_));
  }

 private:
  std::int64_t previous_minute_;
  int run_ = 0;
  double sum_ms_ = 0;
  std::uint64_t samples_ = 0, lost_ = 0;
};

}  // namespace

UplinkHistoryGrid HistoryGridAt(std::chrono::seconds span, WallTime now) {
  const std::int64_t now_ms = ToUnixMillis(now);
  return {FloorTo(now_ms - span.count() * 1000, kUplinkBucketMs), FloorTo(now_ms, kUplinkBucketMs)};
}

UplinkHistoryTotals StreamUplinkHistory(const Store& store, const std::string& key,
                                        std::chrono::seconds span, WallTime now,
                                        const std::function<void(const UplinkBucket&)>& on_bucket) {
  const UplinkHistoryGrid grid = HistoryGridAt(span, now);
  UplinkHistoryTotals out;
  out.from_ms = grid.from_ms;
  out.to_ms = grid.to_ms;
  UplinkHistorySummary& s = out.summary;
  Carry carry(out.from_ms);
  for (std::int64_t start = out.from_ms; start < out.to_ms; start += kChunkMs) {
    const std::int64_t end = std::min(start + kChunkMs, out.to_ms);
    const std::vector<UplinkMinute> minutes = store.UplinkMinutes(key, start, end);
    const UplinkHistory day = BuildUplinkHistory(minutes, start, end);
    for (const UplinkBucket& b : day.buckets) on_bucket(b);
    out.buckets += day.buckets.size();
    s.up_minutes += day.summary.up_minutes;
    s.degraded_minutes += day.summary.degraded_minutes;
    s.down_minutes += day.summary.down_minutes;
    s.missing_minutes += day.summary.missing_minutes;
    for (const UplinkMinute& m : minutes) {
      if (m.start_ms >= start && m.start_ms < end) carry.Add(m, s);
    }
  }
  carry.Finish(s);
  return out;
}

}  // namespace ww
