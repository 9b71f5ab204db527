#pragma once
// A fixed, roughly log-spaced latency histogram kept with every rollup row so
// that percentiles survive aggregation (SmokePing-style distributions): two
// histograms merge by adding counts, which a stored p95 never could.
//
// The bucket edges are part of the on-disk format: never change them, add a
// new format version instead. Bucket i holds [edge[i-1], edge[i]) (edge[-1] = 0);
// the last bucket holds everything from 10 s up.
//
// Thread safety: a value type; no shared state.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace ww {

// Upper edges in milliseconds; 1-1.5-2-3-5-7.5 steps (ratio about 1.5).
inline constexpr std::array<double, 24> kLatencyEdgesMs = {
    0.5, 0.75, 1,   1.5, 2,   3,   5,   7.5, 10,   15,   20,   30,
    50,  75,   100, 150, 200, 300, 500, 750, 1000, 2000, 5000, 10000};
inline constexpr std::size_t kLatencyBuckets = kLatencyEdgesMs.size() + 1;

class LatencyHistogram {
 public:
  static std::size_t BucketOf(double rtt_ms);
  // Lower and upper edge of a bucket; the overflow bucket's upper edge is the lower one.
  static double LowerEdge(std::size_t bucket);
  static double UpperEdge(std::size_t bucket);

  void Add(double rtt_ms) { ++counts_[BucketOf(rtt_ms)]; }
  void Merge(const LatencyHistogram& other);
  std::uint64_t Total() const;
  const std::array<std::uint64_t, kLatencyBuckets>& counts() const { return counts_; }
  void SetCount(std::size_t bucket, std::uint64_t n) { counts_[bucket] = n; }

  // p in [0, 100]. Interpolates inside the bucket that holds the rank (geometrically,
  // linearly in the first bucket) and clamps to [min_ms, max_ms] when those are known,
  // which makes a histogram of one value exact. Empty histogram: no value.
  std::optional<double> Percentile(double p, std::optional<double> min_ms = std::nullopt,
                                   std::optional<double> max_ms = std::nullopt) const;

  // Compact blob: a format byte (1), then (bucket index byte, LEB128 count) for
  // each non-empty bucket in ascending order. A minute of pings takes ~5-10 bytes.
  std::string Encode() const;
  static Result<LatencyHistogram> Decode(const void* data, std::size_t size);

  bool operator==(const LatencyHistogram&) const = default;

 private:
  std::array<std::uint64_t, kLatencyBuckets> counts_{};
};

}  // namespace ww
