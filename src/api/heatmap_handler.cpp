#include "api/handlers.h"
#include "api/json_format.h"
#include "config/timezone.h"

namespace ww {
namespace {

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

HttpResponse HandleHeatmap(const ApiContext& context, const HttpRequest& request) {
  const WallTime now = context.clock.WallNow();
  // The config layer validated the timezone; failing here is our bug, not the client's.
  const auto offset = UtcOffsetFor(context.timezone, context.clock, SystemLocalZone{});
  if (!offset.ok()) return HttpResponse::Error(500, offset.error());
  const int offset_minutes = static_cast<int>(offset->count());
  const auto cells = context.store.Heatmap(now, offset_minutes);
  Json hours = Json::object(), detail = Json::object();
  for (std::size_t hour = 0; hour < cells.size(); ++hour) {
    const std::string key = std::to_string(hour);
    detail[key] = CellJson(cells[hour]);
    hours[key] = detail[key]["avg"];
  }
  return JsonOk({{"hours", std::move(hours)},
                 {"detail", std::move(detail)},
                 {"timezone", context.timezone},
                 {"utc_offset_minutes", offset_minutes}});
}

}  // namespace ww
