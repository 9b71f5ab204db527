#include "engine/analysis/utc_calendar.h"

#include <chrono>
#include <cstdio>

namespace ww {
namespace {

std::chrono::year_month_day UtcDate(WallTime t) {
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)};
}

// Floor division: month numbers of years before 0 stay consistent.
std::int64_t FloorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && (a < 0)); }

}  // namespace

int UtcHourOfDay(WallTime t) {
  const auto since_midnight = t - std::chrono::floor<std::chrono::days>(t);
  return static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(since_midnight).count());
}

std::int64_t UtcMonthNumber(WallTime t) {
  const std::chrono::year_month_day d = UtcDate(t);
  return static_cast<std::int64_t>(static_cast<int>(d.year())) * 12 +
         static_cast<unsigned>(d.month()) - 1;
}

std::string MonthLabel(std::int64_t month_number) {
  const std::int64_t year = FloorDiv(month_number, 12);
  const std::int64_t month = month_number - year * 12 + 1;
  char text[32];
  std::snprintf(text, sizeof text, "%04lld-%02lld", static_cast<long long>(year),
                static_cast<long long>(month));
  return text;
}

WallTime MonthStart(std::int64_t month_number) {
  const std::int64_t year = FloorDiv(month_number, 12);
  const auto month = static_cast<unsigned>(month_number - year * 12 + 1);
  const std::chrono::sys_days day = std::chrono::year_month_day{
      std::chrono::year{static_cast<int>(year)}, std::chrono::month{month}, std::chrono::day{1}};
  return std::chrono::time_point_cast<WallClock::duration>(day);
}

WallTime MonthsLookbackStart(WallTime now, int months) {
  return MonthStart(UtcMonthNumber(now) - (months - 1));
}

}  // namespace ww
