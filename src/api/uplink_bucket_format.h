#pragma once
// One isp-status history bucket as text: a JSON object for /api/history, a CSV
// row for /api/history.csv, written straight into the response (90 days are
// 25,920 buckets: a JSON DOM of them cost more than reading them from SQLite).
// Both list kBucketFields in that order with the same values; numbers follow
// api/json_format.h (latencies and percentages rounded to 0.01, null when
// missing or not finite; a JSON null is an empty CSV cell) and print as the
// JSON DOM would ("8.0", "36.67").
//
// Thread safety: pure functions.

#include <array>
#include <string>
#include <string_view>

#include "engine/uplink_history.h"

namespace ww {

inline constexpr std::array<std::string_view, 14> kBucketFields = {
    "start",        "start_unix",      "state",   "state_label", "up_minutes", "degraded_minutes",
    "down_minutes", "missing_minutes", "samples", "lost",        "loss_pct",   "avg_ms",
    "min_ms",       "max_ms"};

enum class BucketFormat { kJsonObject, kCsvRow };

// Appends api/json_format.h's Iso() of a Unix time, without its cost.
void AppendIso(std::string& out, std::int64_t unix_ms);

// Appends the bucket (a CSV row without its line end).
void AppendBucket(std::string& out, const UplinkBucket& bucket, BucketFormat format);

}  // namespace ww
