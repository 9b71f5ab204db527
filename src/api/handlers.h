#pragma once
// The Connectivity Monitor API (seeds/connectivity-monitor-api.txt and
// SEMANTICS.md §1): one handler per resource, each in its own .cpp file.
// Every response carries the seed's fields with the seed's names and types,
// the original program's aliases, and our additional fields (all additive).
// Number and time formats: see api/json_format.h.
//
// Thread safety: handlers only read the context; they may run concurrently.

#include <chrono>
#include <cstdint>

#include "api/api_context.h"
#include "api/health_state.h"
#include "api/response_cache.h"
#include "core/result.h"
#include "http/http_types.h"

namespace ww {

// GET /api/status: health, loss, latency, trend, diagnosis, session, current drop.
HttpResponse HandleStatus(const ApiContext& context, const HttpRequest& request);
// /api/status and /api/targets as served: built once per snapshot (status:
// and per wall-clock second, for its durations and drop count), then reused.
HttpResponse HandleStatusCached(const ApiContext& context, SnapshotResponseCache& cache,
                                const HttpRequest& request);
HttpResponse HandleTargetsCached(const ApiContext& context, SnapshotResponseCache& cache,
                                 const HttpRequest& request);

// GET /api/history?minutes=1..10080 (15)&step=seconds: latency and gateway series.
// With range=24h|72h|7d|30d|90d (&name=uplink): the series over the range, plus
// isp-status's 5-minute buckets and summary (api/uplink_history_query.h).
HttpResponse HandleHistory(const ApiContext& context, const HttpRequest& request);
// GET /api/history.csv?range=...(24h)&name=...: those buckets as CSV (api/history_csv.h).
HttpResponse HandleHistoryCsv(const ApiContext& context, const HttpRequest& request);
// The default step for a span: the smallest of 1, 2, 5, 10, 15, 30 s, 1, 2, 5,
// 10, 15, 30 min, 1, 2, 3, 6, 12, 24 h giving at most 1,000 points. Each is a
// multiple of the store's resolution below it (raw, 1 min, 5 min, 1 h).
std::chrono::seconds DefaultHistoryStep(std::chrono::seconds span);

// GET /api/drops?limit=1..10000 (1000): stored drops plus the ongoing one, oldest first.
HttpResponse HandleDrops(const ApiContext& context, const HttpRequest& request);

// GET /api/targets: one object per probe target of the snapshot.
HttpResponse HandleTargets(const ApiContext& context, const HttpRequest& request);

// GET /api/heatmap: average latency per hour of day over the last 24 hours.
HttpResponse HandleHeatmap(const ApiContext& context, const HttpRequest& request);

// GET /logs: HTML list of the CSV logs; /logs/<file>: one, as a text/csv attachment.
// GET /reports: HTML list of the reports; /reports/<file>: one (text/html; ?download=1 for an
// attachment). A name that is not a plain file name → 403; missing → 404 (logs_handler.cpp,
// reports_handler.cpp).
HttpResponse HandleLogsList(const ApiContext& context, const HttpRequest& request);
HttpResponse HandleLogFile(const ApiContext& context, const HttpRequest& request);
HttpResponse HandleReportsList(const ApiContext& context, const HttpRequest& request);
HttpResponse HandleReportFile(const ApiContext& context, const HttpRequest& request);

// GET / and /dashboard: the dashboard's index.html (web/, embedded by
// ww_web_assets), Cache-Control: no-cache, ETag, gzip when accepted.
HttpResponse HandleDashboard(const ApiContext& context, const HttpRequest& request);

// GET /assets/<name>: a content-hashed dashboard file, cached for a year
// (immutable); an unknown name → 404 {"detail": "Not Found: <path>"}.
HttpResponse HandleDashboardAsset(const ApiContext& context, const HttpRequest& request);

// GET /api/health: always 200; isp-status's `ok`, `problems` and one object per
// check (api/health_checks.h) with Hermes's status, scheduler_running,
// uptime_seconds, last_test_timestamp (health_handler.cpp).
HttpResponse HandleHealth(const ApiContext& context, HealthState& state,
                          const HttpRequest& request);

// GET /docs (HTML, its own strict CSP: no script), /docs/docs.css and /openapi.json
// (OpenAPI 3.1): the files of docs/api/, compiled in (api/docs_assets.h), with
// Cache-Control: no-cache and an ETag (304 on If-None-Match).
HttpResponse HandleDocs(const ApiContext& context, const HttpRequest& request);
HttpResponse HandleDocsStyle(const ApiContext& context, const HttpRequest& request);
HttpResponse HandleOpenApi(const ApiContext& context, const HttpRequest& request);

}  // namespace ww
