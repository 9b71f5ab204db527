#pragma once
// Shared JSON conventions of the Connectivity Monitor API handlers.
//
// Numbers (one rule for every endpoint):
// - latencies and jitter in milliseconds, rounded to 0.01 ms (sub-millisecond
//   gateway RTTs stay visible);
// - percentages rounded to 0.01; durations in seconds rounded to 0.1 s;
// - a value that does not exist yet (no successful probe) is null, never 0;
//   NaN and infinities are null too. Numbers are JSON numbers, never strings.
// Timestamps are ISO 8601 UTC with milliseconds ("...T21:02:34.123+00:00").
//
// Thread safety: pure functions.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "engine/diagnosis.h"  // DiagnosisCodeName
#include "engine/snapshot.h"
#include "http/http_types.h"

namespace ww {

// Insertion-ordered, so responses read in the order fields are documented:
// the seed's fields first, then aliases, then ours; heatmap hours 0..23.
using Json = nlohmann::ordered_json;

double RoundTo(double value, int decimals);
Json Number(double value, int decimals);  // null when not finite
Json Ms(std::optional<double> value);
Json Pct(double value);
Json Secs(double value);
std::string Iso(WallTime t);

// "1h 02m 03s" (the original's format; hours grow past 24).
std::string HumanDuration(std::int64_t seconds);

// {start, end, duration_sec, diagnosis, id, diagnosis_code, detail, ongoing}.
Json DropJson(const DropRecord& drop, bool ongoing);

// 200 application/json; invalid UTF-8 in strings is replaced, never thrown.
HttpResponse JsonOk(const Json& body);

// The context's snapshot, or a fresh "Initializing..." one at the current
// time when the engine has not published yet.
std::shared_ptr<const Snapshot> CurrentSnapshot(const ApiContext& context);

}  // namespace ww
