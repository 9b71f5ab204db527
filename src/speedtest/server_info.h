#pragma once
// What a test server says about the client and itself, from the replies the
// client reads anyway:
//  - LibreSpeed getIP: {"processedString": "203.0.113.7 - Example ISP, DE (120 km)",
//    "rawIspInfo": {ipinfo.io's object: "org": "AS64500 Example ISP", "city", "country"} or ""}.
//    Our own test point answers "127.0.0.1 - localhost IPv4 access" (LibreSpeed's text
//    for local addresses).
//  - Cloudflare __down?bytes=0 headers: cf-meta-ip, cf-meta-asn, cf-meta-city,
//    cf-meta-country (the client's), cf-meta-colo or the "-FRA" end of cf-ray (the
//    data centre that answered, i.e. the server's location).
// Anything malformed or missing leaves the field empty; nothing here throws.
// Thread safety: pure.

#include <map>
#include <string>
#include <string_view>

namespace ww {

struct ServerInfo {
  std::string client_ip;
  std::string isp;
  std::string server_location;
};

ServerInfo ParseLibreSpeedGetIp(std::string_view body);

// `headers`: lower-case names → values (the last of repeated ones).
ServerInfo ParseCloudflareMeta(const std::map<std::string, std::string>& headers);

// One "Name: value\r\n" header line into `headers` (name lower-cased, value trimmed);
// status lines and blank lines are ignored.
void AddHeaderLine(std::string_view line, std::map<std::string, std::string>& headers);

}  // namespace ww
