#pragma once
// Hermes's alert API (seeds/hermes-api.txt, SEMANTICS.md §3), served by
// alerts_handler.cpp:
//   GET  /api/alerts       the settings, secrets masked (open like other GETs)
//   PUT  /api/alerts       a partial update: validated whole (400 naming the
//                          field, nothing stored), stored, then applied
//   POST /api/alerts/test  one test alert to every enabled provider; a global
//                          10 s cooldown (429 + Retry-After, seconds left)
// POST and PUT pass the API key and rate limit middleware (src/http) first.
//
// The daemon supplies the parts as functions (the Notifier, the settings
// table, the SSRF guard), so the handlers are tested with fakes.
//
// Thread safety: every method may be called from any HTTP thread; PUTs are
// serialised (read, merge, store, apply as one step).

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "http/http_types.h"
#include "http/router.h"
#include "notify/alert_settings.h"
#include "notify/alert_settings_json.h"
#include "notify/outbound_request.h"

namespace ww {

struct ApiContext;  // api/api_context.h

struct AlertsApiParts {
  std::function<AlertSettings()> current;             // Notifier::settings
  std::function<void(AlertSettings)> apply;           // Notifier::UpdateSettings
  std::function<Status(const std::string&)> persist;  // the settings table, key "alerts"
  // Notifier::SendTest: the enabled providers' outcomes; empty when none is.
  std::function<std::vector<std::pair<std::string, DeliveryOutcome>>()> send_test;
  AlertUrlCheck check_url;  // CheckUrlForStorage with alerts.allow_cidrs
};

inline constexpr Duration kAlertTestCooldown = std::chrono::seconds(10);

class AlertsApi {
 public:
  AlertsApi(AlertsApiParts parts, const Clock& clock) : parts_(std::move(parts)), clock_(clock) {}

  HttpResponse Get() const;
  HttpResponse Put(const HttpRequest& request);
  HttpResponse Test();

 private:
  AlertsApiParts parts_;
  const Clock& clock_;
  std::mutex update_mu_;
  std::mutex test_mu_;
  std::optional<MonoTime> last_test_;  // under test_mu_
};

// The three routes (called by RegisterApiRoutes); 503 when the context has no alerts part.
void RegisterAlertsRoutes(Router& router, const ApiContext& context);

}  // namespace ww
