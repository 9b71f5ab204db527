#pragma once
// Plain request and response values that handlers see. The Beast server
// converts to and from these, so handlers (src/api) never include Beast and
// can be unit-tested by calling them directly.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ww {

struct HttpRequest {
  std::string method;                             // "GET", "POST", ...
  std::string target;                             // raw request target, "/api/status?live=1"
  std::string path;                               // decoded path without the query: "/api/status"
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::map<std::string, std::string> headers;     // names lower-cased
  std::string body;
  std::string peer;  // client address as text, IPv4-mapped IPv6 normalised to IPv4

  std::optional<std::string> Query(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
  }
  std::optional<std::string> Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers

  static HttpResponse Json(int status, std::string body) {
    return HttpResponse{status, "application/json", std::move(body), {}};
  }
  // {"detail": message} with the given status (the error shape of all three seeds).
  static HttpResponse Error(int status, std::string_view detail);
};

}  // namespace ww
