#pragma once
// Maps (method, decoded path) to a handler. Exact paths and prefix routes
// ("/logs/" + file name); exact beats prefix, the longest prefix wins.
//
// Every route under "/api/" is also registered as "/api/v1/..." so clients of
// the versioned isp-status contract and of the unversioned seeds both work.
// HEAD is answered by the GET handler when no HEAD handler exists (the server
// drops the body). Unknown path → 404 {"detail": "Not Found: <path>"}; known
// path, other method → 405 with an Allow header.
//
// Thread safety: build the table on one thread before serving; Handle() is
// const and may then run on any number of threads at once.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/http_types.h"

namespace ww {

using RouteHandler = std::function<HttpResponse(const HttpRequest&)>;

class Router {
 public:
  // Registering the same method and path twice is a programming error.
  void Add(std::string_view method, std::string_view path, RouteHandler handler);
  // Matches every path that starts with `prefix` (which should end with '/').
  void AddPrefix(std::string_view method, std::string_view prefix, RouteHandler handler);
  void Get(std::string_view path, RouteHandler handler) { Add("GET", path, std::move(handler)); }

  HttpResponse Handle(const HttpRequest& request) const;

  // Methods answered for `path`, sorted, HEAD included when GET is; empty when unknown.
  std::vector<std::string> AllowedMethods(std::string_view path) const;

 private:
  using MethodMap = std::map<std::string, RouteHandler, std::less<>>;

  void Insert(std::map<std::string, MethodMap, std::less<>>& table, std::string_view method,
              std::string_view path, RouteHandler handler);
  const MethodMap* Find(std::string_view path) const;

  std::map<std::string, MethodMap, std::less<>> exact_;
  std::map<std::string, MethodMap, std::less<>> prefixes_;
};

}  // namespace ww
