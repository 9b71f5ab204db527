#include "notify/alert_settings_json.h"

#include <cmath>
#include <limits>
#include <optional>
#include <set>

#include "notify/alert_settings_reader.h"

namespace ww {
namespace {

constexpr std::string_view kMask = "****";

Json OptionalNumber(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

Json MaskedUrls(const std::vector<std::string>& urls) {
  Json out = Json::array();
  for (const std::string& u : urls) out.push_back(MaskServiceUrl(u));
  return out;
}

// GET's providers (masked) or the stored ones (clear).
Json ProvidersJson(const AlertSettings& s, bool mask) {
  const auto url = [mask](const std::string& u) { return mask ? MaskUrlPath(u) : u; };
  const auto secret = [mask](const std::string& t) { return mask ? MaskSecret(t) : t; };
  Json urls = mask ? MaskedUrls(s.apprise.urls) : Json(s.apprise.urls);
  return Json{
      {"webhook", {{"enabled", s.webhook.enabled}, {"url", url(s.webhook.url)}}},
      {"gotify",
       {{"enabled", s.gotify.enabled},
        {"url", s.gotify.url},
        {"token", secret(s.gotify.token)},
        {"priority", s.gotify.priority}}},
      {"ntfy",
       {{"enabled", s.ntfy.enabled},
        {"url", s.ntfy.url},
        {"topic", s.ntfy.topic},
        {"token", secret(s.ntfy.token)},
        {"priority", s.ntfy.priority},
        {"tags", s.ntfy.tags}}},
      {"apprise", {{"enabled", s.apprise.enabled}, {"url", s.apprise.url}, {"urls", urls}}},
      {"discord", {{"enabled", s.discord.enabled}, {"url", url(s.discord.url)}}},
      {"slack", {{"enabled", s.slack.enabled}, {"url", url(s.slack.url)}}},
  };
}

Json SettingsJson(const AlertSettings& s, bool mask) {
  return Json{
      {"enabled", s.enabled},
      {"failure_threshold", s.failure_threshold},
      {"cooldown_minutes", s.cooldown_minutes},
      {"providers", ProvidersJson(s, mask)},
      {"on_drops", s.on_drops},
      {"on_outages", s.on_outages},
      {"on_uplink_changes", s.on_uplink_changes},
      {"min_download_mbps", OptionalNumber(s.min_download_mbps)},
      {"min_upload_mbps", OptionalNumber(s.min_upload_mbps)},
      {"max_ping_ms", OptionalNumber(s.max_ping_ms)},
  };
}

// Where the scheme's "://" ends, or npos.
std::size_t AfterScheme(std::string_view url) {
  const std::size_t p = url.find("://");
  return p == std::string_view::npos ? p : p + 3;
}

}  // namespace

std::string MaskSecret(std::string_view secret) {
  if (secret.empty()) return "";
  if (secret.size() <= 8) return std::string(kMask);
  return std::string(kMask) + std::string(secret.substr(secret.size() - 4));
}

std::string MaskUrlPath(std::string_view url) {
  const std::size_t host_begin = AfterScheme(url);
  if (host_begin == std::string_view::npos) return MaskSecret(url);
  std::size_t host_end = url.find_first_of("/?#", host_begin);
  if (host_end == std::string_view::npos) host_end = url.size();
  std::string_view authority = url.substr(host_begin, host_end - host_begin);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);  // user:password@ is a secret too
  }
  std::string out = std::string(url.substr(0, host_begin)) + std::string(authority) + "/";
  const std::string_view rest = url.substr(host_end);
  if (rest.empty() || rest == "/") return out;
  return out + MaskSecret(rest.substr(rest.front() == '/' ? 1 : 0));
}

std::string MaskServiceUrl(std::string_view url) {
  const std::size_t rest = AfterScheme(url);
  if (rest == std::string_view::npos) return MaskSecret(url);
  const std::string masked = MaskSecret(url.substr(rest));
  return std::string(url.substr(0, rest)) + (masked.empty() ? std::string(kMask) : masked);
}

Json AlertSettingsToJson(const AlertSettings& settings) { return SettingsJson(settings, true); }

Result<AlertSettings> ApplyAlertSettingsUpdate(const AlertSettings& current,
                                               const nlohmann::json& body,
                                               const AlertUrlCheck& check_url) {
  AlertSettingsReader reader(current, check_url);
  if (Status s = reader.Read(body); !s) return Result<AlertSettings>(s);
  return reader.settings();
}

std::string AlertSettingsToStored(const AlertSettings& settings) {
  return SettingsJson(settings, false).dump();
}

Result<AlertSettings> AlertSettingsFromStored(const AlertSettings& base, std::string_view stored) {
  const nlohmann::json body = nlohmann::json::parse(stored, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return Result<AlertSettings>::Error("stored alerts: not valid JSON");
  // The stored value holds secrets in clear, so nothing in it is a mask.
  AlertSettingsReader reader(base, nullptr, /*keep_masked=*/false);
  if (Status s = reader.Read(body); !s) {
    return Result<AlertSettings>::Error("stored alerts: " + s.message());
  }
  return reader.settings();
}

}  // namespace ww
