// GET/PUT /api/alerts and POST /api/alerts/test (api/alerts_api.h).

#include <cmath>

#include "api/alerts_api.h"
#include "api/api_context.h"
#include "api/json_format.h"

namespace ww {
namespace {

HttpResponse AlertsUnavailable() {
  return HttpResponse::Error(503, "alerts are not available in this process");
}

// Hermes's words for the overall outcome of a test.
Json TestBody(const std::vector<std::pair<std::string, DeliveryOutcome>>& outcomes) {
  Json results = Json::object();
  for (std::string_view name : kAlertProviderNames) results[std::string(name)] = false;
  Json errors = Json::object();
  std::size_t ok = 0;
  for (const auto& [provider, outcome] : outcomes) {
    results[provider] = outcome.ok;
    if (outcome.ok) {
      ++ok;
    } else {
      errors[provider] = outcome.error.empty() ? "failed" : outcome.error;
    }
  }
  const std::size_t n = outcomes.size();
  const std::string count = std::to_string(n) + " provider(s)";
  std::string status, message;
  if (n == 0) {
    status = "no_providers";
    message = "No alert providers are enabled";
  } else if (ok == n) {
    status = "success";
    message = "Test alert sent successfully to " + count;
  } else if (ok == 0) {
    status = "failed";
    message = "Test alert failed for all " + count;
  } else {
    status = "partial";
    message = "Test alert sent to " + std::to_string(ok) + " of " + count;
  }
  return Json{{"status", status}, {"message", message}, {"results", results}, {"errors", errors}};
}

}  // namespace

HttpResponse AlertsApi::Get() const { return JsonOk(AlertSettingsToJson(parts_.current())); }

HttpResponse AlertsApi::Put(const HttpRequest& request) {
  const nlohmann::json body =
      nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    return HttpResponse::Error(400, "body must be a JSON object (not valid JSON)");
  }
  std::lock_guard lock(update_mu_);
  Result<AlertSettings> next = ApplyAlertSettingsUpdate(parts_.current(), body, parts_.check_url);
  if (!next) return HttpResponse::Error(400, next.error());
  if (Status s = parts_.persist(AlertSettingsToStored(*next)); !s) {
    return HttpResponse::Error(500, "alert settings not stored: " + s.message());
  }
  parts_.apply(std::move(next).value());
  return JsonOk(
      Json{{"status", "success"}, {"message", "Alert configuration updated successfully"}});
}

HttpResponse AlertsApi::Test() {
  {
    std::lock_guard lock(test_mu_);
    const MonoTime now = clock_.Now();
    if (last_test_ && now - *last_test_ < kAlertTestCooldown) {
      const double left =
          std::chrono::duration<double>(kAlertTestCooldown - (now - *last_test_)).count();
      const auto seconds = static_cast<long long>(std::ceil(left));
      HttpResponse r =
          HttpResponse::Error(429, "Test alert cooldown active: wait " + std::to_string(seconds) +
                                       " second(s) (one test alert per 10 seconds)");
      r.headers.emplace_back("Retry-After", std::to_string(seconds));
      return r;
    }
    last_test_ = now;  // before sending: a second request meanwhile is refused
  }
  return JsonOk(TestBody(parts_.send_test()));
}

void RegisterAlertsRoutes(Router& router, const ApiContext& context) {
  std::shared_ptr<AlertsApi> api = context.alerts;
  router.Add("GET", "/api/alerts",
             [api](const HttpRequest&) { return api ? api->Get() : AlertsUnavailable(); });
  router.Add("PUT", "/api/alerts", [api](const HttpRequest& request) {
    return api ? api->Put(request) : AlertsUnavailable();
  });
  router.Add("POST", "/api/alerts/test",
             [api](const HttpRequest&) { return api ? api->Test() : AlertsUnavailable(); });
}

}  // namespace ww
