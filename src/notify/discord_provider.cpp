// Discord: POST the incoming webhook URL, JSON {embeds: [{title, description,
// color, timestamp, fields: [{name, value, inline}]}]}. Followed:
// discord.com/developers/docs/resources/webhook#execute-webhook and the embed
// limits (resources/message#embed-object-embed-limits): title 256, description
// 4096, 25 fields, field name 256, value 1024, 6000 characters in all; a
// message over a limit is refused with 400, so the builder truncates.

#include "core/time_format.h"
#include "notify/alert_text.h"
#include "notify/provider_requests.h"

namespace ww {
namespace {

constexpr std::size_t kTitleMax = 256;
constexpr std::size_t kDescriptionMax = 4096;
constexpr std::size_t kFieldsMax = 25;
constexpr std::size_t kFieldNameMax = 256;
constexpr std::size_t kFieldValueMax = 1024;
constexpr std::size_t kEmbedTotalMax = 6000;

// Red for a problem, green for its end, orange for a change, blue for a test.
int EmbedColor(AlertPhase phase) {
  switch (phase) {
    case AlertPhase::kStart:
      return 0xE74C3C;
    case AlertPhase::kEnd:
      return 0x2ECC71;
    case AlertPhase::kChange:
      return 0xE67E22;
    case AlertPhase::kTest:
      break;
  }
  return 0x3498DB;
}

}  // namespace

OutboundRequest BuildDiscordRequest(const AlertEvent& event, const DiscordSettings& settings) {
  using alert_text::CharCount;
  using alert_text::Truncate;
  const std::string title =
      Truncate(event.title.empty() ? "wanwatch alert" : event.title, kTitleMax);
  const std::string description =
      Truncate(event.message.empty() ? event.title : event.message, kDescriptionMax);
  std::size_t total = CharCount(title) + CharCount(description);

  nlohmann::ordered_json fields = nlohmann::ordered_json::array();
  for (const AlertField& f : alert_text::EvidenceFields(event)) {
    if (fields.size() == kFieldsMax) break;
    std::string name = Truncate(f.name, kFieldNameMax);
    std::string value = Truncate(f.value, kFieldValueMax);
    const std::size_t size = CharCount(name) + CharCount(value);
    if (total + size > kEmbedTotalMax) break;  // the rest would not fit the 6000
    total += size;
    fields.push_back({{"name", std::move(name)}, {"value", std::move(value)}, {"inline", true}});
  }

  nlohmann::ordered_json embed;
  embed["title"] = title;
  embed["description"] = description;
  embed["color"] = EmbedColor(event.phase);
  embed["timestamp"] = FormatIso8601(event.timestamp);
  embed["fields"] = std::move(fields);
  nlohmann::ordered_json body;
  body["embeds"] = nlohmann::ordered_json::array({std::move(embed)});

  OutboundRequest request;
  request.url = settings.url;
  request.headers = {{"Content-Type", "application/json"}};
  request.body = alert_text::DumpJson(body);
  return request;
}

}  // namespace ww
