#pragma once
// Cross-origin access for browsers, as Hermes configures it (CORS_ORIGINS):
// origins are matched exactly (scheme, host and port as the browser sends
// them in Origin); "*" in the list allows any origin. Methods GET, POST,
// PUT; request headers Content-Type and X-Api-Key; Retry-After is exposed so
// a page can read it from a 429.
//
// Pre-flight (OPTIONS with Origin and Access-Control-Request-Method):
// - allowed origin and method → 204 with Access-Control-Allow-Origin,
//   -Allow-Methods, -Allow-Headers, -Max-Age;
// - unknown origin → 403 {"detail": "CORS origin not allowed"} without any
//   Access-Control-* header; a method outside the list → 403 "CORS method
//   not allowed". A clear answer for a person reading the browser's network
//   tab (rather than a 204 without allow headers); the browser blocks the
//   call either way.
// Other responses: Access-Control-Allow-Origin (and Expose-Headers) when the
// Origin is allowed. Whenever origins are configured, every response carries
// Vary: Origin, matching or not, so that a cache never serves one origin's
// answer to another. With no origins configured nothing is added and
// pre-flights are refused.
//
// Thread safety: immutable after construction; methods from any thread.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/http_types.h"

namespace ww {

inline constexpr std::string_view kCorsAllowedMethods = "GET, POST, PUT";
inline constexpr std::string_view kCorsAllowedHeaders = "Content-Type, X-Api-Key";
inline constexpr std::string_view kCorsMaxAgeSeconds = "600";

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> origins);

  bool IsAllowedOrigin(std::string_view origin) const;
  // The answer to a pre-flight request; nullopt for any other request.
  std::optional<HttpResponse> Preflight(const HttpRequest& request) const;
  // The response filter: Vary and Access-Control-Allow-Origin.
  void AddHeaders(const HttpRequest& request, HttpResponse& response) const;

 private:
  std::vector<std::string> origins_;
  bool any_origin_ = false;
};

}  // namespace ww
