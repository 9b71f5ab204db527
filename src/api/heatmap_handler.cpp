#include <ctime>

#include "api/handlers.h"
#include "api/json_format.h"

namespace ww {
namespace {

constexpr int kMaxOffsetMinutes = 14 * 60;  // UTC+14 is the furthest zone in use

bool TwoDigits(std::string_view s, std::size_t pos, int& out) {
  if (pos + 2 > s.size() || s[pos] < '0' || s[pos] > '9' || s[pos + 1] < '0' || s[pos + 1] > '9')
    return false;
  out = (s[pos] - '0') * 10 + (s[pos + 1] - '0');
  return true;
}

Json CellJson(const std::optional<HeatCell>& cell) {
  if (!cell) {
    return {{"avg", nullptr}, {"min", nullptr}, {"max", nullptr}, {"count", 0}, {"lost", 0}};
  }
  const bool any = cell->count > 0;  // only lost probes: no latency to show
  return {{"avg", any ? Ms(cell->avg_ms) : Json(nullptr)},
          {"min", any ? Ms(cell->min_ms) : Json(nullptr)},
          {"max", any ? Ms(cell->max_ms) : Json(nullptr)},
          {"count", cell->count},
          {"lost", cell->lost}};
}

}  // namespace

Result<int> UtcOffsetMinutes(std::string_view timezone, WallTime now) {
  if (timezone == "UTC" || timezone == "utc") return 0;
  if (timezone == "local") {
    const std::time_t t = WallClock::to_time_t(now);
    std::tm local{};
    if (localtime_r(&t, &local) == nullptr) return Result<int>::Error("timezone 'local': unknown");
    return static_cast<int>(local.tm_gmtoff / 60);
  }
  int hours = 0, minutes = 0;
  if (timezone.size() == 6 && (timezone[0] == '+' || timezone[0] == '-') && timezone[3] == ':' &&
      TwoDigits(timezone, 1, hours) && TwoDigits(timezone, 4, minutes) && minutes < 60 &&
      hours * 60 + minutes <= kMaxOffsetMinutes) {
    return (timezone[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return Result<int>::Error("timezone '" + std::string(timezone) +
                            "': expected UTC, local or an offset like +05:30");
}

HttpResponse HandleHeatmap(const ApiContext& context, const HttpRequest& request) {
  const WallTime now = context.clock.WallNow();
  // The config layer validated the timezone; failing here is our bug, not the client's.
  const Result<int> offset = UtcOffsetMinutes(context.timezone, now);
  if (!offset.ok()) return HttpResponse::Error(500, offset.error());
  const auto cells = context.store.Heatmap(now, *offset);
  Json hours = Json::object(), detail = Json::object();
  for (std::size_t hour = 0; hour < cells.size(); ++hour) {
    const std::string key = std::to_string(hour);
    detail[key] = CellJson(cells[hour]);
    hours[key] = detail[key]["avg"];
  }
  return JsonOk({{"hours", std::move(hours)},
                 {"detail", std::move(detail)},
                 {"timezone", context.timezone},
                 {"utc_offset_minutes", *offset}});
}

}  // namespace ww
