#pragma once
// /api/history.csv: an uplink's 5-minute buckets as CSV (RFC 4180 with CRLF
// line ends, as the Connectivity Monitor's CSV logs; no value needs quoting):
// a header row of the JSON bucket's field names, one row per bucket with the
// same values (api/uplink_bucket_format.h), an empty cell for null. Sent as an attachment named
// history_<name>_<range>.csv. The handler itself is declared in api/handlers.h.
//
// Thread safety: reads the store (safe from any thread); no state.

#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "store/store.h"

namespace ww {

// Header row and one row per bucket of the uplink `key` over `span` at `now`.
std::string UplinkHistoryCsv(const Store& store, const std::string& key, std::chrono::seconds span,
                             WallTime now);

// `attachment; filename="history_<safe>_<range>.csv";
// filename*=UTF-8''<percent-encoded>`: <safe> is the name with every
// character outside [A-Za-z0-9._-] replaced by one '_'; the RFC 6266 /
// RFC 8187 form keeps the name as it is for clients that read it.
std::string HistoryCsvDisposition(std::string_view uplink_name, std::string_view range);

}  // namespace ww
