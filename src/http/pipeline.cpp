#include "http/pipeline.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <string>

#include <spdlog/spdlog.h>

namespace ww {
namespace {

bool HasHeader(const HttpResponse& response, std::string_view name) {
  return std::any_of(response.headers.begin(), response.headers.end(), [&](const auto& h) {
    return std::equal(h.first.begin(), h.first.end(), name.begin(), name.end(),
                      [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  });
}

void SetDefault(HttpResponse& response, std::string_view name, std::string_view value) {
  if (!HasHeader(response, name)) response.headers.emplace_back(name, value);
}

bool IsHtml(const HttpResponse& response) {
  std::string type = response.content_type.substr(0, response.content_type.find(';'));
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type == "text/html";
}

// Request text in a log line: control characters replaced (no forged lines), length bounded.
std::string LogSafe(std::string_view text) {
  constexpr std::size_t kMaxLogged = 200;
  std::string out(text.substr(0, kMaxLogged));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  if (text.size() > kMaxLogged) out += "...";
  return out;
}

}  // namespace

void AddSecurityHeaders(HttpResponse& response) {
  SetDefault(response, "X-Frame-Options", "DENY");
  SetDefault(response, "X-Content-Type-Options", "nosniff");
  SetDefault(response, "Cross-Origin-Resource-Policy", "same-origin");
  SetDefault(response, "Referrer-Policy", "strict-origin-when-cross-origin");
  if (IsHtml(response)) SetDefault(response, "Content-Security-Policy", kHtmlContentSecurityPolicy);
}

Pipeline::Pipeline(RequestHandler handler, std::vector<Middleware> middleware,
                   std::vector<ResponseFilter> filters, std::shared_ptr<spdlog::logger> logger)
    : handler_(std::move(handler)),
      middleware_(std::move(middleware)),
      filters_(std::move(filters)),
      logger_(logger ? std::move(logger) : spdlog::default_logger()) {}

HttpResponse Pipeline::Run(const HttpRequest& request) const {
  std::optional<HttpResponse> early;
  for (const auto& step : middleware_) {
    early = step(request);
    if (early) break;
  }
  HttpResponse response = early ? std::move(*early) : handler_(request);
  for (const auto& filter : filters_) filter(request, response);
  return response;
}

HttpResponse Pipeline::Handle(const HttpRequest& request) const noexcept {
  HttpResponse response;
  try {
    response = Run(request);
  } catch (const std::exception& e) {
    logger_->error("http: {} {} from {} failed: {}", LogSafe(request.method), LogSafe(request.path),
                   request.peer, LogSafe(e.what()));
    response = HttpResponse::Error(500, "internal error");
  } catch (...) {
    logger_->error("http: {} {} from {} failed: unknown exception", LogSafe(request.method),
                   LogSafe(request.path), request.peer);
    response = HttpResponse::Error(500, "internal error");
  }
  AddSecurityHeaders(response);
  return response;
}

}  // namespace ww
