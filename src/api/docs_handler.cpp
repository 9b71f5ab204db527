// GET /docs, /docs/docs.css and /openapi.json: the API's documentation
// (docs/api/, embedded by docs/api/embed_files.cmake; see api/docs_assets.h).

#include <algorithm>

#include "api/docs_assets.h"
#include "api/handlers.h"

namespace ww {
namespace {

// The page has no script at all and only its own style sheet: stricter than
// the server's default HTML policy, which a dashboard with script needs.
constexpr std::string_view kDocsPolicy =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// If-None-Match (RFC 9110 §13.1.2): "*" or a comma-separated list of tags,
// compared weakly.
bool NoneMatchHits(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view tag = Trim(header.substr(0, comma));
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
  }
  return false;
}

// Revalidated on every use (no-cache + ETag): a new daemon version may bring
// new documentation under the same URL.
HttpResponse Serve(std::string_view name, const HttpRequest& request) {
  const WebAsset* asset = FindDocsAsset(name);
  if (asset == nullptr) {
    return HttpResponse::Error(500, "the documentation is not built into this binary");
  }
  HttpResponse response{200, std::string(asset->content_type), {}, {}};
  response.headers = {{"Cache-Control", "no-cache"}, {"ETag", std::string(asset->etag)}};
  if (asset->content_type.starts_with("text/html")) {
    response.headers.emplace_back("Content-Security-Policy", std::string(kDocsPolicy));
  }
  const std::optional<std::string> none_match = request.Header("if-none-match");
  if (none_match && NoneMatchHits(*none_match, asset->etag)) {
    response.status = 304;
    return response;
  }
  response.body = std::string(asset->body);
  return response;
}

}  // namespace

const WebAsset* FindDocsAsset(std::string_view name) {
  const std::span<const WebAsset> all = DocsAssets();
  const auto it =
      std::find_if(all.begin(), all.end(), [name](const WebAsset& a) { return a.name == name; });
  return it != all.end() ? &*it : nullptr;
}

HttpResponse HandleDocs(const ApiContext& context, const HttpRequest& request) {
  return Serve("docs.html", request);
}

HttpResponse HandleDocsStyle(const ApiContext& context, const HttpRequest& request) {
  return Serve("docs.css", request);
}

HttpResponse HandleOpenApi(const ApiContext& context, const HttpRequest& request) {
  return Serve("openapi.json", request);
}

}  // namespace ww
