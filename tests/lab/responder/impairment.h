#pragma once
// The responder's impairment model: per protocol and per target address, an
// added delay, a deterministic loss rate and an outage window. Pure logic (the
// caller passes the time), so it is unit-tested without sockets.
//
// Loss is exact by construction. For a rate of p percent the packets of one
// target form consecutive blocks of n = 100 / gcd(p, 100) packets (p = 10 ->
// blocks of 10) of which exactly p * n / 100 are dropped; which positions are
// dropped is shuffled per block by a PRNG seeded from (seed, protocol, target,
// block number). Example, p = 10: every 10 consecutive echo requests to
// 203.0.113.10 lose exactly one, so 500 pings lose exactly 50, and any prefix of
// k packets loses within one packet of k / 10. Rates with a fraction use blocks
// of 1000 (p rounded to 0.1).
//
// Rules for one target override the protocol-wide rule field by field; a rule
// for the protocol "all" applies under both. Changing a loss rate restarts that
// target's blocks, so a test that sets a rate sees exactly that rate from then on.
//
// Thread safety: none; the responder uses it from its single event-loop thread.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/clock.h"

namespace ww::lab {

enum class Protocol : std::uint8_t { kIcmp, kTcp, kDns, kHttp };
inline constexpr int kProtocolCount = 4;
const char* ProtocolName(Protocol p);

// What a control command changes; unset fields are left as they are.
struct RuleChange {
  std::optional<std::int64_t> delay_ms;
  std::optional<double> loss_pct;
  std::optional<MonoTime> down_until;  // MonoTime::max() = until told otherwise
  bool clear_down = false;             // "up": end a down window now
};

struct Decision {
  bool drop = false;
  Duration delay{0};
};

class Impairments {
 public:
  explicit Impairments(std::uint64_t seed) : seed_(seed) {}

  // protocol empty = every protocol; target 0 = every target (IPv4, host order).
  void Apply(std::optional<Protocol> protocol, std::uint32_t target, const RuleChange& change);
  void Reset();

  // Decides the fate of one request that arrived at `now` for `target`.
  Decision Decide(Protocol protocol, std::uint32_t target, MonoTime now);

  // Human-readable summary of the rules in force, for the control socket.
  std::string Describe(MonoTime now) const;

 private:
  struct Rule {
    std::optional<std::int64_t> delay_ms;
    std::optional<double> loss_pct;
    std::optional<MonoTime> down_until;
  };
  struct LossState {
    std::uint64_t count = 0;  // packets seen since the rate was last set
    std::uint64_t block_index = ~std::uint64_t{0};
    std::uint64_t drop_mask_seed = 0;
    std::vector<bool> drops;  // drop pattern of the current block
  };
  // Key: (protocol index or kProtocolCount for "all", target or 0).
  using Key = std::tuple<int, std::uint32_t>;

  Rule Effective(Protocol protocol, std::uint32_t target) const;
  bool LossDrops(Protocol protocol, std::uint32_t target, double pct);

  std::uint64_t seed_;
  std::map<Key, Rule> rules_;
  std::map<Key, LossState> loss_;  // per (protocol, actual target)
};

}  // namespace ww::lab
