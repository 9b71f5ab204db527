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

  // Goodput over [start + warmup, end]; nullopt when `end` is not after the
  // warm-up or nothing was measured (a zero would be a made-up speed).
  std::optional<double> GoodputMbps(MonoTime end) const;
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
};

double BitsPerSecondToMbps(double bits_per_second);

}  // namespace ww
