#pragma once
// The UTC calendar arithmetic the analysis endpoints group and look back by:
// hour of day, calendar month (as a month number and as "YYYY-MM"), and the
// start of a lookback window. Pure functions; times before 1970 work too.
//
// Thread safety: pure functions.

#include <cstdint>
#include <string>

#include "core/clock.h"

namespace ww {

// 0..23, the hour of `t` in UTC.
int UtcHourOfDay(WallTime t);

// Months since January of year 0 (year * 12 + month - 1): consecutive
// calendar months differ by 1, so a gap month counts as a step.
std::int64_t UtcMonthNumber(WallTime t);

// "YYYY-MM" of a month number.
std::string MonthLabel(std::int64_t month_number);

// 00:00 UTC on the first day of a month number.
WallTime MonthStart(std::int64_t month_number);

// The start of "the last `months` calendar months" at `now`: the current
// month and the months - 1 before it (months = 6 in May: 1 December). months
// must be >= 1.
WallTime MonthsLookbackStart(WallTime now, int months);

}  // namespace ww
