// GET /api/analysis/anomalies, /time-of-day and /trends: Hermes's analysis
// of the stored, successful speed test results (api/analysis_api.h).

#include <algorithm>

#include "api/analysis_api.h"
#include "api/analysis_json.h"
#include "api/speedtest_api.h"
#include "core/time_format.h"
#include "engine/analysis/speed_analysis.h"
#include "engine/analysis/trends.h"
#include "engine/analysis/utc_calendar.h"
#include "http/query_params.h"

namespace ww {
namespace {

Json TextOrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

HttpResponse StoreUnavailable(const std::string& why) {
  return HttpResponse::Error(503, "Database not available: " + why);
}

SpeedSample ToSample(const SpeedtestResult& r) {
  return SpeedSample{r.timestamp, r.download_mbps, r.upload_mbps, r.ping_ms};
}

SpeedSample ToSample(const SpeedtestFigures& f) {
  return SpeedSample{f.timestamp, f.download_mbps, f.upload_mbps, f.ping_ms};
}

// The seed's row: the result's figures and texts, then the verdict.
Json AnomalyRow(const SpeedtestResult& r, const std::vector<AnomalyFlag>& flags) {
  return {
      {"id", r.id},
      {"timestamp", FormatIso8601Seconds(r.timestamp)},
      {"download_mbps", OptionalNumber(r.download_mbps, 2)},
      {"upload_mbps", OptionalNumber(r.upload_mbps, 2)},
      {"ping_ms", OptionalNumber(r.ping_ms, 2)},
      {"jitter_ms", OptionalNumber(r.jitter_ms, 2)},
      {"isp_name", TextOrNull(r.isp)},
      {"server_name", TextOrNull(r.server_name)},
      {"server_location", TextOrNull(r.server_location)},
      {"is_anomaly", !flags.empty()},
      {"anomaly_flags", AnomalyFlagsJson(flags, kSpeedMetricNames)},
  };
}

// Successful results' figures since `from`, oldest first.
Result<std::vector<SpeedSample>> SamplesSince(const ApiContext& context, WallTime from) {
  Result<std::vector<SpeedtestFigures>> figures =
      context.speedtest->results.SuccessfulFiguresSince(from);
  if (!figures) return figures.status();
  std::vector<SpeedSample> samples;
  samples.reserve(figures->size());
  for (const SpeedtestFigures& f : *figures) samples.push_back(ToSample(f));
  return samples;
}

}  // namespace

HttpResponse HandleAnomalies(const ApiContext& context, const HttpRequest& request) {
  const Result<AnomalyQuery> query = ParseAnomalyQuery(request);
  if (!query) return BadRequest(query.status());
  if (!context.speedtest) return SpeedtestUnavailable();

  // The newest `limit` results plus up to `window` older ones as the oldest's baseline.
  Result<std::vector<SpeedtestResult>> newest_first = context.speedtest->results.NewestSuccessful(
      static_cast<std::int64_t>(query->limit + query->options.window));
  if (!newest_first) return StoreUnavailable(newest_first.error());
  std::vector<SpeedSample> oldest_first;
  oldest_first.reserve(newest_first->size());
  for (auto it = newest_first->rbegin(); it != newest_first->rend(); ++it) {
    oldest_first.push_back(ToSample(*it));
  }
  const std::vector<std::vector<AnomalyFlag>> flags =
      SpeedAnomalies(oldest_first, query->limit, query->options);
  Json rows = Json::array();
  for (std::size_t i = 0; i < flags.size(); ++i) {
    rows.push_back(AnomalyRow((*newest_first)[i], flags[i]));
  }
  return JsonOk(rows);
}

HttpResponse HandleTimeOfDay(const ApiContext& context, const HttpRequest& request) {
  const Result<std::int64_t> days =
      QueryInt(request, "days", 0, kTimeOfDayDaysMax, kTimeOfDayDaysDefault);
  if (!days) return BadRequest(days.status());
  if (!context.speedtest) return SpeedtestUnavailable();
  const WallTime from =
      *days == 0 ? WallTime::min() : context.clock.WallNow() - std::chrono::hours(24 * *days);
  Result<std::vector<SpeedSample>> samples = SamplesSince(context, from);
  if (!samples) return StoreUnavailable(samples.error());
  Json hours = Json::array();
  for (const SpeedHourStats& h : SpeedTimeOfDay(*samples)) {
    hours.push_back({
        {"hour", h.hour},
        {"sample_count", h.sample_count},
        {"avg_download_mbps", OptionalNumber(h.avg_download_mbps, 2)},
        {"avg_upload_mbps", OptionalNumber(h.avg_upload_mbps, 2)},
        {"avg_ping_ms", OptionalNumber(h.avg_ping_ms, 2)},
        {"min_download_mbps", OptionalNumber(h.min_download_mbps, 2)},
        {"max_download_mbps", OptionalNumber(h.max_download_mbps, 2)},
    });
  }
  return JsonOk(hours);
}

HttpResponse HandleTrends(const ApiContext& context, const HttpRequest& request) {
  const Result<std::int64_t> months =
      QueryInt(request, "months", 0, kTrendMonthsMax, kTrendMonthsDefault);
  if (!months) return BadRequest(months.status());
  if (!context.speedtest) return SpeedtestUnavailable();
  const WallTime from =
      *months == 0 ? WallTime::min()
                   : MonthsLookbackStart(context.clock.WallNow(), static_cast<int>(*months));
  Result<std::vector<SpeedSample>> samples = SamplesSince(context, from);
  if (!samples) return StoreUnavailable(samples.error());
  const TrendReport report = ComputeTrends(*samples);
  Json monthly = Json::array();
  for (const MonthStats& m : report.monthly_stats) {
    monthly.push_back({
        {"month", m.month},
        {"sample_count", m.sample_count},
        {"avg_download_mbps", OptionalNumber(m.avg_download_mbps, 2)},
        {"avg_upload_mbps", OptionalNumber(m.avg_upload_mbps, 2)},
        {"avg_ping_ms", OptionalNumber(m.avg_ping_ms, 2)},
    });
  }
  return JsonOk({
      {"monthly_stats", std::move(monthly)},
      {"download_slope", OptionalNumber(report.download_slope, 4)},
      {"upload_slope", OptionalNumber(report.upload_slope, 4)},
      {"ping_slope", OptionalNumber(report.ping_slope, 4)},
      {"degradation_detected", report.degradation_detected},
      {"months_available", report.months_available},
      {"degraded_metrics", report.degraded_metrics},
      {"tolerance_pct_per_month", kDefaultTrendTolerance * 100},
  });
}

void RegisterAnalysisRoutes(Router& router, const ApiContext& context) {
  using HandlerFn = HttpResponse (*)(const ApiContext&, const HttpRequest&);
  const std::pair<std::string_view, HandlerFn> routes[] = {
      {"/api/analysis/anomalies", &HandleAnomalies},
      {"/api/analysis/time-of-day", &HandleTimeOfDay},
      {"/api/analysis/trends", &HandleTrends},
      {"/api/analysis/ping/anomalies", &HandlePingAnomalies},
      {"/api/analysis/ping/time-of-day", &HandlePingTimeOfDay},
  };
  for (const auto& [path, handler] : routes) {
    router.Get(path, [context, handler = handler](const HttpRequest& request) {
      return handler(context, request);
    });
  }
}

}  // namespace ww
