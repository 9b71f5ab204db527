#pragma once
// Rollup arithmetic, kept apart from SQLite so it can be tested by hand.
//
// Every sample lands in one 1-minute, one 5-minute and one 1-hour bucket of its
// target. A cell holds count (all probes), lost (failed probes) and, over the
// successful ones, sum, min, max, sum of squares and a LatencyHistogram.
//
// The writer keeps the open buckets in a RollupBook. Per batch it Stages the
// new samples (copy-on-write: the book itself is untouched, cells it does not
// hold are fetched through the Loader, i.e. from disk, so a restart or a late
// sample adds to what is stored instead of overwriting it), writes the staged
// cells in the same transaction as the raw rows, and Installs them only when
// that transaction committed. A failed batch therefore never counts twice.
//
// Thread safety: none; owned by the writer thread.

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "store/latency_histogram.h"

namespace ww {

struct RollupLevel {
  const char* table;
  std::int64_t width_ms;
};
inline constexpr std::array<RollupLevel, 3> kRollupLevels = {
    {{"rollup_1m", 60'000}, {"rollup_5m", 300'000}, {"rollup_1h", 3'600'000}}};

// Start of the bucket holding ts_ms (floor division, also before 1970).
std::int64_t BucketStart(std::int64_t ts_ms, std::int64_t width_ms);

struct RollupCell {
  std::uint64_t count = 0;  // probes
  std::uint64_t lost = 0;   // failed probes
  double sum_ms = 0;        // over successful probes, as are the rest
  double sumsq_ms = 0;
  std::optional<double> min_ms, max_ms;
  LatencyHistogram hist;

  void Add(bool ok, double rtt_ms);
  std::uint64_t ok_count() const { return count - lost; }
  bool operator==(const RollupCell&) const = default;
};

struct RollupKey {
  std::size_t level = 0;  // index into kRollupLevels
  std::int64_t bucket_ms = 0;
  std::int64_t target_row = 0;
  auto operator<=>(const RollupKey&) const = default;
};

struct RollupInput {
  std::int64_t ts_ms = 0;
  std::int64_t target_row = 0;
  bool ok = false;
  double rtt_ms = 0;
};

class RollupBook {
 public:
  using Cells = std::map<RollupKey, RollupCell>;
  // Returns the stored cell for a key, or nothing. May throw (the caller's I/O).
  using Loader = std::function<std::optional<RollupCell>(const RollupKey&)>;

  // The cells touched by `inputs`, with their new totals. The book is unchanged.
  Cells Stage(const std::vector<RollupInput>& inputs, const Loader& load) const;
  // Adopts committed cells as the current state of their buckets.
  void Install(Cells staged);
  // Forgets buckets that ended at least grace_ms before newest_ms: they are final
  // on disk, and a straggler reloads them through the Loader.
  void EvictClosed(std::int64_t newest_ms, std::int64_t grace_ms);

  std::size_t open_cells() const { return cells_.size(); }
  const RollupCell* Find(const RollupKey& key) const;

 private:
  Cells cells_;
};

}  // namespace ww
