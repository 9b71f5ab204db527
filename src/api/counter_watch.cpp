#include "api/counter_watch.h"

namespace ww {

CounterWatch::Growth CounterWatch::Observe(const std::string& name, std::uint64_t value,
                                           MonoTime now) {
  std::lock_guard lock(mu_);
  auto [it, inserted] = entries_.try_emplace(name);
  Entry& e = it->second;
  if (inserted || value < e.value) {
    // First look, or the counter started over: any count it holds is news.
    e.grew_at = value > 0 ? std::optional<MonoTime>(now) : std::nullopt;
  } else if (value > e.value) {
    e.grew_at = now;
  }
  e.value = value;
  Growth g;
  g.at = e.grew_at;
  g.recent = e.grew_at && now - *e.grew_at < window_;
  return g;
}

}  // namespace ww
