#include "impairment.h"

#include <cmath>
#include <numeric>
#include <random>
#include <sstream>

namespace ww::lab {
namespace {

constexpr int kAll = kProtocolCount;

int Index(std::optional<Protocol> p) { return p ? static_cast<int>(*p) : kAll; }

std::string TargetName(std::uint32_t t) {
  if (t == 0) return "*";
  return std::to_string(t >> 24) + "." + std::to_string((t >> 16) & 255) + "." +
         std::to_string((t >> 8) & 255) + "." + std::to_string(t & 255);
}

// SplitMix64: a cheap, well-mixed hash to derive one PRNG seed per block.
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Block size n and drops per block k for a loss rate in percent.
std::pair<std::uint64_t, std::uint64_t> BlockShape(double pct) {
  std::int64_t scale = 100;
  std::int64_t parts = std::llround(pct);
  if (std::fabs(pct - static_cast<double>(parts)) > 1e-9) {
    scale = 1000;
    parts = std::llround(pct * 10);
  }
  const std::int64_t g = std::gcd(parts, scale);
  return {static_cast<std::uint64_t>(scale / g), static_cast<std::uint64_t>(parts / g)};
}

}  // namespace

const char* ProtocolName(Protocol p) {
  switch (p) {
    case Protocol::kIcmp:
      return "icmp";
    case Protocol::kTcp:
      return "tcp";
    case Protocol::kDns:
      return "dns";
    case Protocol::kHttp:
      return "http";
  }
  return "?";
}

void Impairments::Apply(std::optional<Protocol> protocol, std::uint32_t target,
                        const RuleChange& change) {
  const int p = Index(protocol);
  // A broader command overrides what narrower rules said about the same field:
  // the last command wins for everything it covers.
  for (auto& [key, rule] : rules_) {
    const auto [kp, kt] = key;
    const bool covered = (p == kAll || kp == p) && (target == 0 || kt == target);
    if (!covered || key == Key{p, target}) continue;
    if (change.delay_ms) rule.delay_ms.reset();
    if (change.loss_pct) rule.loss_pct.reset();
    if (change.down_until || change.clear_down) rule.down_until.reset();
  }
  Rule& rule = rules_[Key{p, target}];
  if (change.delay_ms) rule.delay_ms = change.delay_ms;
  if (change.loss_pct) {
    rule.loss_pct = change.loss_pct;
    for (auto it = loss_.begin(); it != loss_.end();) {
      const auto [kp, kt] = it->first;
      const bool covered = (p == kAll || kp == p) && (target == 0 || kt == target);
      it = covered ? loss_.erase(it) : std::next(it);
    }
  }
  if (change.down_until) rule.down_until = change.down_until;
  // An explicit "not down" so that "icmp up" wins over an earlier "all down".
  if (change.clear_down) rule.down_until = MonoTime::min();
}

void Impairments::Reset() {
  rules_.clear();
  loss_.clear();
}

Impairments::Rule Impairments::Effective(Protocol protocol, std::uint32_t target) const {
  Rule out;
  const int p = static_cast<int>(protocol);
  // From the broadest to the most specific; a later field overrides an earlier one.
  for (const Key& key : {Key{kAll, 0}, Key{p, 0}, Key{kAll, target}, Key{p, target}}) {
    auto it = rules_.find(key);
    if (it == rules_.end()) continue;
    if (it->second.delay_ms) out.delay_ms = it->second.delay_ms;
    if (it->second.loss_pct) out.loss_pct = it->second.loss_pct;
    if (it->second.down_until) out.down_until = it->second.down_until;
  }
  return out;
}

bool Impairments::LossDrops(Protocol protocol, std::uint32_t target, double pct) {
  if (pct <= 0) return false;
  if (pct >= 100) return true;
  const auto [n, k] = BlockShape(pct);
  LossState& s = loss_[Key{static_cast<int>(protocol), target}];
  const std::uint64_t block = s.count / n;
  if (block != s.block_index || s.drops.size() != n) {
    s.block_index = block;
    s.drops.assign(n, false);
    for (std::uint64_t i = 0; i < k; ++i) s.drops[i] = true;
    std::mt19937_64 rng(
        Mix(seed_ ^ Mix(static_cast<std::uint64_t>(protocol) ^ Mix(target ^ Mix(block)))));
    // Fisher-Yates with our own index draw, so the pattern is the same with every library.
    for (std::uint64_t i = n - 1; i > 0; --i) {
      const std::uint64_t j = rng() % (i + 1);
      const bool tmp = s.drops[i];
      s.drops[i] = s.drops[j];
      s.drops[j] = tmp;
    }
  }
  const bool drop = s.drops[s.count % n];
  ++s.count;
  return drop;
}

Decision Impairments::Decide(Protocol protocol, std::uint32_t target, MonoTime now) {
  const Rule rule = Effective(protocol, target);
  Decision d;
  if (rule.down_until && now < *rule.down_until) {
    d.drop = true;
    return d;
  }
  if (rule.loss_pct && LossDrops(protocol, target, *rule.loss_pct)) {
    d.drop = true;
    return d;
  }
  if (rule.delay_ms) d.delay = std::chrono::milliseconds(*rule.delay_ms);
  return d;
}

std::string Impairments::Describe(MonoTime now) const {
  std::ostringstream out;
  bool first = true;
  for (const auto& [key, rule] : rules_) {
    const auto [p, t] = key;
    out << (first ? "" : "; ") << (p == kAll ? "all" : ProtocolName(static_cast<Protocol>(p)))
        << " target=" << TargetName(t);
    if (rule.delay_ms) out << " delay=" << *rule.delay_ms;
    if (rule.loss_pct) out << " loss=" << *rule.loss_pct;
    if (rule.down_until && *rule.down_until == MonoTime::max()) {
      out << " down";
    } else if (rule.down_until && *rule.down_until > now) {
      out << " down_for_ms="
          << std::chrono::duration_cast<std::chrono::milliseconds>(*rule.down_until - now).count();
    }
    first = false;
  }
  return first ? "no impairments" : out.str();
}

}  // namespace ww::lab
