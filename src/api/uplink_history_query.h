#pragma once
// isp-status's uplink history, shared by /api/history?range= (JSON) and
// /api/history.csv: the `range` and `name` parameters, and the JSON body
// (the buckets come from api/uplink_history_stream.h; the CSV is
// api/history_csv.h).
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

// The whole body of /api/history?range= at `now`: `head` (the Connectivity
// Monitor fields) followed by range, name, from, to, bucket_seconds, buckets
// (api/uplink_history_stream.h, written by api/uplink_bucket_format.h) and summary.
std::string UplinkHistoryBody(Json head, const UplinkHistoryRequest& request, const Store& store,
                              WallTime now);

}  // namespace ww
