#include "api/routes.h"

#include "api/alerts_api.h"
#include "api/analysis_api.h"
#include "api/handlers.h"
#include "api/outages_api.h"
#include "api/speedtest_api.h"

namespace ww {

void RegisterApiRoutes(Router& router, const ApiContext& context) {
  using HandlerFn = HttpResponse (*)(const ApiContext&, const HttpRequest&);
  const std::pair<std::string_view, HandlerFn> routes[] = {
      {"/api/history", &HandleHistory}, {"/api/history.csv", &HandleHistoryCsv},
      {"/api/drops", &HandleDrops},     {"/api/heatmap", &HandleHeatmap},
      {"/", &HandleDashboard},          {"/dashboard", &HandleDashboard},
  };
  for (const auto& [path, handler] : routes) {
    router.Get(path, [context, handler = handler](const HttpRequest& request) {
      return handler(context, request);
    });
  }
  router.Get("/api/status", [context, cache = std::make_shared<SnapshotResponseCache>()](
                                const HttpRequest& request) {
    return HandleStatusCached(context, *cache, request);
  });
  router.Get("/api/targets", [context, cache = std::make_shared<SnapshotResponseCache>()](
                                 const HttpRequest& request) {
    return HandleTargetsCached(context, *cache, request);
  });
  // The API's documentation (docs/api/, compiled in: api/docs_assets.h).
  router.Get("/docs", [context](const HttpRequest& r) { return HandleDocs(context, r); });
  router.Get("/docs/docs.css",
             [context](const HttpRequest& r) { return HandleDocsStyle(context, r); });
  router.Get("/openapi.json",
             [context](const HttpRequest& r) { return HandleOpenApi(context, r); });
  router.Get("/api/health",
             [context, state = std::make_shared<HealthState>()](const HttpRequest& request) {
               return HandleHealth(context, *state, request);
             });
  router.AddPrefix("GET", "/assets/", [context](const HttpRequest& request) {
    return HandleDashboardAsset(context, request);
  });
  // CSV logs and HTML reports (src/export): the listings and their files.
  router.Get("/logs", [context](const HttpRequest& r) { return HandleLogsList(context, r); });
  router.AddPrefix("GET", "/logs/",
                   [context](const HttpRequest& r) { return HandleLogFile(context, r); });
  router.Get("/reports", [context](const HttpRequest& r) { return HandleReportsList(context, r); });
  router.AddPrefix("GET", "/reports/",
                   [context](const HttpRequest& r) { return HandleReportFile(context, r); });
  // Hermes: speed test results, settings, trigger (api/speedtest_api.h).
  RegisterSpeedtestRoutes(router, context);
  // Hermes: alert settings and the test alert (api/alerts_api.h).
  RegisterAlertsRoutes(router, context);
  // Hermes: outage events and the current outage (api/outages_api.h).
  RegisterOutageRoutes(router, context);
  // Hermes: analysis of speed test results and ping rollups (api/analysis_api.h).
  RegisterAnalysisRoutes(router, context);
}

}  // namespace ww
