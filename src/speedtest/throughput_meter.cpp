#include "speedtest/throughput_meter.h"

#include <algorithm>

namespace ww {
namespace {
constexpr int kSlices = 20;

double SecondsOf(Duration d) { return std::chrono::duration<double>(d).count(); }
}  // namespace

double BitsPerSecondToMbps(double bits_per_second) { return bits_per_second / 1e6; }

ThroughputMeter::ThroughputMeter(MonoTime start, Duration warmup, Duration window)
    : start_(start),
      measure_start_(start + std::max(warmup, Duration::zero())),
      window_(std::max(window, Duration{kSlices})),
      slice_(window_ / kSlices),
      slices_(kSlices, 0) {}

std::int64_t ThroughputMeter::SliceOf(MonoTime t) const {
  return std::max<std::int64_t>(0, (t - start_) / slice_);
}

void ThroughputMeter::Add(std::uint64_t bytes, MonoTime now) {
  total_ += bytes;
  if (now >= measure_start_) measured_ += bytes;
  const std::int64_t slice = SliceOf(now);
  if (slice > last_slice_) {
    // Slices skipped since the last bytes had none: clear them (at most all of them).
    const std::int64_t first = std::max(last_slice_ + 1, slice - kSlices + 1);
    for (std::int64_t s = first; s <= slice; ++s) slices_[s % kSlices] = 0;
    last_slice_ = slice;
  }
  // Late bytes (a clock that went backwards) land in the newest slice.
  slices_[last_slice_ % kSlices] += bytes;
}

void ThroughputMeter::MarkMeasureStart(MonoTime now, std::uint64_t queued_bytes) {
  if (!mark_) mark_ = Mark{std::max(now, measure_start_), measured_, queued_bytes};
}

std::optional<double> ThroughputMeter::GoodputMbps(MonoTime end,
                                                   std::uint64_t queued_at_end) const {
  const Mark from = mark_.value_or(Mark{measure_start_, 0, 0});
  const double delivered = static_cast<double>(measured_ - from.measured) +
                           static_cast<double>(from.queued) - static_cast<double>(queued_at_end);
  if (end <= from.time || delivered <= 0) return std::nullopt;
  return BitsPerSecondToMbps(delivered * 8.0 / SecondsOf(end - from.time));
}

double ThroughputMeter::CurrentMbps(MonoTime now) const {
  const std::int64_t slice = SliceOf(now);
  const std::int64_t oldest = slice - kSlices + 1;
  std::uint64_t bytes = 0;
  for (std::int64_t s = std::max<std::int64_t>(oldest, 0); s <= std::min(slice, last_slice_); ++s) {
    if (s > last_slice_ - kSlices) bytes += slices_[s % kSlices];
  }
  const Duration elapsed = std::min(window_, std::max(now - start_, slice_));
  return BitsPerSecondToMbps(static_cast<double>(bytes) * 8.0 / SecondsOf(elapsed));
}

}  // namespace ww
