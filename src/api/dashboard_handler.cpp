#include <cctype>
#include <string>

#include "api/handlers.h"
#include "web_assets/web_assets.h"

namespace ww {
namespace {

constexpr std::string_view kAssetPrefix = "/assets/";
// index.html names the current hashed files, so it is revalidated every time;
// the hashed files themselves never change.
constexpr std::string_view kRevalidate = "no-cache";
constexpr std::string_view kForever = "public, max-age=31536000, immutable";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Calls `visit(item)` for each comma-separated item of a header value.
template <typename Visit>
void ForEachListItem(std::string_view value, Visit visit) {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    visit(Trim(value.substr(0, comma)));
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
  }
}

// Accept-Encoding (RFC 9110 §12.5.3): gzip is acceptable when named, or
// covered by "*", with a non-zero weight. "gzip;q=0" refuses it.
bool AcceptsGzip(const HttpRequest& request) {
  const std::optional<std::string> header = request.Header("accept-encoding");
  if (!header) return false;
  int gzip = -1, any = -1;  // -1 unnamed, 0 refused, 1 accepted
  ForEachListItem(*header, [&](std::string_view item) {
    const std::size_t semi = item.find(';');
    const std::string_view coding = Trim(item.substr(0, semi));
    bool refused = false;
    if (semi != std::string_view::npos) {
      std::string_view param = Trim(item.substr(semi + 1));
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        param = Trim(param.substr(2));
        refused = !param.empty() && param.find_first_not_of("0.") == std::string_view::npos;
      }
    }
    if (EqualsIgnoreCase(coding, "gzip") || EqualsIgnoreCase(coding, "x-gzip")) {
      gzip = refused ? 0 : 1;
    } else if (coding == "*") {
      any = refused ? 0 : 1;
    }
  });
  return gzip == 1 || (gzip == -1 && any == 1);
}

// If-None-Match (RFC 9110 §13.1.2): "*" or a list of tags, compared weakly.
bool NoneMatchHits(std::string_view header, std::string_view etag) {
  bool hit = false;
  ForEachListItem(header, [&](std::string_view tag) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    hit |= tag == "*" || tag == etag;
  });
  return hit;
}

HttpResponse Serve(const WebAsset& asset, const HttpRequest& request,
                   std::string_view cache_control) {
  const bool gzip = !asset.gzip_body.empty() && AcceptsGzip(request);
  // Each representation needs its own strong validator: "<hash>" or "<hash>-gz".
  std::string etag(asset.etag);
  if (gzip) etag.insert(etag.size() - 1, "-gz");
  HttpResponse response{200, std::string(asset.content_type), {}, {}};
  response.headers = {
      {"Cache-Control", std::string(cache_control)}, {"ETag", etag}, {"Vary", "Accept-Encoding"}};
  const std::optional<std::string> none_match = request.Header("if-none-match");
  if (none_match && NoneMatchHits(*none_match, etag)) {
    response.status = 304;
    return response;
  }
  if (gzip) response.headers.emplace_back("Content-Encoding", "gzip");
  response.body = std::string(gzip ? asset.gzip_body : asset.body);
  return response;
}

}  // namespace

HttpResponse HandleDashboard(const ApiContext& context, const HttpRequest& request) {
  const WebAsset* index = FindWebAsset("index.html");
  if (index == nullptr)
    return HttpResponse::Error(500, "the dashboard is not built into this binary");
  return Serve(*index, request, kRevalidate);
}

HttpResponse HandleDashboardAsset(const ApiContext& context, const HttpRequest& request) {
  std::string_view name = request.path;
  if (name.starts_with(kAssetPrefix)) name.remove_prefix(kAssetPrefix.size());
  const WebAsset* asset = FindWebAsset(name);
  // index.html is served only at / and /dashboard, where its cache policy is right.
  if (asset == nullptr || !asset->immutable) {
    return HttpResponse::Error(404, "Not Found: " + request.path);
  }
  return Serve(*asset, request, kForever);
}

}  // namespace ww
