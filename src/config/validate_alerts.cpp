#include "config/validate_alerts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "config/cidr.h"
#include "config/net_syntax.h"
#include "config/text_util.h"

namespace ww {
namespace {

using Errors = std::vector<std::string>;

constexpr std::size_t kMaxAppriseUrls = 20;  // as PUT /api/alerts allows

void CheckUrl(const std::string& key, const std::string& url, Errors& errors) {
  if (url.empty() || ParseHttpUrl(url)) return;
  errors.push_back(key + ": " + Quote(url) + " is not an http:// or https:// URL with a host");
}

void Required(bool enabled, const std::string& value, const std::string& section,
              std::string_view field, Errors& errors) {
  if (!enabled || !value.empty()) return;
  errors.push_back(section + "." + std::string(field) + ": required when " + section +
                   ".enabled is true");
}

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

void CheckHeaderText(const std::string& key, const std::string& value, Errors& errors) {
  if (HasControl(value)) errors.push_back(key + ": must not contain control characters");
}

void CheckTopic(const std::string& topic, Errors& errors) {
  const bool ok = topic.size() <= 64 && std::all_of(topic.begin(), topic.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '_';
                  });
  if (!ok) {
    errors.push_back("alerts.ntfy.topic: " + Quote(topic) +
                     " must be 1-64 letters, digits, '-' or '_'");
  }
}

void CheckMinimum(std::string_view key, double value, Errors& errors) {
  if (std::isfinite(value) && value >= 0 && value <= 1e6) return;
  char buf[96];
  std::snprintf(buf, sizeof buf,
                "alerts.%s: must be 0 (off) or a positive number up to 1e6, got %g",
                std::string(key).c_str(), value);
  errors.push_back(buf);
}

void CheckProviders(const AlertsConfig& a, Errors& errors) {
  CheckUrl("alerts.webhook.url", a.webhook.url, errors);
  CheckUrl("alerts.ntfy.url", a.ntfy.url, errors);
  CheckUrl("alerts.gotify.url", a.gotify.url, errors);
  CheckUrl("alerts.apprise.url", a.apprise.url, errors);
  CheckUrl("alerts.discord.url", a.discord.url, errors);
  CheckUrl("alerts.slack.url", a.slack.url, errors);
  Required(a.webhook.enabled, a.webhook.url, "alerts.webhook", "url", errors);
  Required(a.ntfy.enabled, a.ntfy.url, "alerts.ntfy", "url", errors);
  Required(a.ntfy.enabled, a.ntfy.topic, "alerts.ntfy", "topic", errors);
  Required(a.gotify.enabled, a.gotify.url, "alerts.gotify", "url", errors);
  Required(a.gotify.enabled, a.gotify.token, "alerts.gotify", "token", errors);
  Required(a.apprise.enabled, a.apprise.url, "alerts.apprise", "url", errors);
  Required(a.discord.enabled, a.discord.url, "alerts.discord", "url", errors);
  Required(a.slack.enabled, a.slack.url, "alerts.slack", "url", errors);
  if (!a.ntfy.topic.empty()) CheckTopic(a.ntfy.topic, errors);
  CheckHeaderText("alerts.ntfy.token", a.ntfy.token, errors);
  CheckHeaderText("alerts.ntfy.tags", a.ntfy.tags, errors);
  CheckHeaderText("alerts.gotify.token", a.gotify.token, errors);
  if (a.apprise.urls.size() > kMaxAppriseUrls) {
    errors.push_back("alerts.apprise.urls: at most " + std::to_string(kMaxAppriseUrls) +
                     " URLs, got " + std::to_string(a.apprise.urls.size()));
  }
  for (std::size_t i = 0; i < a.apprise.urls.size(); ++i) {
    const std::string& u = a.apprise.urls[i];
    const std::size_t sep = u.find("://");
    if (sep == std::string::npos || sep == 0 || HasControl(u)) {
      errors.push_back("alerts.apprise.urls[" + std::to_string(i) + "]: " + Quote(u) +
                       " is not an Apprise URL (scheme://...)");
    }
  }
}

}  // namespace

void ValidateAlerts(const AlertsConfig& alerts, std::vector<std::string>& errors) {
  CheckMinimum("min_download_mbps", alerts.min_download_mbps, errors);
  CheckMinimum("min_upload_mbps", alerts.min_upload_mbps, errors);
  CheckMinimum("max_ping_ms", alerts.max_ping_ms, errors);
  for (std::size_t i = 0; i < alerts.allow_cidrs.size(); ++i) {
    if (auto cidr = Cidr::Parse(alerts.allow_cidrs[i]); !cidr) {
      errors.push_back("alerts.allow_cidrs[" + std::to_string(i) + "]: " + cidr.error());
    }
  }
  CheckProviders(alerts, errors);
}

}  // namespace ww
