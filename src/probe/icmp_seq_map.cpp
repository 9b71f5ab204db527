#include "probe/icmp_seq_map.h"

namespace ww {

std::optional<std::uint16_t> IcmpSeqMap::Add(std::uint32_t probe, std::int64_t stamp) {
  if (pending_ >= kSize) return std::nullopt;
  if (entries_.empty()) entries_.resize(kSize);
  // Bounded: fewer than kSize entries are pending, so one is free within kSize steps.
  for (std::size_t i = 0; i < kSize; ++i) {
    const std::uint16_t seq = next_++;
    Entry& e = entries_[seq];
    if (e.state == State::kPending) continue;
    e = Entry{stamp, MonoTime{}, probe, State::kPending};
    ++pending_;
    return seq;
  }
  return std::nullopt;
}

IcmpSeqMap::Found IcmpSeqMap::Find(std::uint16_t seq, std::optional<std::int64_t> stamp,
                                   MonoTime now) const {
  if (entries_.empty()) return {};
  const Entry& e = entries_[seq];
  if (e.state == State::kFree || (stamp && e.stamp != *stamp)) return {};
  switch (e.state) {
    case State::kPending:
      return {Match::kPending, e.probe};
    case State::kAnswered:
      return {now - e.closed_at < kHistory ? Match::kDuplicate : Match::kUnknown, kNoProbe};
    case State::kExpired:
      return {now - e.closed_at < kHistory ? Match::kLate : Match::kUnknown, kNoProbe};
    default:
      return {};
  }
}

void IcmpSeqMap::Close(std::uint16_t seq, bool answered, MonoTime now) {
  if (entries_.empty()) return;
  Entry& e = entries_[seq];
  if (e.state != State::kPending) return;
  e.state = answered ? State::kAnswered : State::kExpired;
  e.closed_at = now;
  e.probe = kNoProbe;
  --pending_;
}

}  // namespace ww
