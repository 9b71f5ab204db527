// Slack: POST the incoming webhook URL, JSON {text, blocks}. `text` is the
// fallback notifications show; the blocks are a header and mrkdwn sections.
// Followed: docs.slack.dev incoming webhooks and the Block Kit reference
// (header: plain_text up to 150 characters; section: text up to 3000, at most
// 10 fields of up to 2000), and "formatting text": &, <, > must be escaped
// in mrkdwn (an unescaped <!channel> would notify everyone).

#include <string>

#include "notify/alert_text.h"
#include "notify/provider_requests.h"

namespace ww {
namespace {

constexpr std::size_t kHeaderMax = 150;
constexpr std::size_t kSectionTextMax = 3000;
constexpr std::size_t kSectionFieldsMax = 10;
constexpr std::size_t kFieldTextMax = 2000;

std::string EscapeMrkdwn(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

nlohmann::ordered_json Mrkdwn(std::string text) {
  return {{"type", "mrkdwn"}, {"text", std::move(text)}};
}

}  // namespace

OutboundRequest BuildSlackRequest(const AlertEvent& event, const SlackSettings& settings) {
  using alert_text::Truncate;
  const std::string title = event.title.empty() ? "wanwatch alert" : event.title;
  const std::string message = event.message.empty() ? title : event.message;

  nlohmann::ordered_json blocks = nlohmann::ordered_json::array();
  blocks.push_back({{"type", "header"},
                    {"text", {{"type", "plain_text"}, {"text", Truncate(title, kHeaderMax)}}}});
  // Escape first, then cut, so the limit holds for the text Slack counts (a
  // cut through an entity shows as "&am…", which is harmless).
  blocks.push_back(
      {{"type", "section"}, {"text", Mrkdwn(Truncate(EscapeMrkdwn(message), kSectionTextMax))}});
  nlohmann::ordered_json fields = nlohmann::ordered_json::array();
  for (const AlertField& f : alert_text::EvidenceFields(event)) {
    if (fields.size() == kSectionFieldsMax) break;
    fields.push_back(Mrkdwn(
        Truncate("*" + EscapeMrkdwn(f.name) + "*\n" + EscapeMrkdwn(f.value), kFieldTextMax)));
  }
  if (!fields.empty()) blocks.push_back({{"type", "section"}, {"fields", std::move(fields)}});

  nlohmann::ordered_json body;
  body["text"] = Truncate(EscapeMrkdwn(title + ": " + message), kSectionTextMax);
  body["blocks"] = std::move(blocks);

  OutboundRequest request;
  request.url = settings.url;
  request.headers = {{"Content-Type", "application/json"}};
  request.body = alert_text::DumpJson(body);
  return request;
}

}  // namespace ww
