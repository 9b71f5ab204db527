#include "probe/schedule.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace ww {
namespace {

// Inclusion-exclusion over more base multiples than this would cost more than
// walking the rounds; real configurations have one to four.
constexpr std::size_t kMaxInclusionExclusion = 12;

std::int64_t CeilDiv(std::int64_t x, std::int64_t m) { return (x + m - 1) / m; }

// Multiples of m in [a, b), for 0 <= a <= b.
std::int64_t MultiplesIn(std::int64_t a, std::int64_t b, std::int64_t m) {
  return CeilDiv(b, m) - CeilDiv(a, m);
}

// lcm(l, m), saturated at cap (any value above the range counts the same).
std::int64_t LcmCapped(std::int64_t l, std::int64_t m, std::int64_t cap) {
  const std::int64_t step = l / std::gcd(l, m);
  if (step > cap / m) return cap;
  return std::min(step * m, cap);
}

std::string IntervalError(const TargetSpec& t, Millis base) {
  return "target '" + t.name + "': interval " + std::to_string(t.interval.count()) +
         " ms is not a positive multiple of the base interval " + std::to_string(base.count()) +
         " ms";
}

}  // namespace

Result<Schedule> Schedule::Create(const std::vector<TargetSpec>& targets, Millis base,
                                  double spread_fraction) {
  if (base.count() <= 0) {
    return Result<Schedule>::Error("schedule: base interval must be positive, got " +
                                   std::to_string(base.count()) + " ms");
  }
  if (!(spread_fraction >= 0 && spread_fraction < 1)) {
    return Result<Schedule>::Error("schedule: spread fraction must be in [0, 1), got " +
                                   std::to_string(spread_fraction));
  }
  std::string errors;
  std::vector<std::int64_t> multiple;
  multiple.reserve(targets.size());
  for (const TargetSpec& t : targets) {
    if (t.interval.count() <= 0 || t.interval.count() % base.count() != 0) {
      errors += (errors.empty() ? "" : "; ") + IntervalError(t, base);
      continue;
    }
    multiple.push_back(t.interval.count() / base.count());
  }
  if (!errors.empty()) return Result<Schedule>::Error(errors);
  const Duration base_ns = base;
  const auto spread = Duration{static_cast<Duration::rep>(
      std::floor(static_cast<double>(base_ns.count()) * spread_fraction))};
  return Schedule(base_ns, spread, std::move(multiple));
}

Schedule::Schedule(Duration base, Duration spread, std::vector<std::int64_t> multiple)
    : base_(base), spread_(spread), multiple_(std::move(multiple)) {
  for (TargetId id = 0; id < multiple_.size(); ++id) {
    auto it = std::find_if(groups_.begin(), groups_.end(),
                           [&](const Group& g) { return g.multiple == multiple_[id]; });
    if (it == groups_.end()) it = groups_.insert(groups_.end(), Group{multiple_[id], {}, 0});
    it->targets.push_back(id);
  }
  std::sort(groups_.begin(), groups_.end(),
            [](const Group& a, const Group& b) { return a.multiple < b.multiple; });
  for (const Group& g : groups_) {
    const bool covered = std::any_of(base_multiples_.begin(), base_multiples_.end(),
                                     [&](std::int64_t m) { return g.multiple % m == 0; });
    if (!covered) base_multiples_.push_back(g.multiple);
  }
}

void Schedule::Start(MonoTime start) {
  start_ = start;
  sent_in_round_ = false;
  if (!groups_.empty()) EnterRound(0, std::nullopt);
}

Duration Schedule::Offset(TargetId target) const {
  // floor(spread * i / n) without overflowing: spread = q * n + r.
  const auto n = static_cast<Duration::rep>(multiple_.size());
  const Duration::rep q = spread_.count() / n;
  const Duration::rep r = spread_.count() % n;
  const auto i = static_cast<Duration::rep>(target);
  return Duration{q * i + r * i / n};
}

std::optional<TargetId> Schedule::Current() const {
  std::optional<TargetId> best;
  for (const Group& g : groups_) {
    if (g.cursor < g.targets.size() && (!best || g.targets[g.cursor] < *best)) {
      best = g.targets[g.cursor];
    }
  }
  return best;
}

std::optional<ScheduledProbe> Schedule::Peek() const {
  const std::optional<TargetId> target = Current();
  if (!target) return std::nullopt;
  return ScheduledProbe{RoundStart(round_) + Offset(*target), *target, round_};
}

std::optional<ScheduledProbe> Schedule::Pop() {
  std::optional<ScheduledProbe> probe = Peek();
  if (!probe) return std::nullopt;
  sent_in_round_ = true;
  Advance();
  return probe;
}

void Schedule::Advance() {
  Group* best = nullptr;
  for (Group& g : groups_) {
    if (g.cursor < g.targets.size() &&
        (best == nullptr || g.targets[g.cursor] < best->targets[best->cursor])) {
      best = &g;
    }
  }
  if (best != nullptr) ++best->cursor;
  if (!Current()) {
    sent_in_round_ = false;
    EnterRound(NextMemberRound(round_ + 1), std::nullopt);
  }
}

std::int64_t Schedule::NextMemberRound(std::int64_t from) const {
  std::int64_t next = std::numeric_limits<std::int64_t>::max();
  for (const Group& g : groups_) next = std::min(next, CeilDiv(from, g.multiple) * g.multiple);
  return next;
}

bool Schedule::EnterRound(std::int64_t round, std::optional<MonoTime> at) {
  round_ = round;
  bool any = false;
  for (Group& g : groups_) {
    if (round % g.multiple != 0) {
      g.cursor = g.targets.size();
      continue;
    }
    g.cursor = 0;
    if (at) {
      const Duration into_round = *at - RoundStart(round);
      g.cursor = static_cast<std::size_t>(
          std::partition_point(g.targets.begin(), g.targets.end(),
                               [&](TargetId t) { return Offset(t) < into_round; }) -
          g.targets.begin());
    }
    any = any || g.cursor < g.targets.size();
  }
  return any;
}

std::int64_t Schedule::ProbesBeforeCursor() const {
  std::int64_t n = 0;
  for (const Group& g : groups_) {
    if (round_ % g.multiple == 0) n += static_cast<std::int64_t>(g.cursor);
  }
  return n;
}

std::int64_t Schedule::ProbesInRound(std::int64_t round) const {
  std::int64_t n = 0;
  for (const Group& g : groups_) {
    if (round % g.multiple == 0) n += static_cast<std::int64_t>(g.targets.size());
  }
  return n;
}

std::int64_t Schedule::CountProbes(std::int64_t first_round, std::int64_t end_round) const {
  std::int64_t n = 0;
  for (const Group& g : groups_) {
    n += static_cast<std::int64_t>(g.targets.size()) *
         MultiplesIn(first_round, end_round, g.multiple);
  }
  return n;
}

std::int64_t Schedule::CountMemberRounds(std::int64_t first_round, std::int64_t end_round) const {
  if (first_round >= end_round || base_multiples_.empty()) return 0;
  const std::size_t d = base_multiples_.size();
  if (d > kMaxInclusionExclusion) {
    std::int64_t n = 0;
    for (std::int64_t r = NextMemberRound(first_round); r < end_round; r = NextMemberRound(r + 1)) {
      ++n;
    }
    return n;
  }
  // Rounds divisible by at least one multiple, by inclusion-exclusion.
  const std::int64_t cap = end_round + 1;
  std::int64_t n = 0;
  for (std::uint32_t mask = 1; mask < (1u << d); ++mask) {
    std::int64_t l = 1;
    for (std::size_t j = 0; j < d; ++j) {
      if ((mask >> j) & 1u) l = LcmCapped(l, base_multiples_[j], cap);
    }
    const std::int64_t count = MultiplesIn(first_round, end_round, l);
    n += (std::popcount(mask) % 2 == 1) ? count : -count;
  }
  return n;
}

SkipResult Schedule::SkipLate(MonoTime now) {
  const std::optional<ScheduledProbe> next = Peek();
  const MonoTime cutoff = now - base_;
  if (!next || next->due >= cutoff) return {};
  const std::int64_t first = round_;
  const std::int64_t before_old = ProbesBeforeCursor();
  const std::int64_t in_first = ProbesInRound(first);
  const bool had_sent = sent_in_round_;

  // cutoff > next->due >= start_, so this is at least `first`.
  const std::int64_t cutoff_round = std::max<std::int64_t>(first, (cutoff - start_) / base_);
  std::int64_t landed = cutoff_round;
  if (!EnterRound(cutoff_round, cutoff)) {
    landed = NextMemberRound(cutoff_round + 1);
    EnterRound(landed, std::nullopt);
  }
  const std::int64_t before_new = ProbesBeforeCursor();

  SkipResult skipped;
  if (landed == first) {
    skipped.probes = before_new - before_old;
  } else {
    skipped.probes = (in_first - before_old) + CountProbes(first + 1, landed) + before_new;
    skipped.rounds = CountMemberRounds(first, landed) - (had_sent ? 1 : 0);
    sent_in_round_ = false;
  }
  skipped_total_.rounds += skipped.rounds;
  skipped_total_.probes += skipped.probes;
  return skipped;
}

}  // namespace ww
