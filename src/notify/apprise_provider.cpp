// Apprise API: POST {url}/notify (stateless; the URL as given when it already
// names /notify, e.g. a stateful .../notify/{KEY}), JSON {urls?, title, body,
// type}. Followed: github.com/caronc/apprise-api README ("Stateless
// Solution": urls comma-separated, type one of info, success, warning,
// failure).

#include "notify/alert_text.h"
#include "notify/provider_requests.h"

namespace ww {
namespace {

std::string_view AppriseType(const AlertEvent& event) {
  switch (event.phase) {
    case AlertPhase::kEnd:
      return "success";
    case AlertPhase::kTest:
      return "info";
    case AlertPhase::kChange:
      return "warning";
    case AlertPhase::kStart:
      break;
  }
  // A slow line or a flapping uplink is a warning; no connection is a failure.
  return event.kind == AlertKind::kSpeedtestBelowMinimum || event.kind == AlertKind::kUplinkState
             ? "warning"
             : "failure";
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

}  // namespace

OutboundRequest BuildAppriseRequest(const AlertEvent& event, const AppriseSettings& settings) {
  nlohmann::ordered_json body;
  if (!settings.urls.empty()) body["urls"] = Join(settings.urls);
  body["title"] = event.title;
  body["body"] = alert_text::PlainBody(event);
  body["type"] = AppriseType(event);

  OutboundRequest request;
  const std::string_view base = alert_text::WithoutTrailingSlash(settings.url);
  request.url = settings.url.find("/notify") != std::string::npos ? settings.url
                                                                  : std::string(base) + "/notify";
  request.headers = {{"Content-Type", "application/json"}};
  request.body = alert_text::DumpJson(body);
  return request;
}

}  // namespace ww
