#include "config/timezone.h"

#include <cstdio>
#include <ctime>

#include "config/text_util.h"

namespace ww {
namespace {

std::optional<int> TwoDigits(std::string_view text) {
  if (text.size() != 2 || text[0] < '0' || text[0] > '9' || text[1] < '0' || text[1] > '9') {
    return std::nullopt;
  }
  return (text[0] - '0') * 10 + (text[1] - '0');
}

}  // namespace

std::chrono::minutes SystemLocalZone::UtcOffsetAt(WallTime t) const {
  const std::time_t seconds = WallClock::to_time_t(t);
  std::tm local{};
  if (localtime_r(&seconds, &local) == nullptr) return std::chrono::minutes{0};
  return std::chrono::minutes{local.tm_gmtoff / 60};
}

std::optional<std::chrono::minutes> ParseFixedUtcOffset(std::string_view text) {
  if (text == "UTC") return std::chrono::minutes{0};
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') {
    return std::nullopt;
  }
  const auto hours = TwoDigits(text.substr(1, 2));
  const auto minutes = TwoDigits(text.substr(4, 2));
  if (!hours || !minutes || *minutes > 59) return std::nullopt;
  const int total = *hours * 60 + *minutes;
  const int signed_total = text[0] == '-' ? -total : total;
  if (signed_total < -12 * 60 || signed_total > 14 * 60) return std::nullopt;
  return std::chrono::minutes{signed_total};
}

Result<std::chrono::minutes> UtcOffsetFor(std::string_view timezone, const Clock& clock,
                                          const LocalZone& zone) {
  if (timezone == "local") return zone.UtcOffsetAt(clock.WallNow());
  if (const auto fixed = ParseFixedUtcOffset(timezone)) return *fixed;
  return Result<std::chrono::minutes>::Error(TimezoneError(timezone));
}

std::string TimezoneError(std::string_view value) {
  return "general.timezone: must be \"UTC\", \"local\" or an offset from -12:00 to +14:00 "
         "like \"+05:30\", got " +
         Quote(value);
}

std::string FormatUtcOffset(std::chrono::minutes offset) {
  const long total = offset.count();
  const long magnitude = total < 0 ? -total : total;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%c%02ld:%02ld", total < 0 ? '-' : '+', magnitude / 60,
                magnitude % 60);
  return buf;
}

}  // namespace ww
