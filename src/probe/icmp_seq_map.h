#pragma once
// Which of our outstanding echo requests a reply answers, for one socket
// (the idea of fping's seqmap.c). Sequence numbers come from one 16-bit counter;
// an entry remembers the stamp its request carried (see icmp_packet.h), so a
// reply to an older request that used the same number is not mistaken for the
// current one. Answered and expired entries stay recognisable for kHistory, so
// late replies and duplicates are counted instead of being called foreign.
//
// Example: Add(probe 7, stamp S) -> seq 41. A reply (41, S) finds kPending 7;
// the prober calls Close(41, kAnswered). The same reply again finds kDuplicate.
// Had the probe timed out first (Close(41, kExpired)), the reply finds kLate.
// A reply (41, S') with another stamp finds kUnknown.
//
// Thread safety: none; owned by the probe loop.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/clock.h"

namespace ww {

class IcmpSeqMap {
 public:
  static constexpr std::uint32_t kNoProbe = UINT32_MAX;
  static constexpr std::size_t kSize = 65536;
  static constexpr Duration kHistory = std::chrono::seconds(10);

  enum class Match : std::uint8_t { kPending, kLate, kDuplicate, kUnknown };
  struct Found {
    Match match = Match::kUnknown;
    std::uint32_t probe = kNoProbe;  // set for kPending
  };

  // Gives the next sequence number that is not waiting for a reply to `probe`.
  // nullopt only when all 65,536 are pending.
  std::optional<std::uint16_t> Add(std::uint32_t probe, std::int64_t stamp);
  // `stamp` is nullopt when the reply does not carry it (an error quoting only
  // the first 8 bytes of our request): the sequence number alone decides then.
  Found Find(std::uint16_t seq, std::optional<std::int64_t> stamp, MonoTime now) const;
  // Ends the pending request on `seq`: answered (or failed) when `answered`,
  // otherwise expired. No-op when `seq` is not pending.
  void Close(std::uint16_t seq, bool answered, MonoTime now);
  std::size_t pending() const { return pending_; }

 private:
  enum class State : std::uint8_t { kFree, kPending, kAnswered, kExpired };
  struct Entry {
    std::int64_t stamp = 0;
    MonoTime closed_at{};
    std::uint32_t probe = kNoProbe;
    State state = State::kFree;
  };
  std::vector<Entry> entries_;  // kSize entries once the first request is added
  std::uint16_t next_ = 0;
  std::size_t pending_ = 0;
};

}  // namespace ww
