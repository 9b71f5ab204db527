// Gotify: POST {url}/message?token=<app token>, JSON {title, message,
// priority, extras}. Followed: gotify.net/docs/pushmsg and the message extras
// page (gotify.net/docs/msgextras: "client::display" {"contentType":
// "text/markdown"} makes clients render the message as Markdown).

#include <algorithm>

#include "notify/alert_text.h"
#include "notify/provider_requests.h"

namespace ww {

OutboundRequest BuildGotifyRequest(const AlertEvent& event, const GotifySettings& settings) {
  nlohmann::ordered_json body;
  body["title"] = event.title;
  body["message"] = alert_text::MarkdownBody(event);
  body["priority"] = std::clamp(settings.priority, 0, 10);
  body["extras"] = {{"client::display", {{"contentType", "text/markdown"}}}};

  OutboundRequest request;
  request.url = std::string(alert_text::WithoutTrailingSlash(settings.url)) +
                "/message?token=" + alert_text::PercentEncode(settings.token);
  request.headers = {{"Content-Type", "application/json"}};
  request.body = alert_text::DumpJson(body);
  return request;
}

}  // namespace ww
