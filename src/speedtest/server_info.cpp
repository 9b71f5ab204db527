#include "speedtest/server_info.h"

#include <cctype>

#include <nlohmann/json.hpp>

namespace ww {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string StringField(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "AS64500 Example ISP" → "Example ISP" (ipinfo's org puts the ASN first).
std::string WithoutAsn(std::string org) {
  if (org.size() > 2 && org[0] == 'A' && org[1] == 'S') {
    const auto space = org.find(' ');
    if (space != std::string::npos) return org.substr(space + 1);
  }
  return org;
}

// "Example ISP, DE (120 km)" → "Example ISP": LibreSpeed appends the country and,
// when it knows both positions, the distance.
std::string IspOfProcessedTail(std::string_view tail) {
  tail = Trim(tail);
  if (!tail.empty() && tail.back() == ')') {
    const auto open = tail.rfind(" (");
    if (open != std::string_view::npos) tail = Trim(tail.substr(0, open));
  }
  const auto comma = tail.rfind(", ");
  if (comma != std::string_view::npos && tail.size() - comma - 2 == 2) tail = tail.substr(0, comma);
  return std::string(tail);
}

}  // namespace

ServerInfo ParseLibreSpeedGetIp(std::string_view body) {
  ServerInfo info;
  const nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    // Old backends answer the bare address as text.
    const std::string_view text = Trim(body);
    if (!text.empty() && text.size() < 64 && text.find_first_of(" {<") == std::string_view::npos) {
      info.client_ip = std::string(text);
    }
    return info;
  }
  const std::string processed = StringField(j, "processedString");
  const auto dash = processed.find(" - ");
  info.client_ip = std::string(Trim(processed.substr(0, dash)));
  if (dash != std::string::npos) info.isp = IspOfProcessedTail(processed.substr(dash + 3));
  const auto raw = j.find("rawIspInfo");
  if (raw != j.end() && raw->is_object()) {
    const std::string org = StringField(*raw, "org");
    if (!org.empty()) info.isp = WithoutAsn(org);
  }
  return info;
}

ServerInfo ParseCloudflareMeta(const std::map<std::string, std::string>& headers) {
  ServerInfo info;
  const auto get = [&headers](const char* name) {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  };
  info.client_ip = get("cf-meta-ip");
  const std::string asn = get("cf-meta-asn");
  if (!asn.empty()) info.isp = "AS" + asn;
  std::string colo = get("cf-meta-colo");
  const std::string ray = get("cf-ray");
  const auto dash = ray.rfind('-');
  if (colo.empty() && dash != std::string::npos) colo = ray.substr(dash + 1);
  info.server_location = colo;
  return info;
}

void AddHeaderLine(std::string_view line, std::map<std::string, std::string>& headers) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return;
  std::string name(Trim(line.substr(0, colon)));
  if (name.find(' ') != std::string::npos) return;  // "HTTP/1.1 200 OK" has none, but be safe
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  headers[name] = std::string(Trim(line.substr(colon + 1)));
}

}  // namespace ww
