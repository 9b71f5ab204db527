#pragma once
// isp-status's uplink history, shared by /api/history?range= (JSON) and
// /api/history.csv: the `range` and `name` parameters, the read of the
// uplink's stored minutes, BuildUplinkHistory (engine/uplink_history.h), and
// the bucket fields, which both formats list in the same order.
//
// The grid: from (now - range) aligned down to 300 s up to the start of the
// bucket still open at `now` (every bucket present, SEMANTICS.md §2).
//
// Uplink names: the ones /api/status shows (Snapshot::uplinks[].name; the
// implicit uplink under its interface's name) or the store's key
// (UplinkStatus::key, "" for the implicit uplink). Before the engine's first
// snapshot: ApiContext::uplinks, the implicit one shown as "default".
//
// Errors are isp-status bodies {"detail": ..., "error": code}: 400
// invalid_parameter (the parameter named, with the allowed values), 404
// unknown_uplink.
//
// Thread safety: pure functions of their arguments, plus reads of the
// context's store and snapshot, which are safe from any thread.

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "api/api_context.h"
#include "api/json_format.h"
#include "engine/uplink_history.h"
#include "http/http_types.h"

namespace ww {

struct HistoryRange {
  std::string_view label;
  std::chrono::seconds span;
};
inline constexpr std::array<HistoryRange, 5> kHistoryRanges = {{
    {"24h", std::chrono::hours(24)},
    {"72h", std::chrono::hours(72)},
    {"7d", std::chrono::hours(24 * 7)},
    {"30d", std::chrono::hours(24 * 30)},
    {"90d", std::chrono::hours(24 * 90)},
}};
inline constexpr std::string_view kDefaultCsvRange = "24h";

struct UplinkHistoryRequest {
  HistoryRange range;
  std::string name;  // as shown
  std::string key;   // the store's key
};

// {"detail": detail, "error": code} with `status`.
HttpResponse IspError(int status, std::string_view code, std::string_view detail);

// `range_text` is the range asked for; the uplink comes from `name` (required
// when more than one uplink exists). Returns the request or the error response.
std::variant<UplinkHistoryRequest, HttpResponse> ParseUplinkHistoryRequest(
    const ApiContext& context, const HttpRequest& request, std::string_view range_text);

struct LoadedUplinkHistory {
  std::int64_t from_ms = 0;  // first bucket's start
  std::int64_t to_ms = 0;    // end of the last bucket
  UplinkHistory history;
};
LoadedUplinkHistory LoadUplinkHistory(const Store& store, const UplinkHistoryRequest& request,
                                      WallTime now);

// The bucket's fields, in the order of kBucketFields: JSON values (null where
// there is nothing to say), rounded as api/json_format.h says.
inline constexpr std::array<std::string_view, 14> kBucketFields = {
    "start",        "start_unix",      "state",   "state_label", "up_minutes", "degraded_minutes",
    "down_minutes", "missing_minutes", "samples", "lost",        "loss_pct",   "avg_ms",
    "min_ms",       "max_ms"};
std::array<Json, kBucketFields.size()> BucketValues(const UplinkBucket& bucket);

// {range, name, from, to, bucket_seconds, buckets, summary}, added to `body`.
void AddUplinkHistoryJson(Json& body, const UplinkHistoryRequest& request,
                          const LoadedUplinkHistory& loaded);

}  // namespace ww
