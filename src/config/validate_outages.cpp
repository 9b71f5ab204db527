#include "config/validate_outages.h"

#include "config/net_syntax.h"
#include "config/text_util.h"

namespace ww {
namespace {

std::string Item(std::string_view list, std::size_t i) {
  return std::string(list) + "[" + std::to_string(i) + "]";
}

void CheckTargets(const OutagesConfig& o, std::vector<std::string>& errors) {
  const auto& t = o.targets;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!ParseHostPort(t[i])) {
      errors.push_back(Item("outages.targets", i) + ": " + Quote(t[i]) +
                       " is not host:port (port 1-65535; IPv6 as [addr]:port)");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (t[i] == t[j]) {
        errors.push_back(Item("outages.targets", i) + ": duplicate of " +
                         Item("outages.targets", j));
        break;
      }
    }
  }
  // A quorum larger than the target list could never be met by more targets
  // failing than exist; the detector would fall back to "all of them", which
  // is rarely what was meant.
  if (!t.empty() && o.quorum > static_cast<int>(t.size())) {
    errors.push_back("outages.quorum: must not exceed the number of outages.targets (" +
                     std::to_string(t.size()) + "), got " + std::to_string(o.quorum));
  }
  if (o.enabled && o.timeout >= std::chrono::seconds(o.interval_seconds)) {
    errors.push_back("outages.timeout_ms: must be shorter than outages.interval_seconds (" +
                     std::to_string(o.interval_seconds * 1000) + " ms), got " +
                     std::to_string(o.timeout.count()));
  }
}

void CheckUrl(std::string_view key, const std::string& url, std::vector<std::string>& errors) {
  if (url.empty() || ParseHttpUrl(url)) return;
  errors.push_back("outages." + std::string(key) + ": " + Quote(url) +
                   " is not an http:// or https:// URL with a host");
}

}  // namespace

void ValidateOutages(const OutagesConfig& o, std::vector<std::string>& errors) {
  CheckTargets(o, errors);
  CheckUrl("public_ip_url", o.public_ip_url, errors);
  CheckUrl("ripestat_url", o.ripestat_url, errors);
  CheckUrl("cloudflare_radar_url", o.cloudflare_radar_url, errors);
  if (!o.cloudflare_radar_token.empty() && o.cloudflare_radar_url.empty()) {
    errors.push_back(
        "outages.cloudflare_radar_token: set, but outages.cloudflare_radar_url is not");
  }
}

}  // namespace ww
