#pragma once
// AlertSettings <-> JSON, for GET/PUT /api/alerts and the settings table.
//
// - GET: Hermes's shape {enabled, failure_threshold, cooldown_minutes,
//   providers:{webhook, gotify, ntfy, apprise, discord, slack}} plus our
//   triggers (on_drops, ..., max_ping_ms). Secrets are masked: tokens become
//   "****" + their last 4 characters; webhook, Discord and Slack URLs keep
//   scheme and host and mask the rest (their path is the secret); Apprise
//   service URLs keep their scheme only.
// - PUT: a partial update merged over the current settings. Providers and
//   fields not named keep their values; a masked value sent back unchanged
//   keeps the stored secret. Everything is checked before anything changes;
//   the first problem is returned as "<field>: <why>", with the field's JSON
//   path ("providers.ntfy.priority"). Every URL the body sets passes
//   `check_url` (the SSRF guard in the daemon; CheckUrlForStorage).
// - Stored: the same shape unmasked, under the settings key "alerts"; read
//   back over the config file's values at start.
//
// Thread safety: pure functions.

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "notify/alert_settings.h"

namespace ww {

inline constexpr std::string_view kAlertSettingsKey = "alerts";  // settings table key

// Limits shared by the config file and the API.
inline constexpr int kMaxFailureThreshold = 100;
inline constexpr int kMaxCooldownMinutes = 10'080;  // one week
inline constexpr std::size_t kMaxAlertUrlLength = 2048;
inline constexpr std::size_t kMaxAlertTextLength = 256;  // tokens, tags
inline constexpr std::size_t kMaxAppriseUrls = 20;

// The six providers, in the order the API lists them.
inline constexpr std::string_view kAlertProviderNames[] = {"webhook", "gotify",  "ntfy",
                                                           "apprise", "discord", "slack"};

// "" stays ""; up to 8 characters: "****"; longer: "****" + the last 4.
std::string MaskSecret(std::string_view secret);
// "https://discord.com/api/webhooks/1/abcdef" -> "https://discord.com/****cdef";
// a URL with nothing after the host is shown as it is. User info is dropped.
std::string MaskUrlPath(std::string_view url);
// Apprise service URLs ("tgram://bottoken/chat"): the scheme is kept, the
// rest masked as a secret ("tgram://****chat").
std::string MaskServiceUrl(std::string_view url);

using Json = nlohmann::ordered_json;

// GET /api/alerts.
Json AlertSettingsToJson(const AlertSettings& settings);

// Decides whether a URL may be stored: Status::Ok or the reason ("refused:
// 10.0.0.1 is a private address"). The daemon's checks the SSRF guard.
using AlertUrlCheck = std::function<Status(std::string_view url)>;

// PUT /api/alerts: `current` with `body` merged over it, validated whole.
Result<AlertSettings> ApplyAlertSettingsUpdate(const AlertSettings& current,
                                               const nlohmann::json& body,
                                               const AlertUrlCheck& check_url);

// The settings table's value (secrets in clear: the database is the daemon's).
std::string AlertSettingsToStored(const AlertSettings& settings);
// The stored value over `base` (the config file's settings). URLs are not
// checked again here: every send is guarded.
Result<AlertSettings> AlertSettingsFromStored(const AlertSettings& base, std::string_view stored);

}  // namespace ww
