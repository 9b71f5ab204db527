#pragma once
// When each target is probed: a pure, clock-free sequence of (due time,
// target, round), consumed in time order by the probe loop.
//
// Rules:
// - A round is one tick of the base interval (ProbeConfig::interval, the
//   smallest interval). Round k starts at start + k * base.
// - A target whose interval is m * base is probed in the rounds divisible by m.
//   Every interval must be a positive multiple of the base (Create checks).
// - Within a round, target i of n is sent at offset_i = i * spread / n, where
//   spread = spread_fraction * base, so n targets are not sent in one burst
//   (fping's idea). A target's offset never changes, so its own interval is
//   exactly m * base.
// - Due times are computed from k in integer nanoseconds, never by adding to
//   the previous due time: there is no drift, the long-run interval is exact.
// - A probe that is more than one base interval late is skipped (counted),
//   instead of sending a burst of every missed round after a stall.
//
// Worked example: base 1 s, spread 0.5, targets A (1 s), B (1 s), C (2 s).
// n = 3, offsets 0, 166.67 ms, 333.33 ms. Round 0: A +0, B +166.67 ms,
// C +333.33 ms. Round 1 (t = 1 s): A 1.000 s, B 1.16667 s (C is not due).
// Round 2: all three again. If the loop wakes at 5.1 s with round 1's B
// pending, everything due before 4.1 s is skipped: B and C of round 4 are
// the next probes sent (late by less than one interval). Skipped: 7 probes
// (B of round 1, round 2, A and B of round 3, A of round 4) and 2 rounds
// (2 and 3: a round counts when it had probes and sent none; round 1 had
// already sent A, round 4 still sends B and C).
//
// Thread safety: none; one owner (the probe loop) uses it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/target.h"

namespace ww {

struct ScheduledProbe {
  MonoTime due{};
  TargetId target = 0;
  std::int64_t round = 0;
};

struct SkipResult {
  std::int64_t rounds = 0;  // rounds that had probes due and sent none of them
  std::int64_t probes = 0;  // probes not sent
};

class Schedule {
 public:
  // Fails, naming the target, when an interval is not a positive multiple of
  // base, or when base or spread_fraction (0 <= f < 1) is out of range.
  static Result<Schedule> Create(const std::vector<TargetSpec>& targets, Millis base,
                                 double spread_fraction = 0.5);

  // Places round 0 at `start` and the cursor at round 0's first probe.
  void Start(MonoTime start);

  // The next probe in time order, or nothing when there are no targets.
  std::optional<ScheduledProbe> Peek() const;
  // Returns Peek() and moves past it.
  std::optional<ScheduledProbe> Pop();

  // Skips every probe due before now - base (more than one interval late) and
  // reports what was skipped; the counts also accumulate in skipped().
  SkipResult SkipLate(MonoTime now);

  MonoTime RoundStart(std::int64_t round) const { return start_ + base_ * round; }
  Duration Offset(TargetId target) const;
  Duration base() const { return base_; }
  std::size_t size() const { return multiple_.size(); }
  const SkipResult& skipped() const { return skipped_total_; }

 private:
  // Targets sharing one interval multiple, in target order.
  struct Group {
    std::int64_t multiple = 1;
    std::vector<TargetId> targets;
    std::size_t cursor = 0;  // into targets, for the current round
  };

  Schedule(Duration base, Duration spread, std::vector<std::int64_t> multiple);
  std::int64_t ProbesBeforeCursor() const;
  std::int64_t ProbesInRound(std::int64_t round) const;
  std::int64_t NextMemberRound(std::int64_t from) const;
  // Positions the cursor at the first probe of `round` due at or after `at`
  // (round start when at is empty); false when the round has none.
  bool EnterRound(std::int64_t round, std::optional<MonoTime> at);
  void Advance();
  std::optional<TargetId> Current() const;
  // Over the rounds [first_round, end_round).
  std::int64_t CountProbes(std::int64_t first_round, std::int64_t end_round) const;
  std::int64_t CountMemberRounds(std::int64_t first_round, std::int64_t end_round) const;

  Duration base_{};
  Duration spread_{};
  std::vector<std::int64_t> multiple_;  // by target
  std::vector<Group> groups_;
  std::vector<std::int64_t> base_multiples_;  // no element divides another
  MonoTime start_{};
  std::int64_t round_ = 0;
  bool sent_in_round_ = false;  // a probe of round_ was popped
  SkipResult skipped_total_;
};

}  // namespace ww
