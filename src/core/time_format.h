#pragma once
// ISO 8601 in UTC, the one timestamp format of the API and the logs.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace ww {

// "2026-11-27T21:02:34.123+00:00": millisecond precision, explicit offset
// (Python's datetime.fromisoformat reads it on every version; 'Z' only from 3.11).
std::string FormatIso8601(WallTime t);
// Same without fractional seconds: "2026-11-27T21:02:34+00:00".
std::string FormatIso8601Seconds(WallTime t);
// Accepts the forms above, 'Z', no offset (taken as UTC) and a date alone.
std::optional<WallTime> ParseIso8601(std::string_view text);

}  // namespace ww
