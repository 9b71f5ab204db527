#pragma once
// Groups the samples of the connectivity targets by scheduler round and
// releases each round once all its samples are in, strictly in round order
// (drop detection needs order; replies and timeouts arrive out of order).
//
// Example, 3 targets: samples (r5,a) (r6,a) (r5,b) (r6,b) (r6,c) (r5,c)
// release r5 then r6 only after (r5,c) arrives. A round that never completes
// (a sample lost to a full queue) is released incomplete once `max_pending`
// later rounds are complete, so one lost sample cannot stall detection.
// Skipped rounds (the scheduler fell behind) simply never appear.
// Not thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/sample.h"

namespace ww {

struct Round {
  std::int64_t number = 0;
  WallTime started_at{};  // earliest send time among its samples
  std::vector<Sample> samples;
  bool complete = true;

  bool AllFailed() const;
  std::optional<double> MeanRtt() const;  // over successful samples
};

class RoundCollector {
 public:
  RoundCollector(std::size_t members, std::size_t max_pending = 3)
      : members_(members), max_pending_(max_pending) {}

  // Adds a connectivity sample; returns the rounds that became releasable, in order.
  std::vector<Round> Add(const Sample& sample);
  std::size_t pending() const { return pending_.size(); }

 private:
  std::size_t members_;
  std::size_t max_pending_;
  std::map<std::int64_t, Round> pending_;
  std::optional<std::int64_t> last_released_;
};

}  // namespace ww
