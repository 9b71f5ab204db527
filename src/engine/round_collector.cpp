#include "engine/round_collector.h"

#include <algorithm>

namespace ww {

bool Round::AllFailed() const {
  return std::none_of(samples.begin(), samples.end(), [](const Sample& s) { return s.ok; });
}

std::optional<double> Round::MeanRtt() const {
  double sum = 0;
  int n = 0;
  for (const Sample& s : samples) {
    if (!s.ok) continue;
    sum += s.rtt_ms;
    ++n;
  }
  if (n == 0) return std::nullopt;
  return sum / n;
}

std::vector<Round> RoundCollector::Add(const Sample& sample) {
  std::vector<Round> out;
  // A sample of a round already released (it was released incomplete) is too late to matter.
  if (last_released_ && sample.round <= *last_released_) return out;
  Round& round = pending_[sample.round];
  if (round.samples.empty() || sample.sent_at < round.started_at) round.started_at = sample.sent_at;
  round.number = sample.round;
  round.samples.push_back(sample);

  auto is_complete = [&](const Round& r) { return r.samples.size() >= members_; };
  while (!pending_.empty()) {
    auto first = pending_.begin();
    if (!is_complete(first->second)) {
      const auto complete_later = static_cast<std::size_t>(
          std::count_if(std::next(first), pending_.end(),
                        [&](const auto& kv) { return is_complete(kv.second); }));
      if (complete_later < max_pending_) break;
      first->second.complete = false;
    }
    last_released_ = first->first;
    out.push_back(std::move(first->second));
    pending_.erase(first);
  }
  return out;
}

}  // namespace ww
