#pragma once
// Counts the payload bytes of one direction of a speed test as they arrive,
// with their monotonic time:
//  - bytes before start + warmup are moved but not measured (TCP slow start,
//    connection set-up);
//  - goodput = measured bytes × 8 / (end − (start + warmup)), in Mbps (1e6 bit/s);
//  - the current rate for progress is the bytes of the last `window`, counted in
//    20 slices so that Add stays O(1) whatever the rate.
// Example: start 0, warmup 2 s, 1 MB at 1 s, 5 MB between 2 s and 6 s, end 6 s
// → total 6 MB, measured 5 MB, goodput 5e6 × 8 / 4 s = 10 Mbps.
//
// Uploads are counted when handed to the kernel, not when they arrive: at a slow
// link the socket buffers of the streams hold megabytes (seconds at 20 Mbit/s),
// and they keep growing while TCP autotunes. So the transfer loop marks the start
// of the measured part with the bytes still queued in its sockets then (SIOCOUTQ:
// unsent or unacknowledged), and gives the queued bytes at the end to GoodputMbps:
//   delivered = counted after the mark + queued at the mark − queued at the end.
// Example: the mark at 2 s with 3 MB queued, 12 MB counted after it, 4 MB queued at
// 6 s → (12 + 3 − 4) MB × 8 / 4 s = 22 Mbps (not 24).
// Downloads are counted on arrival: their queued bytes are 0.
// Thread safety: none; one thread adds and reads (the transfer loop).

#include <cstdint>
#include <optional>
#include <vector>

#include "core/clock.h"

namespace ww {

class ThroughputMeter {
 public:
  ThroughputMeter(MonoTime start, Duration warmup, Duration window = std::chrono::seconds{1});

  void Add(std::uint64_t bytes, MonoTime now);

  std::uint64_t total_bytes() const { return total_; }
  std::uint64_t measured_bytes() const { return measured_; }
  MonoTime measure_start() const { return measure_start_; }

  // Marks the start of the measured part (at or after start + warmup) with the
  // bytes queued in the kernel then. Only the first call counts.
  void MarkMeasureStart(MonoTime now, std::uint64_t queued_bytes);
  bool marked() const { return mark_.has_value(); }

  // Goodput over [mark, end] (without a mark: [start + warmup, end]), with the bytes
  // still queued at `end`; nullopt when `end` is not after the start of the measured
  // part or nothing was delivered (a zero would be a made-up speed).
  std::optional<double> GoodputMbps(MonoTime end, std::uint64_t queued_at_end = 0) const;
  // The rate over the last `window` (less at the very start) for progress.
  double CurrentMbps(MonoTime now) const;

 private:
  std::int64_t SliceOf(MonoTime t) const;

  MonoTime start_;
  MonoTime measure_start_;
  Duration window_;
  Duration slice_;
  std::vector<std::uint64_t> slices_;
  std::int64_t last_slice_ = 0;
  std::uint64_t total_ = 0;
  std::uint64_t measured_ = 0;
  struct Mark {
    MonoTime time;
    std::uint64_t measured;  // measured_ at the mark
    std::uint64_t queued;
  };
  std::optional<Mark> mark_;
};

double BitsPerSecondToMbps(double bits_per_second);

}  // namespace ww
