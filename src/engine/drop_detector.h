#pragma once
// Confirms drops from the sequence of evaluated rounds (in round order).
//
// A round "fails" when every connectivity target failed in it. After
// `threshold` consecutive failed rounds a drop is confirmed; its start is the
// first failed round (when the line really went down), not the confirmation.
// The first successful round ends it. The diagnosis recorded is the one seen
// most often during the failed rounds (not the one at recovery, which was the
// original's bug: its drops all read "All clear").
//
// Example, threshold 3: rounds at t=0 ok, 1 fail, 2 fail, 3 fail (confirmed:
// start=1), 4 fail, 5 ok (end=5, duration 4 s).
// Not thread-safe.

#include <array>
#include <optional>

#include "engine/snapshot.h"

namespace ww {

struct DropEvent {
  enum class Kind { kStarted, kEnded };
  Kind kind;
  DropRecord drop;
};

class DropDetector {
 public:
  explicit DropDetector(int threshold) : threshold_(threshold < 1 ? 1 : threshold) {}

  std::optional<DropEvent> OnRound(WallTime round_time, bool all_failed, const Diagnosis& observed);

  // The confirmed, ongoing drop, with duration measured up to `now`.
  std::optional<DropRecord> Current(WallTime now) const;
  std::int64_t consecutive_failed() const { return consecutive_failed_; }

 private:
  Diagnosis MostSeen() const;

  int threshold_;
  std::int64_t consecutive_failed_ = 0;
  WallTime first_failed_at_{};
  bool confirmed_ = false;
  static constexpr std::size_t kCodes = 8;
  std::array<int, kCodes> tally_{};
  std::array<Diagnosis, kCodes> latest_by_code_{};
};

}  // namespace ww
