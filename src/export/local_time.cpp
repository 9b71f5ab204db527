#include "export/local_time.h"

#include <cstdio>

namespace ww {
namespace {

using std::chrono::days;
using std::chrono::duration_cast;
using std::chrono::floor;
using std::chrono::milliseconds;
using std::chrono::minutes;

// Local wall time as a time_point on the UTC scale shifted by the offset.
std::chrono::sys_time<milliseconds> Shifted(WallTime t, const LocalZone& zone) {
  return floor<milliseconds>(t) + duration_cast<milliseconds>(zone.UtcOffsetAt(t));
}

std::string Format(WallTime t, const LocalZone& zone, bool with_seconds) {
  const auto local = Shifted(t, zone);
  const auto day = floor<days>(local);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{local - day};
  char buf[48];
  if (with_seconds) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02ld:%02ld:%02ld.%03ld", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                  long(hms.minutes().count()), long(hms.seconds().count()),
                  long(hms.subseconds().count()));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02ld:%02ld", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                  long(hms.minutes().count()));
  }
  return buf;
}

}  // namespace

Result<std::unique_ptr<LocalZone>> MakeLocalZone(std::string_view timezone) {
  if (timezone == "local") return std::unique_ptr<LocalZone>(std::make_unique<SystemLocalZone>());
  if (auto offset = ParseFixedUtcOffset(timezone)) {
    return std::unique_ptr<LocalZone>(std::make_unique<FixedLocalZone>(*offset));
  }
  return Result<std::unique_ptr<LocalZone>>::Error(TimezoneError(timezone));
}

LocalDay LocalDayOf(WallTime t, const LocalZone& zone) { return floor<days>(Shifted(t, zone)); }

std::string FormatDay(LocalDay day) {
  const std::chrono::year_month_day ymd{day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buf;
}

std::optional<LocalDay> ParseDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (std::size_t k = 0; k < lengths[i]; ++k) {
      const char c = text[starts[i] + k];
      if (c < '0' || c > '9') return std::nullopt;
      parts[i] = parts[i] * 10 + (c - '0');
    }
  }
  const std::chrono::year_month_day ymd{std::chrono::year(parts[0]),
                                        std::chrono::month(unsigned(parts[1])),
                                        std::chrono::day(unsigned(parts[2]))};
  if (!ymd.ok()) return std::nullopt;
  return LocalDay(ymd);
}

std::string FormatLocalTimestamp(WallTime t, const LocalZone& zone) {
  return Format(t, zone, true);
}

std::string FormatLocalMinute(WallTime t, const LocalZone& zone) { return Format(t, zone, false); }

WallTime StartOfLocalDay(LocalDay day, const LocalZone& zone) {
  // The offset at local midnight is taken at the UTC instant of that midnight
  // under the offset of noon that day (a daylight saving change never falls at noon).
  const WallTime noon_guess = WallTime(day) + std::chrono::hours(12);
  const minutes offset = zone.UtcOffsetAt(noon_guess);
  return WallTime(day) - offset;
}

}  // namespace ww
