#include <array>
#include <variant>

#include "api/handlers.h"
#include "api/json_format.h"
#include "api/uplink_history_query.h"
#include "http/query_params.h"

namespace ww {
namespace {

constexpr std::int64_t kDefaultMinutes = 15;
constexpr std::int64_t kMaxMinutes = 7 * 24 * 60;
constexpr std::int64_t kMaxStepSec = 24 * 3600;
constexpr std::int64_t kMaxPoints = 10'000;    // for an explicit step
constexpr std::int64_t kTargetPoints = 1'000;  // for the default step

constexpr std::array<std::int64_t, 18> kNiceSteps = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};

// The original's per-ping rows carried the target pinged; ours are means over
// all external targets.
constexpr std::string_view kAllTargets = "all";

Result<std::chrono::seconds> ChooseStep(const HttpRequest& request, std::int64_t span_sec) {
  auto step = QueryOptionalInt(request, "step", 1, kMaxStepSec);
  if (!step.ok()) return step.status();
  if (!step->has_value()) return DefaultHistoryStep(std::chrono::seconds(span_sec));
  const std::int64_t points = (span_sec + **step - 1) / **step;
  if (points > kMaxPoints) {
    return Status::Error("invalid query parameter 'step': " + std::to_string(**step) + " s over " +
                         std::to_string(span_sec / 60) + " minutes gives " +
                         std::to_string(points) + " points, at most " + std::to_string(kMaxPoints) +
                         " allowed");
  }
  return std::chrono::seconds(**step);
}

Json SeriesJson(const HistorySeries& series, std::int64_t minutes) {
  // A store that returns ragged vectors must not make us read past the end.
  const std::size_t n =
      std::min({series.times.size(), series.latency.size(), series.gateway.size()});
  Json timestamps = Json::array(), latencies = Json::array(), gateway_latencies = Json::array(),
       history = Json::array(), gateway = Json::array();
  for (std::size_t i = 0; i < n; ++i) {
    const std::string time = Iso(series.times[i]);
    const Json latency = Ms(series.latency[i]);
    const Json gateway_latency = Ms(series.gateway[i]);
    timestamps.push_back(time);
    latencies.push_back(latency);
    gateway_latencies.push_back(gateway_latency);
    history.push_back({{"time", time}, {"latency", latency}, {"target", kAllTargets}});
    gateway.push_back({{"time", time}, {"latency", gateway_latency}});
  }
  return {{"timestamps", std::move(timestamps)},
          {"latencies", std::move(latencies)},
          {"gateway_latencies", std::move(gateway_latencies)},
          {"history", std::move(history)},
          {"gateway", std::move(gateway)},
          {"step_sec", series.step.count()},
          {"minutes", minutes}};
}

// With `range`: the Connectivity Monitor series over the range (`minutes` is
// ignored), plus isp-status's buckets and summary of one uplink.
HttpResponse HandleUplinkHistory(const ApiContext& context, const HttpRequest& request,
                                 std::string_view range) {
  auto parsed = ParseUplinkHistoryRequest(context, request, range);
  if (auto* error = std::get_if<HttpResponse>(&parsed)) return std::move(*error);
  const auto& uplink = std::get<UplinkHistoryRequest>(parsed);
  const std::int64_t span_sec = uplink.range.span.count();
  auto step = ChooseStep(request, span_sec);
  if (!step.ok()) return IspError(400, "invalid_parameter", step.status().message());
  const WallTime now = context.clock.WallNow();
  Json head = SeriesJson(context.store.History(now - uplink.range.span, now, *step), span_sec / 60);
  return HttpResponse::Json(200, UplinkHistoryBody(std::move(head), uplink, context.store, now));
}

}  // namespace

std::chrono::seconds DefaultHistoryStep(std::chrono::seconds span) {
  for (std::int64_t step : kNiceSteps) {
    if (span.count() <= step * kTargetPoints) return std::chrono::seconds(step);
  }
  return std::chrono::seconds(kNiceSteps.back());
}

HttpResponse HandleHistory(const ApiContext& context, const HttpRequest& request) {
  if (const auto range = FirstQueryValue(request, "range")) {
    return HandleUplinkHistory(context, request, *range);
  }
  auto minutes = QueryInt(request, "minutes", 1, kMaxMinutes, kDefaultMinutes);
  if (!minutes.ok()) return BadRequest(minutes.status());
  const std::int64_t span_sec = *minutes * 60;
  auto step = ChooseStep(request, span_sec);
  if (!step.ok()) return BadRequest(step.status());
  const WallTime now = context.clock.WallNow();
  const HistorySeries series =
      context.store.History(now - std::chrono::seconds(span_sec), now, *step);
  return JsonOk(SeriesJson(series, *minutes));
}

}  // namespace ww
