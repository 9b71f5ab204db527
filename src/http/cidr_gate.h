#pragma once
// Downloads and other sensitive paths answer only clients inside
// web.allowed_networks (default: loopback, RFC 1918, link-local, ULA);
// anyone else gets 403 {"detail": ...}. The client address is the one
// ClientAddress() finds (X-Forwarded-For only through trusted proxies).
//
// Restricted: "/logs" and "/reports" and everything below them, and every
// path ending in ".csv" (CSV exports such as /api/history.csv), checked on
// the decoded path so that percent-escapes do not get around it. Every
// method is gated, so a 403 comes before a 404 or 405.
//
// Thread safety: immutable after construction; Check() from any thread.

#include <optional>
#include <string_view>
#include <vector>

#include "config/cidr.h"
#include "http/http_types.h"

namespace ww {

bool IsRestrictedPath(std::string_view decoded_path);

class CidrGate {
 public:
  CidrGate(std::vector<Cidr> allowed_networks, std::vector<Cidr> trusted_proxies);

  // nullopt when the path is not restricted or the client is allowed; else 403.
  std::optional<HttpResponse> Check(const HttpRequest& request) const;

 private:
  std::vector<Cidr> allowed_;
  std::vector<Cidr> trusted_proxies_;
};

}  // namespace ww
