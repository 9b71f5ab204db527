#include "http/router.h"

#include <algorithm>
#include <cassert>

namespace ww {
namespace {

constexpr std::string_view kApiPrefix = "/api/";
constexpr std::string_view kApiV1Prefix = "/api/v1/";

std::string JoinMethods(const std::vector<std::string>& methods) {
  std::string out;
  for (const auto& m : methods) {
    if (!out.empty()) out += ", ";
    out += m;
  }
  return out;
}

}  // namespace

void Router::Insert(std::map<std::string, MethodMap, std::less<>>& table, std::string_view method,
                    std::string_view path, RouteHandler handler) {
  auto add = [&](std::string p, RouteHandler h) {
    auto [it, inserted] = table[std::move(p)].emplace(std::string(method), std::move(h));
    assert(inserted && "route registered twice");
    (void)it;
    (void)inserted;
  };
  const bool versionable = path.starts_with(kApiPrefix) && !path.starts_with(kApiV1Prefix);
  if (versionable) {
    add(std::string(kApiV1Prefix) + std::string(path.substr(kApiPrefix.size())), handler);
  }
  add(std::string(path), std::move(handler));
}

void Router::Add(std::string_view method, std::string_view path, RouteHandler handler) {
  Insert(exact_, method, path, std::move(handler));
}

void Router::AddPrefix(std::string_view method, std::string_view prefix, RouteHandler handler) {
  Insert(prefixes_, method, prefix, std::move(handler));
}

const Router::MethodMap* Router::Find(std::string_view path) const {
  if (auto it = exact_.find(path); it != exact_.end()) return &it->second;
  const MethodMap* best = nullptr;
  std::size_t best_len = 0;
  // Prefix tables are small (a handful of routes): a scan is simpler than a trie.
  for (const auto& [prefix, methods] : prefixes_) {
    if (path.starts_with(prefix) && prefix.size() >= best_len) {
      best = &methods;
      best_len = prefix.size();
    }
  }
  return best;
}

std::vector<std::string> Router::AllowedMethods(std::string_view path) const {
  std::vector<std::string> out;
  const MethodMap* methods = Find(path);
  if (methods == nullptr) return out;
  for (const auto& [method, handler] : *methods) out.push_back(method);
  if (methods->contains("GET") && !methods->contains("HEAD")) out.push_back("HEAD");
  std::sort(out.begin(), out.end());
  return out;
}

HttpResponse Router::Handle(const HttpRequest& request) const {
  const MethodMap* methods = Find(request.path);
  if (methods == nullptr) return HttpResponse::Error(404, "Not Found: " + request.path);
  auto it = methods->find(request.method);
  if (it == methods->end() && request.method == "HEAD") it = methods->find("GET");
  if (it == methods->end()) {
    HttpResponse response = HttpResponse::Error(405, "Method Not Allowed");
    response.headers.emplace_back("Allow", JoinMethods(AllowedMethods(request.path)));
    return response;
  }
  return it->second(request);
}

}  // namespace ww
