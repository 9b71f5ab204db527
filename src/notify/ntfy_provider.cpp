// ntfy: POST {url}/{topic}, the message as the plain-text body, the rest in
// headers. Followed: docs.ntfy.sh/publish ("Message title" Title, "Message
// priority" Priority 1-5, "Tags & emojis" Tags comma-separated, "Access
// tokens" Authorization: Bearer, and RFC 2047 for non-ASCII header values).

#include <algorithm>

#include "notify/alert_text.h"
#include "notify/provider_requests.h"

namespace ww {

OutboundRequest BuildNtfyRequest(const AlertEvent& event, const NtfySettings& settings) {
  OutboundRequest request;
  request.url = std::string(alert_text::WithoutTrailingSlash(settings.url)) + "/" +
                alert_text::PercentEncode(settings.topic);
  request.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  request.headers.emplace_back("Title", alert_text::HeaderValue(event.title));
  request.headers.emplace_back("Priority", std::to_string(std::clamp(settings.priority, 1, 5)));
  std::string tags = settings.tags;
  if (event.phase == AlertPhase::kEnd) {
    // A recovery shows a check mark (ntfy maps the tag to the emoji).
    tags += tags.empty() ? "white_check_mark" : ",white_check_mark";
  }
  if (!tags.empty()) request.headers.emplace_back("Tags", alert_text::HeaderValue(tags));
  if (!settings.token.empty()) {
    request.headers.emplace_back("Authorization",
                                 "Bearer " + alert_text::HeaderValue(settings.token));
  }
  request.body = alert_text::PlainBody(event);
  return request;
}

}  // namespace ww
