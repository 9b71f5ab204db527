#include "http/client_address.h"

#include <algorithm>

namespace ww {
namespace {

std::string_view Trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<IpAddress> ParseForwardedAddress(std::string_view entry) {
  entry = Trim(entry);
  if (entry.starts_with('[')) {
    const std::size_t close = entry.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view rest = entry.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return std::nullopt;
    entry = entry.substr(1, close - 1);
  } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
    entry = entry.substr(0, entry.find(':'));  // IPv4 with a port
  }
  entry = entry.substr(0, entry.find('%'));  // a zone: "fe80::1%eth0" as Asio prints peers
  const std::optional<IpAddress> address = IpAddress::Parse(entry);
  if (!address) return std::nullopt;
  return Unmap(*address);
}

bool InAny(std::span<const Cidr> networks, const IpAddress& address) {
  return std::any_of(networks.begin(), networks.end(),
                     [&](const Cidr& n) { return n.Contains(address); });
}

std::optional<IpAddress> ClientAddress(const HttpRequest& request,
                                       std::span<const Cidr> trusted_proxies) {
  std::optional<IpAddress> client = ParseForwardedAddress(request.peer);
  if (!client || !InAny(trusted_proxies, *client)) return client;
  const std::optional<std::string> forwarded = request.Header("x-forwarded-for");
  if (!forwarded) return client;
  std::string_view rest = *forwarded;
  while (!Trim(rest).empty()) {
    const std::size_t comma = rest.rfind(',');
    const std::string_view entry = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (Trim(entry).empty()) continue;  // "a,,b": an empty element (RFC 9110 §5.6.1)
    client = ParseForwardedAddress(entry);
    if (!client || !InAny(trusted_proxies, *client)) return client;
  }
  return client;  // every hop is a trusted proxy: the leftmost is the client
}

}  // namespace ww
