#pragma once
// Hermes's speed test API (seeds/hermes-api.txt, SEMANTICS.md §3): what its
// handlers need and the handlers themselves, one .cpp per resource:
//   results_handler.cpp  GET /api/results?page=&page_size=, /api/results/latest
//   config_handler.cpp   GET and PUT /api/config
//   trigger_handler.cpp  POST /api/trigger, GET /api/trigger/status
// Errors are {"detail": ...}: 400 bad input (naming the parameter or field),
// 404 nothing there, 500 the database failed, 503 speed tests not wired.
// POST and PUT pass the API key and rate limit middleware (src/http) first.
//
// Thread safety: the handlers may run concurrently; the store and the
// scheduler are thread-safe.

#include <string>
#include <vector>

#include "api/api_context.h"
#include "http/http_types.h"
#include "http/router.h"
#include "speedtest/speedtest_scheduler.h"
#include "store/speedtest_results_store.h"

namespace ww {

struct SpeedtestApi {
  SpeedtestResultsStore& results;
  SpeedtestScheduler& scheduler;
  // Read-only facts GET /api/config shows beside the settings ([speedtest]).
  std::vector<std::string> servers{};
  std::string protocol = "auto";
  int streams = 0;
  int duration_seconds = 0;
};

inline constexpr int kMaxResultsPageSize = 500;

HttpResponse HandleResults(const ApiContext& context, const HttpRequest& request);
HttpResponse HandleLatestResult(const ApiContext& context, const HttpRequest& request);
HttpResponse HandleGetConfig(const ApiContext& context, const HttpRequest& request);
HttpResponse HandlePutConfig(const ApiContext& context, const HttpRequest& request);
HttpResponse HandleTrigger(const ApiContext& context, const HttpRequest& request);
HttpResponse HandleTriggerStatus(const ApiContext& context, const HttpRequest& request);

// 503 {"detail"} when the context has no speed test part.
HttpResponse SpeedtestUnavailable();

// The six routes above (called by RegisterApiRoutes).
void RegisterSpeedtestRoutes(Router& router, const ApiContext& context);

}  // namespace ww
