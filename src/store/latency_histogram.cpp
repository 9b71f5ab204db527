#include "store/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace ww {
namespace {

constexpr std::uint8_t kFormatV1 = 1;

void PutVarint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// Reads one LEB128 value of at most 10 bytes; false on truncation or overflow.
bool GetVarint(const std::uint8_t*& p, const std::uint8_t* end, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p == end) return false;
    const std::uint8_t byte = *p++;
    if (shift == 63 && byte > 1) return false;
    v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

}  // namespace

std::size_t LatencyHistogram::BucketOf(double rtt_ms) {
  if (!(rtt_ms >= 0)) return 0;  // NaN and negatives land in the first bucket
  return static_cast<std::size_t>(
      std::upper_bound(kLatencyEdgesMs.begin(), kLatencyEdgesMs.end(), rtt_ms) -
      kLatencyEdgesMs.begin());
}

double LatencyHistogram::LowerEdge(std::size_t bucket) {
  return bucket == 0 ? 0.0 : kLatencyEdgesMs[std::min(bucket, kLatencyEdgesMs.size()) - 1];
}

double LatencyHistogram::UpperEdge(std::size_t bucket) {
  return bucket < kLatencyEdgesMs.size() ? kLatencyEdgesMs[bucket] : kLatencyEdgesMs.back();
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < kLatencyBuckets; ++i) counts_[i] += other.counts_[i];
}

std::uint64_t LatencyHistogram::Total() const {
  std::uint64_t total = 0;
  for (auto c : counts_) total += c;
  return total;
}

std::optional<double> LatencyHistogram::Percentile(double p, std::optional<double> min_ms,
                                                   std::optional<double> max_ms) const {
  const std::uint64_t total = Total();
  if (total == 0 || !std::isfinite(p)) return std::nullopt;
  const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(total);
  double before = 0;
  std::size_t bucket = 0;
  for (; bucket < kLatencyBuckets; ++bucket) {
    const double c = static_cast<double>(counts_[bucket]);
    if (c > 0 && rank <= before + c) break;
    before += c;
  }
  bucket = std::min(bucket, kLatencyBuckets - 1);
  const double c = static_cast<double>(counts_[bucket]);
  const double f = c > 0 ? std::clamp((rank - before) / c, 0.0, 1.0) : 1.0;
  const double lo = LowerEdge(bucket);
  const double hi = UpperEdge(bucket);
  double value;
  if (bucket + 1 == kLatencyBuckets) {
    value = max_ms.value_or(lo);  // nothing above 10 s to interpolate towards
  } else if (bucket == 0) {
    value = lo + f * (hi - lo);
  } else {
    value = lo * std::pow(hi / lo, f);
  }
  if (min_ms) value = std::max(value, *min_ms);
  if (max_ms) value = std::min(value, *max_ms);
  return value;
}

std::string LatencyHistogram::Encode() const {
  std::string out(1, static_cast<char>(kFormatV1));
  for (std::size_t i = 0; i < kLatencyBuckets; ++i) {
    if (counts_[i] == 0) continue;
    out.push_back(static_cast<char>(i));
    PutVarint(out, counts_[i]);
  }
  return out;
}

Result<LatencyHistogram> LatencyHistogram::Decode(const void* data, std::size_t size) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  const auto* end = p + size;
  if (size == 0) return Result<LatencyHistogram>::Error("latency histogram: empty blob");
  if (*p != kFormatV1) {
    return Result<LatencyHistogram>::Error("latency histogram: unknown format " +
                                           std::to_string(*p));
  }
  ++p;
  LatencyHistogram h;
  int previous = -1;
  while (p != end) {
    const int index = *p++;
    if (index >= static_cast<int>(kLatencyBuckets) || index <= previous) {
      return Result<LatencyHistogram>::Error("latency histogram: bad bucket index " +
                                             std::to_string(index));
    }
    std::uint64_t count = 0;
    if (!GetVarint(p, end, count)) {
      return Result<LatencyHistogram>::Error("latency histogram: truncated count for bucket " +
                                             std::to_string(index));
    }
    h.counts_[static_cast<std::size_t>(index)] = count;
    previous = index;
  }
  return h;
}

}  // namespace ww
