#include "notify/provider_requests.h"

namespace ww {
namespace {

// The registry: a provider is its name, its switch and its builder. Adding one
// is a line here, a builder in a file of its own, and a test.
struct ProviderEntry {
  std::string_view name;
  bool (*enabled)(const AlertSettings&);
  OutboundRequest (*build)(const AlertEvent&, const AlertSettings&);
};

constexpr ProviderEntry kProviders[] = {
    {"webhook", [](const AlertSettings& s) { return s.webhook.enabled; },
     [](const AlertEvent& e, const AlertSettings& s) { return BuildWebhookRequest(e, s.webhook); }},
    {"gotify", [](const AlertSettings& s) { return s.gotify.enabled; },
     [](const AlertEvent& e, const AlertSettings& s) { return BuildGotifyRequest(e, s.gotify); }},
    {"ntfy", [](const AlertSettings& s) { return s.ntfy.enabled; },
     [](const AlertEvent& e, const AlertSettings& s) { return BuildNtfyRequest(e, s.ntfy); }},
    {"apprise", [](const AlertSettings& s) { return s.apprise.enabled; },
     [](const AlertEvent& e, const AlertSettings& s) { return BuildAppriseRequest(e, s.apprise); }},
    {"discord", [](const AlertSettings& s) { return s.discord.enabled; },
     [](const AlertEvent& e, const AlertSettings& s) { return BuildDiscordRequest(e, s.discord); }},
    {"slack", [](const AlertSettings& s) { return s.slack.enabled; },
     [](const AlertEvent& e, const AlertSettings& s) { return BuildSlackRequest(e, s.slack); }},
};

static_assert(std::size(kProviders) == std::size(kAlertProviderNames));

}  // namespace

std::vector<std::pair<std::string, OutboundRequest>> BuildProviderRequests(
    const AlertEvent& event, const AlertSettings& settings) {
  std::vector<std::pair<std::string, OutboundRequest>> out;
  for (const ProviderEntry& p : kProviders) {
    if (p.enabled(settings)) out.emplace_back(std::string(p.name), p.build(event, settings));
  }
  return out;
}

std::string HermesAlertType(const AlertEvent& event) {
  if (event.kind == AlertKind::kTest || event.phase == AlertPhase::kTest) return "test";
  if (event.kind == AlertKind::kSpeedtestFailure) {
    // The original's two words: its webhook only ever sent these.
    return event.phase == AlertPhase::kEnd ? "speedtest_recovery" : "speedtest_failure";
  }
  return std::string(AlertKindName(event.kind)) + "_" + std::string(AlertPhaseName(event.phase));
}

}  // namespace ww
