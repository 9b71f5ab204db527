#pragma once
// The recent results of one target, bounded by age (the statistics window)
// and by count, plus cumulative session counters. Not thread-safe: owned by
// the engine.

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "core/clock.h"

namespace ww {

struct WindowSummary {
  std::uint64_t count = 0;
  std::uint64_t lost = 0;
  double loss_pct = 0;
  std::optional<double> avg_ms, min_ms, max_ms, jitter_ms, p50_ms, p95_ms, p99_ms;
  // For combining targets: sum of |consecutive differences| and their number.
  double jitter_sum = 0;
  std::uint64_t jitter_pairs = 0;
};

class SampleWindow {
 public:
  explicit SampleWindow(std::size_t max_entries) : max_entries_(max_entries) {}

  void Add(WallTime at, bool ok, double rtt_ms);
  void EvictBefore(WallTime cutoff);
  // Statistics over the entries in the window. Appends successful RTTs to
  // `rtts_out` when given (for percentiles over several targets).
  WindowSummary Summarize(std::vector<double>* rtts_out = nullptr) const;

  std::uint64_t total() const { return total_; }
  std::uint64_t total_success() const { return total_success_; }

 private:
  struct Entry {
    std::int64_t at_ms;
    float rtt_ms;
    bool ok;
  };
  std::size_t max_entries_;
  std::deque<Entry> entries_;
  std::uint64_t total_ = 0;
  std::uint64_t total_success_ = 0;
};

}  // namespace ww
