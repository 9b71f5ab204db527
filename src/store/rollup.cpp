#include "store/rollup.h"

#include <algorithm>
#include <cmath>

namespace ww {

std::int64_t BucketStart(std::int64_t ts_ms, std::int64_t width_ms) {
  std::int64_t q = ts_ms / width_ms;
  if (ts_ms % width_ms < 0) --q;
  return q * width_ms;
}

void RollupCell::Add(bool ok, double rtt_ms) {
  ++count;
  if (!ok) {
    ++lost;
    return;
  }
  if (!std::isfinite(rtt_ms) || rtt_ms < 0) rtt_ms = 0;  // a broken reading must not poison sums
  sum_ms += rtt_ms;
  sumsq_ms += rtt_ms * rtt_ms;
  min_ms = min_ms ? std::min(*min_ms, rtt_ms) : rtt_ms;
  max_ms = max_ms ? std::max(*max_ms, rtt_ms) : rtt_ms;
  hist.Add(rtt_ms);
}

RollupBook::Cells RollupBook::Stage(const std::vector<RollupInput>& inputs,
                                    const Loader& load) const {
  Cells staged;
  for (const RollupInput& in : inputs) {
    for (std::size_t level = 0; level < kRollupLevels.size(); ++level) {
      const RollupKey key{level, BucketStart(in.ts_ms, kRollupLevels[level].width_ms),
                          in.target_row};
      auto it = staged.find(key);
      if (it == staged.end()) {
        auto held = cells_.find(key);
        RollupCell start;
        if (held != cells_.end()) {
          start = held->second;
        } else if (auto stored = load(key)) {
          start = *stored;
        }
        it = staged.emplace(key, start).first;
      }
      it->second.Add(in.ok, in.rtt_ms);
    }
  }
  return staged;
}

void RollupBook::Install(Cells staged) {
  for (auto& [key, cell] : staged) cells_.insert_or_assign(key, std::move(cell));
}

void RollupBook::EvictClosed(std::int64_t newest_ms, std::int64_t grace_ms) {
  std::erase_if(cells_, [&](const auto& entry) {
    const RollupKey& key = entry.first;
    return key.bucket_ms + kRollupLevels[key.level].width_ms + grace_ms <= newest_ms;
  });
}

const RollupCell* RollupBook::Find(const RollupKey& key) const {
  auto it = cells_.find(key);
  return it == cells_.end() ? nullptr : &it->second;
}

}  // namespace ww
