#include "http/cors.h"

#include <algorithm>
#include <cctype>

namespace ww {
namespace {

bool SameName(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string* FindHeader(HttpResponse& response, std::string_view name) {
  for (auto& [n, v] : response.headers) {
    if (SameName(n, name)) return &v;
  }
  return nullptr;
}

void SetIfMissing(HttpResponse& response, std::string_view name, std::string_view value) {
  if (!FindHeader(response, name)) response.headers.emplace_back(name, value);
}

// Adds "Origin" to Vary, keeping whatever the handler put there.
void AddVaryOrigin(HttpResponse& response) {
  std::string* vary = FindHeader(response, "Vary");
  if (!vary) {
    response.headers.emplace_back("Vary", "Origin");
    return;
  }
  std::string lower = *vary;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.find("origin") == std::string::npos && lower != "*") *vary += ", Origin";
}

bool IsCorsMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "POST" || method == "PUT";
}

}  // namespace

CorsPolicy::CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {
  any_origin_ = std::find(origins_.begin(), origins_.end(), "*") != origins_.end();
}

bool CorsPolicy::IsAllowedOrigin(std::string_view origin) const {
  if (origin.empty()) return false;
  return any_origin_ || std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
}

std::optional<HttpResponse> CorsPolicy::Preflight(const HttpRequest& request) const {
  if (request.method != "OPTIONS") return std::nullopt;
  const std::optional<std::string> origin = request.Header("origin");
  const std::optional<std::string> method = request.Header("access-control-request-method");
  if (!origin || !method) return std::nullopt;  // a plain OPTIONS: the router answers it
  if (!IsAllowedOrigin(*origin)) return HttpResponse::Error(403, "CORS origin not allowed");
  if (!IsCorsMethod(*method)) return HttpResponse::Error(403, "CORS method not allowed");
  HttpResponse ok{204, "", "", {}};
  ok.headers.emplace_back("Access-Control-Allow-Methods", kCorsAllowedMethods);
  ok.headers.emplace_back("Access-Control-Allow-Headers", kCorsAllowedHeaders);
  ok.headers.emplace_back("Access-Control-Max-Age", kCorsMaxAgeSeconds);
  return ok;  // AddHeaders adds the origin and Vary
}

void CorsPolicy::AddHeaders(const HttpRequest& request, HttpResponse& response) const {
  if (origins_.empty()) return;
  AddVaryOrigin(response);
  const std::optional<std::string> origin = request.Header("origin");
  if (!origin || !IsAllowedOrigin(*origin)) return;
  SetIfMissing(response, "Access-Control-Allow-Origin", any_origin_ ? "*" : *origin);
  if (response.status != 204)
    SetIfMissing(response, "Access-Control-Expose-Headers", "Retry-After");
}

}  // namespace ww
