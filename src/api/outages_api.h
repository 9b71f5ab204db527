#pragma once
// Hermes's outage API (seeds/hermes-api.txt "Get Outage Events", "Get Current
// Outage Status"; SEMANTICS.md §3), in outages_handler.cpp:
//   GET /api/outages?page=&page_size=  {events[], total, page, page_size},
//       newest first; page >= 1, 1 <= page_size <= 500, else 400 naming the
//       parameter; a page past the end is 200 with no events (the seed lists
//       only 200 and 503); 503 when the outage store is not open.
//   GET /api/outage-status  {outage_in_progress, outage_start_time} plus
//       state, consecutive_failed_rounds, last_round_at, targets[].
//
// Thread safety: the handlers may run concurrently; the store and `status`
// are thread-safe.

#include <functional>

#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "http/http_types.h"
#include "http/router.h"
#include "probe/outage_monitor.h"
#include "store/outage_store.h"

namespace ww {

struct OutagesApi {
  const OutageStore* store = nullptr;  // null: /api/outages answers 503
  // The monitor's status; empty: the monitor is off ([outages] enabled = false).
  std::function<OutageStatus()> status;
};

inline constexpr int kMaxOutagesPageSize = 500;

HttpResponse HandleOutages(const ApiContext& context, const HttpRequest& request);
HttpResponse HandleOutageStatus(const ApiContext& context, const HttpRequest& request);

// One stored event as the API shows it (the seed's fields, then ours).
nlohmann::json OutageEventJson(const OutageRow& row);

void RegisterOutageRoutes(Router& router, const ApiContext& context);

}  // namespace ww
