#include "probe/schedule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>

namespace ww {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

TargetSpec Target(std::string name, milliseconds interval) {
  TargetSpec t;
  t.name = std::move(name);
  t.host = "192.0.2.1";
  t.interval = interval;
  return t;
}

std::vector<TargetSpec> Targets(std::initializer_list<int> interval_ms) {
  std::vector<TargetSpec> out;
  for (int ms : interval_ms)
    out.push_back(Target("t" + std::to_string(out.size()), milliseconds{ms}));
  return out;
}

Schedule Make(const std::vector<TargetSpec>& targets, milliseconds base, double spread,
              MonoTime start) {
  Result<Schedule> s = Schedule::Create(targets, base, spread);
  EXPECT_TRUE(s.ok()) << s.error();
  Schedule schedule = std::move(s).value();
  schedule.Start(start);
  return schedule;
}

const MonoTime kStart{seconds{3600}};

TEST(ScheduleTest, DueTimesSpreadTargetsOverTheFirstPartOfEachRound) {
  Schedule s = Make(Targets({1000, 1000, 1000, 1000}), milliseconds{1000}, 0.5, kStart);
  for (std::int64_t round = 0; round < 2; ++round) {
    for (TargetId t = 0; t < 4; ++t) {
      std::optional<ScheduledProbe> p = s.Pop();
      ASSERT_TRUE(p);
      EXPECT_EQ(p->round, round);
      EXPECT_EQ(p->target, t);
      EXPECT_EQ(p->due, kStart + seconds{round} + milliseconds{125 * t});
    }
  }
}

TEST(ScheduleTest, OffsetsAreExactIntegerNanoseconds) {
  Schedule s = Make(Targets({1000, 1000, 1000}), milliseconds{1000}, 0.5, kStart);
  EXPECT_EQ(s.Offset(0), nanoseconds{0});
  EXPECT_EQ(s.Offset(1), nanoseconds{166'666'666});
  EXPECT_EQ(s.Offset(2), nanoseconds{333'333'333});
}

TEST(ScheduleTest, ZeroSpreadSendsARoundAtItsStart) {
  Schedule s = Make(Targets({1000, 1000, 1000}), milliseconds{1000}, 0.0, kStart);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(s.Pop()->due, kStart);
  EXPECT_EQ(s.Pop()->due, kStart + seconds{1});
}

TEST(ScheduleTest, MixedIntervalsAreProbedInRoundsDivisibleByTheirMultiple) {
  const std::vector<int> interval_ms = {1000, 2000, 5000, 1000, 3000};
  const std::vector<TargetSpec> targets = Targets({1000, 2000, 5000, 1000, 3000});
  Schedule s = Make(targets, milliseconds{1000}, 0.5, kStart);
  MonoTime last = MonoTime::min();
  std::map<std::int64_t, std::vector<TargetId>> seen;
  while (s.Peek()->round <= 30) {
    ScheduledProbe p = *s.Pop();
    EXPECT_GE(p.due, last) << "time order";
    last = p.due;
    seen[p.round].push_back(p.target);
  }
  for (std::int64_t round = 0; round <= 30; ++round) {
    std::vector<TargetId> expected;
    for (TargetId t = 0; t < interval_ms.size(); ++t) {
      if (round % (interval_ms[t] / 1000) == 0) expected.push_back(t);
    }
    EXPECT_EQ(seen[round], expected) << "round " << round;
  }
}

TEST(ScheduleTest, NoDriftOver100000Rounds) {
  // An awkward base and spread: 7 ms, 7 targets, offsets that do not divide.
  const std::vector<int> multiples = {1, 2, 5, 1, 3, 7, 1};
  std::vector<TargetSpec> targets;
  for (int m : multiples) targets.push_back(Target("t", milliseconds{7 * m}));
  Schedule s = Make(targets, milliseconds{7}, 0.3, kStart);
  const nanoseconds spread{2'100'000};  // 0.3 * 7 ms
  std::vector<std::optional<MonoTime>> previous(targets.size());
  std::int64_t pops = 0;
  while (s.Peek()->round <= 100'000) {
    const ScheduledProbe p = *s.Pop();
    ++pops;
    const nanoseconds offset{spread.count() * p.target / 7};
    ASSERT_EQ(p.due, kStart + milliseconds{7} * p.round + offset);
    if (previous[p.target]) {
      ASSERT_EQ(p.due - *previous[p.target], milliseconds{7 * multiples[p.target]});
    }
    previous[p.target] = p.due;
  }
  // Every target's last probe is exactly where k * base puts it.
  EXPECT_EQ(*previous[0], kStart + milliseconds{700'000});
  EXPECT_EQ(*previous[5], kStart + milliseconds{7 * 99'995} + nanoseconds{1'500'000});
  std::int64_t expected = 0;
  for (int m : multiples) expected += 100'000 / m + 1;
  EXPECT_EQ(pops, expected);
}

TEST(ScheduleTest, SkipsTheWorkedExampleOfTheHeader) {
  // Base 1 s, spread 0.5, A (1 s), B (1 s), C (2 s): round 1's B pending at 5.1 s.
  Schedule s = Make(Targets({1000, 1000, 2000}), milliseconds{1000}, 0.5, kStart);
  for (int i = 0; i < 4; ++i) s.Pop();  // round 0: A, B, C; round 1: A
  ASSERT_EQ(s.Peek()->round, 1);
  ASSERT_EQ(s.Peek()->target, 1u);
  const SkipResult skipped = s.SkipLate(kStart + milliseconds{5100});
  EXPECT_EQ(skipped.probes, 7);
  EXPECT_EQ(skipped.rounds, 2);
  ScheduledProbe p = *s.Pop();
  EXPECT_EQ(p.round, 4);
  EXPECT_EQ(p.target, 1u);
  EXPECT_EQ(p.due, kStart + seconds{4} + nanoseconds{166'666'666});
  p = *s.Pop();
  EXPECT_EQ(p.round, 4);
  EXPECT_EQ(p.target, 2u);
  p = *s.Pop();
  EXPECT_EQ(p.round, 5);
  EXPECT_EQ(p.target, 0u);
  EXPECT_EQ(s.skipped().probes, 7);
  EXPECT_EQ(s.skipped().rounds, 2);
}

TEST(ScheduleTest, ALateProbeWithinOneIntervalIsStillSent) {
  Schedule s = Make(Targets({1000, 1000}), milliseconds{1000}, 0.5, kStart);
  const MonoTime due = s.Peek()->due;
  const SkipResult skipped = s.SkipLate(due + seconds{1});  // late by exactly one interval
  EXPECT_EQ(skipped.probes, 0);
  EXPECT_EQ(skipped.rounds, 0);
  EXPECT_EQ(s.Peek()->due, due);
}

TEST(ScheduleTest, SkipCountsOnlyRoundsThatHadProbes) {
  // Every target every 5 s: rounds 1-4, 6-9, ... have nothing to skip.
  Schedule s = Make(Targets({5000, 5000}), milliseconds{1000}, 0.5, kStart);
  s.Pop();  // round 0, target 0
  const SkipResult skipped = s.SkipLate(kStart + seconds{23});
  EXPECT_EQ(skipped.rounds, 4);  // 5, 10, 15, 20 (round 0 had sent)
  EXPECT_EQ(skipped.probes, 9);  // round 0's second target and 4 rounds of 2
  EXPECT_EQ(s.Peek()->round, 25);
  EXPECT_EQ(s.Peek()->target, 0u);
}

TEST(ScheduleTest, SkipWithinTheCurrentRound) {
  std::vector<TargetSpec> targets(10, Target("t", milliseconds{1000}));
  Schedule s = Make(targets, milliseconds{1000}, 0.9, kStart);  // offsets 90 ms apart
  s.Pop();
  s.Pop();
  const SkipResult skipped = s.SkipLate(kStart + milliseconds{1550});
  EXPECT_EQ(skipped.probes, 5);  // offsets 180..540 ms
  EXPECT_EQ(skipped.rounds, 0);
  EXPECT_EQ(s.Peek()->round, 0);
  EXPECT_EQ(s.Peek()->target, 7u);
}

TEST(ScheduleTest, EmptyTargetListHasNothingDue) {
  Schedule s = Make({}, milliseconds{1000}, 0.5, kStart);
  EXPECT_FALSE(s.Peek());
  EXPECT_FALSE(s.Pop());
  EXPECT_EQ(s.SkipLate(kStart + seconds{100}).probes, 0);
}

TEST(ScheduleTest, RejectsIntervalsThatAreNotMultiplesOfTheBase) {
  std::vector<TargetSpec> targets = Targets({1000, 1500, 0});
  targets[1].name = "slow";
  targets[2].name = "zero";
  Result<Schedule> s = Schedule::Create(targets, milliseconds{1000}, 0.5);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error(),
            "target 'slow': interval 1500 ms is not a positive multiple of the base interval "
            "1000 ms; target 'zero': interval 0 ms is not a positive multiple of the base "
            "interval 1000 ms");
}

TEST(ScheduleTest, RejectsABadBaseOrSpread) {
  const std::vector<TargetSpec> targets = Targets({1000});
  EXPECT_EQ(Schedule::Create(targets, milliseconds{0}, 0.5).error(),
            "schedule: base interval must be positive, got 0 ms");
  EXPECT_EQ(Schedule::Create(targets, milliseconds{1000}, 1.0).error(),
            "schedule: spread fraction must be in [0, 1), got 1.000000");
  EXPECT_FALSE(Schedule::Create(targets, milliseconds{1000}, -0.1).ok());
  EXPECT_FALSE(
      Schedule::Create(targets, milliseconds{1000}, std::numeric_limits<double>::quiet_NaN()).ok());
}

// SkipLate against popping one probe at a time, over random configurations
// (with more distinct multiples than inclusion-exclusion handles, too).
struct Naive {
  std::int64_t probes = 0;
  std::int64_t rounds = 0;
};

Naive NaiveSkip(Schedule copy, MonoTime now, const std::set<std::int64_t>& sent_rounds) {
  Naive n;
  std::set<std::int64_t> touched;
  while (copy.Peek()->due < now - copy.base()) {
    touched.insert(copy.Pop()->round);
    ++n.probes;
  }
  for (std::int64_t r : touched) {
    if (!sent_rounds.count(r) && r != copy.Peek()->round) ++n.rounds;
  }
  return n;
}

TEST(ScheduleTest, SkipLateMatchesPoppingOneByOne) {
  std::mt19937 rng(20261127);
  for (int trial = 0; trial < 200; ++trial) {
    const int distinct = trial % 5 == 0 ? 14 : 1 + trial % 4;
    std::vector<TargetSpec> targets;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) {
      const int m = i < distinct ? 2 + i : 1 + static_cast<int>(rng() % (distinct + 1));
      targets.push_back(Target("t", milliseconds{10 * m}));
    }
    Schedule s = Make(targets, milliseconds{10}, 0.7, kStart);
    std::set<std::int64_t> sent_rounds;
    for (int step = 0; step < 5; ++step) {
      const int pops = static_cast<int>(rng() % 20);
      for (int i = 0; i < pops; ++i) sent_rounds.insert(s.Pop()->round);
      const MonoTime now = s.Peek()->due + milliseconds{rng() % 3000};
      const Naive expected = NaiveSkip(s, now, sent_rounds);
      Schedule reference = s;
      while (reference.Peek()->due < now - reference.base()) reference.Pop();
      const SkipResult got = s.SkipLate(now);
      ASSERT_EQ(got.probes, expected.probes) << "trial " << trial << " step " << step;
      ASSERT_EQ(got.rounds, expected.rounds) << "trial " << trial << " step " << step;
      ASSERT_EQ(s.Peek()->due, reference.Peek()->due);
      ASSERT_EQ(s.Peek()->target, reference.Peek()->target);
    }
  }
}

}  // namespace
}  // namespace ww
