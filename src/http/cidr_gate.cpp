#include "http/cidr_gate.h"

#include <algorithm>
#include <cctype>

#include "http/client_address.h"

namespace ww {
namespace {

bool IsUnder(std::string_view path, std::string_view root) {
  return path == root || (path.starts_with(root) && path[root.size()] == '/');
}

bool EndsWithIgnoringCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         std::equal(suffix.begin(), suffix.end(), text.end() - suffix.size(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

}  // namespace

bool IsRestrictedPath(std::string_view path) {
  return IsUnder(path, "/logs") || IsUnder(path, "/reports") || EndsWithIgnoringCase(path, ".csv");
}

CidrGate::CidrGate(std::vector<Cidr> allowed_networks, std::vector<Cidr> trusted_proxies)
    : allowed_(std::move(allowed_networks)), trusted_proxies_(std::move(trusted_proxies)) {}

std::optional<HttpResponse> CidrGate::Check(const HttpRequest& request) const {
  if (!IsRestrictedPath(request.path)) return std::nullopt;
  const std::optional<IpAddress> client = ClientAddress(request, trusted_proxies_);
  if (client && InAny(allowed_, *client)) return std::nullopt;
  return HttpResponse::Error(
      403, "Forbidden: " + request.path + " is only available from allowed networks");
}

}  // namespace ww
