#include "probe/outage_enrichment.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <cctype>

#include "core/time_format.h"

namespace ww {
namespace {

using nlohmann::json;

// Around the outage: BGP needs a moment to converge before and after.
constexpr Seconds kBgpMargin{300};

json ParseOrNull(std::string_view text) {
  return json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

std::optional<std::string> Text(const json& j, const char* key) {
  if (!j.is_object()) return std::nullopt;
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

// "AS7922", "as7922", "7922" or 7922 -> "AS7922"; anything else -> nullopt.
std::optional<std::string> NormalizeAsn(const json& v) {
  if (v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
    return "AS" + std::to_string(v.get<std::uint64_t>());
  }
  if (!v.is_string()) return std::nullopt;
  std::string s = v.get<std::string>();
  if (s.size() > 2 && (s[0] == 'A' || s[0] == 'a') && (s[1] == 'S' || s[1] == 's')) s.erase(0, 2);
  if (s.empty() || s.size() > 10) return std::nullopt;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  return "AS" + s;
}

// "AS7922 Comcast Cable" -> {"AS7922", "Comcast Cable"}.
std::pair<std::optional<std::string>, std::optional<std::string>> SplitAsPrefix(
    const std::string& org) {
  const std::size_t space = org.find(' ');
  if (space != std::string::npos) {
    if (auto asn = NormalizeAsn(json(org.substr(0, space)))) {
      std::string rest = org.substr(space + 1);
      return {asn, rest.empty() ? std::nullopt : std::optional<std::string>(rest)};
    }
  }
  return {std::nullopt, org};
}

std::string RadarDate(WallTime t) {
  std::string s = FormatIso8601Seconds(t);  // ...+00:00
  if (s.ends_with("+00:00")) s.replace(s.size() - 6, 6, "Z");
  return s;
}

std::string TrimSlash(std::string base) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

std::optional<std::string> Fetch(HttpGetter& http, const char* source, const std::string& url,
                                 const HttpHeaders& headers = {}) {
  Result<std::string> body = http.Get(url, headers);
  if (!body.ok()) {
    spdlog::warn("outage enrichment ({}): {}", source, body.error());
    return std::nullopt;
  }
  return std::move(body).value();
}

}  // namespace

PublicIpInfo ParsePublicIp(std::string_view text) {
  const json j = ParseOrNull(text);
  PublicIpInfo out;
  if (!j.is_object()) return out;
  out.ip = Text(j, "ip");
  if (!out.ip) out.ip = Text(j, "query");
  if (const auto it = j.find("asn"); it != j.end()) out.asn = NormalizeAsn(*it);
  if (auto as = Text(j, "as"); as && !out.asn) out.asn = SplitAsPrefix(*as).first;
  if (auto isp = Text(j, "isp")) out.isp_name = isp;
  if (auto org = Text(j, "org")) {
    auto [asn, name] = SplitAsPrefix(*org);
    if (!out.asn) out.asn = asn;
    if (!out.isp_name) out.isp_name = name;
  }
  return out;
}

NetworkInfo ParseRipestatNetworkInfo(std::string_view text) {
  const json j = ParseOrNull(text);
  NetworkInfo out;
  if (!j.is_object() || !j.contains("data") || !j["data"].is_object()) return out;
  const json& data = j["data"];
  if (const auto it = data.find("asns"); it != data.end() && it->is_array() && !it->empty()) {
    out.asn = NormalizeAsn(it->front());
  }
  out.prefix = Text(data, "prefix");
  return out;
}

std::optional<bool> ParseRipestatBgpUnstable(std::string_view text) {
  const json j = ParseOrNull(text);
  if (!j.is_object() || !j.contains("data") || !j["data"].is_object()) return std::nullopt;
  const json& data = j["data"];
  const auto it = data.find("updates");
  if (it == data.end() || !it->is_array()) return std::nullopt;
  return !it->empty();
}

std::optional<std::string> ParseRadarOutageDescription(std::string_view text) {
  const json j = ParseOrNull(text);
  if (!j.is_object() || !j.contains("result") || !j["result"].is_object()) return std::nullopt;
  const json& result = j["result"];
  const auto it = result.find("annotations");
  if (it == result.end() || !it->is_array()) return std::nullopt;
  for (const json& a : *it) {
    if (auto d = Text(a, "description")) return d;
    // No description: say what Radar classified it as.
    if (a.is_object() && a.contains("outage")) {
      const json& o = a["outage"];
      auto cause = Text(o, "outageCause");
      auto type = Text(o, "outageType");
      if (cause || type)
        return (type ? *type : std::string("outage")) + (cause ? ": " + *cause : "");
    }
  }
  return std::nullopt;
}

OutageEnrichment Enrich(const EnrichmentSources& s, WallTime start, WallTime end,
                        HttpGetter& http) {
  OutageEnrichment e;
  PublicIpInfo ip;
  if (!s.public_ip_url.empty()) {
    if (auto body = Fetch(http, "public IP", s.public_ip_url)) ip = ParsePublicIp(*body);
    e.isp_name = ip.isp_name;
    e.asn = ip.asn;
  }
  std::optional<std::string> prefix;
  if (!s.ripestat_url.empty() && ip.ip) {
    const std::string base = TrimSlash(s.ripestat_url);
    if (auto body = Fetch(http, "RIPEstat network-info",
                          base + "/data/network-info/data.json?resource=" + *ip.ip)) {
      NetworkInfo info = ParseRipestatNetworkInfo(*body);
      if (info.asn) e.asn = info.asn;
      prefix = info.prefix;
    }
    // Our prefix, not the whole AS: a large AS sees updates every minute.
    const std::optional<std::string> resource = prefix ? prefix : e.asn;
    if (resource) {
      const auto unix_s = [](WallTime t) {
        return std::to_string(std::chrono::duration_cast<Seconds>(t.time_since_epoch()).count());
      };
      if (auto body = Fetch(http, "RIPEstat bgp-updates",
                            base + "/data/bgp-updates/data.json?resource=" + *resource +
                                "&starttime=" + unix_s(start - kBgpMargin) +
                                "&endtime=" + unix_s(end + kBgpMargin))) {
        e.bgp_unstable = ParseRipestatBgpUnstable(*body);
      }
    }
  }
  if (!s.cloudflare_radar_url.empty()) {
    std::string url = TrimSlash(s.cloudflare_radar_url) +
                      "/annotations/outages?dateStart=" + RadarDate(start) +
                      "&dateEnd=" + RadarDate(end) + "&format=json";
    if (e.asn) url += "&asn=" + e.asn->substr(2);
    HttpHeaders headers;
    if (!s.cloudflare_radar_token.empty()) {
      headers.emplace_back("Authorization", "Bearer " + s.cloudflare_radar_token);
    }
    if (auto body = Fetch(http, "Cloudflare Radar", url, headers)) {
      e.cloudflare_outage_desc = ParseRadarOutageDescription(*body);
    }
  }
  return e;
}

}  // namespace ww
