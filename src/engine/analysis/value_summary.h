#pragma once
// Count, mean, min and max of the values added, skipping the missing ones:
// the accumulator behind every per-hour and per-month figure of the analysis.
//
// Thread safety: none (a value type).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

namespace ww {

class ValueSummary {
 public:
  // Missing and non-finite values are not counted.
  void Add(std::optional<double> value) {
    if (!value || !std::isfinite(*value)) return;
    min_ = count_ == 0 ? *value : std::min(min_, *value);
    max_ = count_ == 0 ? *value : std::max(max_, *value);
    sum_ += *value;
    ++count_;
  }
  std::int64_t count() const { return count_; }
  std::optional<double> Mean() const {
    if (count_ == 0) return std::nullopt;
    return sum_ / static_cast<double>(count_);
  }
  std::optional<double> Min() const { return count_ == 0 ? std::nullopt : std::optional(min_); }
  std::optional<double> Max() const { return count_ == 0 ? std::nullopt : std::optional(max_); }

 private:
  std::int64_t count_ = 0;
  double sum_ = 0, min_ = 0, max_ = 0;
};

}  // namespace ww
