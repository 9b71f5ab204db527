#pragma once
// The alert providers: one pure function per provider turns an AlertEvent and
// that provider's settings into the HTTP request it expects. No I/O here: the
// notifier hands the requests to an HttpSender. Unit-tested byte for byte.
//
// Each builder follows the provider's own documentation (named in its .cpp)
// and SEMANTICS.md §3 for the Hermes four (webhook, gotify, ntfy, apprise).
// Text that goes into an HTTP header (ntfy) is stripped of CR/LF so an event
// can never add a header; JSON is written with invalid UTF-8 replaced, so no
// input makes a builder throw.
//
// Thread safety: pure functions, callable from any thread.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notify/alert_event.h"
#include "notify/alert_settings.h"
#include "notify/outbound_request.h"

namespace ww {

// The provider names, in the fixed order BuildProviderRequests uses. They are
// the keys of GET /api/alerts "providers" and alert_log.provider.
inline constexpr std::string_view kAlertProviderNames[] = {"webhook", "gotify",  "ntfy",
                                                           "apprise", "discord", "slack"};

// One request per enabled provider, in kAlertProviderNames order. A provider
// that is enabled but lacks what it needs (no URL, no ntfy topic) is still
// listed: the sender then fails it with an error naming the URL, which is what
// the alert log and POST /api/alerts/test should show.
std::vector<std::pair<std::string, OutboundRequest>> BuildProviderRequests(
    const AlertEvent& event, const AlertSettings& settings);

// The Hermes event word of the webhook's "type": "speedtest_failure" and
// "speedtest_recovery" for failed speed tests (the original's words), "test"
// for test alerts, otherwise "<kind>_<phase>" ("outage_start", "drop_end").
std::string HermesAlertType(const AlertEvent& event);

OutboundRequest BuildWebhookRequest(const AlertEvent& event, const WebhookSettings& settings);
OutboundRequest BuildGotifyRequest(const AlertEvent& event, const GotifySettings& settings);
OutboundRequest BuildNtfyRequest(const AlertEvent& event, const NtfySettings& settings);
OutboundRequest BuildAppriseRequest(const AlertEvent& event, const AppriseSettings& settings);
OutboundRequest BuildDiscordRequest(const AlertEvent& event, const DiscordSettings& settings);
OutboundRequest BuildSlackRequest(const AlertEvent& event, const SlackSettings& settings);

}  // namespace ww
