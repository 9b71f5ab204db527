#pragma once
// Calendar arithmetic in the zone of general.timezone, for the names and
// timestamps of the CSV logs and reports: local dates, the original's
// "YYYY-MM-DD HH:MM:SS.mmm" timestamps, local midnights.
//
// A zone is a UTC offset that may depend on the moment (LocalZone: "local"
// follows daylight saving); each function takes the offset in force at `t`.
//
// Thread safety: pure functions; MakeLocalZone's zones are immutable.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "config/timezone.h"
#include "core/clock.h"
#include "core/result.h"

namespace ww {

using LocalDay = std::chrono::sys_days;  // a local calendar day, as days since 1970-01-01

// "UTC" or "+05:30": a FixedLocalZone; "local": the machine's zone. Else the
// error of the timezone key.
Result<std::unique_ptr<LocalZone>> MakeLocalZone(std::string_view timezone);

LocalDay LocalDayOf(WallTime t, const LocalZone& zone);
// "2026-11-27".
std::string FormatDay(LocalDay day);
// "2026-11-27" -> the day; anything else (also "2026-02-30") -> nullopt.
std::optional<LocalDay> ParseDay(std::string_view text);
// "2026-11-27 21:02:34.123" in the zone (the original's CSV timestamps).
std::string FormatLocalTimestamp(WallTime t, const LocalZone& zone);
// "2026-11-27 21:02" in the zone (report headings).
std::string FormatLocalMinute(WallTime t, const LocalZone& zone);
// The UTC instant at which `day` starts in the zone.
WallTime StartOfLocalDay(LocalDay day, const LocalZone& zone);

}  // namespace ww
