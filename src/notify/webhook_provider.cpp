// Generic webhook: the Hermes payload (SEMANTICS.md §3: {type,
// consecutive_failures, error, timestamp}, plus the seed's failure_count and
// last_error spellings) with wanwatch's evidence beside it. Keys in a fixed
// order so receivers and tests see the same bytes every time.

#include <cmath>

#include "core/time_format.h"
#include "notify/alert_text.h"
#include "notify/provider_requests.h"

namespace ww {

OutboundRequest BuildWebhookRequest(const AlertEvent& event, const WebhookSettings& settings) {
  nlohmann::ordered_json body;
  body["type"] = HermesAlertType(event);
  body["kind"] = AlertKindName(event.kind);
  body["phase"] = AlertPhaseName(event.phase);
  body["title"] = event.title;
  body["message"] = event.message;
  body["timestamp"] = FormatIso8601(event.timestamp);
  body["consecutive_failures"] = event.consecutive_failures;
  body["failure_count"] = event.consecutive_failures;
  body["error"] = event.error;
  body["last_error"] = event.error;
  if (event.duration_seconds && std::isfinite(*event.duration_seconds)) {
    body["duration_seconds"] = std::round(*event.duration_seconds * 1000.0) / 1000.0;
  } else {
    body["duration_seconds"] = nullptr;
  }
  body["uplink"] = event.uplink;
  body["diagnosis"] = event.diagnosis;
  body["fields"] = nlohmann::ordered_json::object();
  for (const AlertField& f : event.fields) body["fields"][f.name] = f.value;

  OutboundRequest request;
  request.url = settings.url;
  request.headers = {{"Content-Type", "application/json"}};
  request.body = alert_text::DumpJson(body);
  return request;
}

}  // namespace ww
