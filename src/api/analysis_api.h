#pragma once
// Hermes's analysis endpoints (seeds/hermes-api.txt, SEMANTICS.md §3) and
// their extension to the probe data; the arithmetic is in engine/analysis.
//   analysis_handler.cpp       GET /api/analysis/anomalies?limit=&window=&threshold=
//                              GET /api/analysis/time-of-day?days=
//                              GET /api/analysis/trends?months=
//   ping_analysis_handler.cpp  GET /api/analysis/ping/anomalies?target=&limit=&window=
//                                  &threshold=&resolution=
//                              GET /api/analysis/ping/time-of-day?target=&days=
// Speed test analysis reads successful results only (a failed test has no
// figures). "Now" (the lookback windows) comes from ApiContext::clock.
//
// JSON numbers: speeds, latencies, means, stdevs, z-scores and percentages
// rounded to 2 decimals, slopes to 4; a figure that does not exist is null.
// Errors are {"detail": ...}: 400 bad parameter (named), 404 unknown ping
// target, 503 speed test results not available in this process.
//
// Thread safety: the handlers may run concurrently (the stores are
// thread-safe).

#include "api/api_context.h"
#include "http/http_types.h"
#include "http/router.h"

namespace ww {

// Parameter ranges and defaults (the seed's).
inline constexpr int kAnomalyLimitMax = 500, kAnomalyLimitDefault = 50;
inline constexpr int kAnomalyWindowMin = 3, kAnomalyWindowMax = 200, kAnomalyWindowDefault = 20;
inline constexpr double kAnomalyThresholdMin = 0.5, kAnomalyThresholdMax = 10.0;
inline constexpr double kAnomalyThresholdDefault = 2.5;
inline constexpr int kTimeOfDayDaysMax = 3650, kTimeOfDayDaysDefault = 30;
inline constexpr int kTrendMonthsMax = 120, kTrendMonthsDefault = 6;

HttpResponse HandleAnomalies(const ApiContext& context, const HttpRequest& request);
HttpResponse HandleTimeOfDay(const ApiContext& context, const HttpRequest& request);
HttpResponse HandleTrends(const ApiContext& context, const HttpRequest& request);
HttpResponse HandlePingAnomalies(const ApiContext& context, const HttpRequest& request);
HttpResponse HandlePingTimeOfDay(const ApiContext& context, const HttpRequest& request);

// The five routes above (called by RegisterApiRoutes; /api/v1/ too).
void RegisterAnalysisRoutes(Router& router, const ApiContext& context);

}  // namespace ww
