// GET /api/analysis/ping/anomalies and /ping/time-of-day: the speed test
// analysis carried over to the probe data (api/analysis_api.h), read from the
// rollups of each stored target.
//
// Both answer an array of per-target groups: one group with ?target=NAME
// (404 when no stored target has that name), else every stored target that
// has data, in target order. Anomalies read the newest limit + window buckets
// of a target (a backwards read of the rollup's primary key); time of day
// reads the 1-hour rollups of the last `days` (90 days × 24 × targets rows).

#include <map>

#include "api/analysis_api.h"
#include "api/analysis_json.h"
#include "core/time_format.h"
#include "engine/analysis/ping_analysis.h"
#include "http/query_params.h"

namespace ww {
namespace {

// Indexes into kRollupLevels (store/rollup.h).
constexpr std::size_t kFiveMinuteLevel = 1;
constexpr std::size_t kHourLevel = 2;

struct Resolution {
  const char* name;
  std::size_t level;
};
constexpr Resolution kResolutions[] = {{"1h", kHourLevel}, {"5m", kFiveMinuteLevel}};

Result<Resolution> ParseResolution(const HttpRequest& request) {
  const auto text = FirstQueryValue(request, "resolution");
  if (!text) return kResolutions[0];
  for (const Resolution& r : kResolutions) {
    if (*text == r.name) return r;
  }
  return Status::Error("invalid query parameter 'resolution': must be '1h' or '5m'");
}

// The targets asked for: the one named by ?target=, else all stored ones.
// nullopt with `error` set when the parameter is bad or names no target.
std::optional<std::vector<StoredTarget>> SelectTargets(const ApiContext& context,
                                                       const HttpRequest& request,
                                                       HttpResponse& error) {
  std::vector<StoredTarget> all = context.store.StoredTargets();
  const auto name = FirstQueryValue(request, "target");
  if (!name) return all;
  if (name->empty()) {
    error = HttpResponse::Error(400, "invalid query parameter 'target': must name a target");
    return std::nullopt;
  }
  for (StoredTarget& t : all) {
    if (t.name == *name) return std::vector<StoredTarget>{std::move(t)};
  }
  constexpr std::size_t kMaxShown = 80;
  error = HttpResponse::Error(404, "unknown target '" + std::string(name->substr(0, kMaxShown)) +
                                       (name->size() > kMaxShown ? "...'" : "'"));
  return std::nullopt;
}

PingBucket ToPingBucket(const RollupBucket& b) {
  return PingBucket{b.start, b.count, b.lost, b.sum_ms, b.min_ms, b.max_ms};
}

Json TargetGroup(const StoredTarget& t) {
  return {{"target", t.name}, {"kind", t.kind}, {"role", t.role}};
}

Json BucketRow(const PingBucket& b, const std::vector<AnomalyFlag>& flags) {
  return {
      {"timestamp", FormatIso8601Seconds(b.start)},
      {"sample_count", b.count},
      {"lost", b.lost},
      {"avg_latency_ms", OptionalNumber(AverageLatencyMs(b), 2)},
      {"loss_pct", OptionalNumber(LossPct(b), 2)},
      {"is_anomaly", !flags.empty()},
      {"anomaly_flags", AnomalyFlagsJson(flags, kPingMetricNames)},
  };
}

}  // namespace

HttpResponse HandlePingAnomalies(const ApiContext& context, const HttpRequest& request) {
  const Result<AnomalyQuery> query = ParseAnomalyQuery(request);
  if (!query) return BadRequest(query.status());
  const Result<Resolution> resolution = ParseResolution(request);
  if (!resolution) return BadRequest(resolution.status());
  HttpResponse error;
  const auto targets = SelectTargets(context, request, error);
  if (!targets) return error;
  const bool one_target = FirstQueryValue(request, "target").has_value();

  Json groups = Json::array();
  for (const StoredTarget& t : *targets) {
    const std::vector<RollupBucket> newest_first =
        context.store.NewestRollups(resolution->level, t.row, query->limit + query->options.window);
    if (newest_first.empty() && !one_target) continue;
    std::vector<PingBucket> oldest_first;
    oldest_first.reserve(newest_first.size());
    for (auto it = newest_first.rbegin(); it != newest_first.rend(); ++it) {
      oldest_first.push_back(ToPingBucket(*it));
    }
    const auto flags = PingAnomalies(oldest_first, query->limit, query->options);
    Json rows = Json::array();
    for (std::size_t i = 0; i < flags.size(); ++i) {
      rows.push_back(BucketRow(oldest_first[oldest_first.size() - 1 - i], flags[i]));
    }
    Json group = TargetGroup(t);
    group["resolution"] = resolution->name;
    group["buckets"] = std::move(rows);
    groups.push_back(std::move(group));
  }
  return JsonOk(groups);
}

HttpResponse HandlePingTimeOfDay(const ApiContext& context, const HttpRequest& request) {
  const Result<std::int64_t> days =
      QueryInt(request, "days", 0, kTimeOfDayDaysMax, kTimeOfDayDaysDefault);
  if (!days) return BadRequest(days.status());
  HttpResponse error;
  const auto targets = SelectTargets(context, request, error);
  if (!targets) return error;
  const bool one_target = FirstQueryValue(request, "target").has_value();

  const WallTime from =
      *days == 0 ? WallTime::min() : context.clock.WallNow() - std::chrono::hours(24 * *days);
  std::vector<std::int64_t> rows;
  if (one_target) rows.push_back(targets->front().row);  // else every target
  std::map<std::int64_t, std::vector<PingBucket>> by_target;
  for (const RollupBucket& b : context.store.RollupsSince(kHourLevel, from, rows)) {
    by_target[b.target_row].push_back(ToPingBucket(b));
  }
  Json groups = Json::array();
  for (const StoredTarget& t : *targets) {
    const auto it = by_target.find(t.row);
    if (it == by_target.end() && !one_target) continue;
    Json hours = Json::array();
    if (it != by_target.end()) {
      for (const PingHourStats& h : PingTimeOfDay(it->second)) {
        hours.push_back({
            {"hour", h.hour},
            {"sample_count", h.sample_count},
            {"lost", h.lost},
            {"loss_pct", Number(h.loss_pct, 2)},
            {"avg_latency_ms", OptionalNumber(h.avg_latency_ms, 2)},
            {"min_latency_ms", OptionalNumber(h.min_latency_ms, 2)},
            {"max_latency_ms", OptionalNumber(h.max_latency_ms, 2)},
        });
      }
    }
    Json group = TargetGroup(t);
    group["hours"] = std::move(hours);
    groups.push_back(std::move(group));
  }
  return JsonOk(groups);
}

}  // namespace ww
