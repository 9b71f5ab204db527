#pragma once
// What happens to every request between the socket and the handler, without
// any Beast: middleware first (the place for API keys, rate limits, CORS
// pre-flight and CIDR gates), then the handler (usually Router::Handle), then
// response filters (e.g. CORS headers), then the security headers every
// response carries. A handler, middleware or filter that throws yields
// 500 {"detail": "internal error"} and a log line, never a crash.
//
// Thread safety: immutable after construction; Handle() may run on any number
// of threads at once if the handler, middleware and filters allow it.

#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <spdlog/fwd.h>

#include "http/http_types.h"

namespace ww {

using RequestHandler = std::function<HttpResponse(const HttpRequest&)>;
// Returns a response to answer the request without routing it (401, 403, 429,
// a CORS pre-flight), or nullopt to let the request through.
using Middleware = std::function<std::optional<HttpResponse>(const HttpRequest&)>;
// Adjusts the response after the handler or a middleware produced it.
using ResponseFilter = std::function<void(const HttpRequest&, HttpResponse&)>;

// The CSP of HTML pages: same-origin resources only, no inline script or style.
inline constexpr std::string_view kHtmlContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

// Adds X-Frame-Options, X-Content-Type-Options, Cross-Origin-Resource-Policy,
// Referrer-Policy, and on text/html a Content-Security-Policy, each unless the
// response already has it.
void AddSecurityHeaders(HttpResponse& response);

class Pipeline {
 public:
  // logger: where handler failures go; nullptr = spdlog's default logger.
  explicit Pipeline(RequestHandler handler, std::vector<Middleware> middleware = {},
                    std::vector<ResponseFilter> filters = {},
                    std::shared_ptr<spdlog::logger> logger = nullptr);

  HttpResponse Handle(const HttpRequest& request) const noexcept;

 private:
  HttpResponse Run(const HttpRequest& request) const;

  RequestHandler handler_;
  std::vector<Middleware> middleware_;
  std::vector<ResponseFilter> filters_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace ww
