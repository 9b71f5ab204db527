#include "notify/http_url.h"

#include <algorithm>

namespace ww {
namespace {

constexpr std::size_t kMaxUrl = 4096;
constexpr int kMaxPort = 65535;

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Browsers strip or skip these; curl may not. Either way the two would not
// agree on the host, so such URLs are refused.
bool IsPlainAsciiGraphic(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f;
}

Result<int> ReadPort(std::string_view digits, int default_port) {
  if (digits.empty()) return default_port;  // "http://host:/" is the default port
  if (!std::all_of(digits.begin(), digits.end(), IsDigit)) {
    return Result<int>::Error("the port is not a number");
  }
  const std::size_t first = digits.find_first_not_of('0');
  const std::string_view significant =
      first == std::string_view::npos ? std::string_view() : digits.substr(first);
  int port = 0;
  if (significant.size() <= 5) {
    for (char c : significant) port = port * 10 + (c - '0');
  }
  if (port < 1 || port > kMaxPort || significant.size() > 5) {
    return Result<int>::Error("the port is out of range (1-65535)");
  }
  return port;
}

// "host", "host:port", "[v6]", "[v6]:port" → host text and port text.
Result<std::pair<std::string_view, std::string_view>> SplitHostPort(std::string_view authority) {
  using Split = std::pair<std::string_view, std::string_view>;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return Result<Split>::Error("the IPv6 address has no closing bracket");
    }
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') {
      return Result<Split>::Error("unexpected characters after the IPv6 address");
    }
    return Split{authority.substr(0, close + 1), rest.empty() ? rest : rest.substr(1)};
  }
  const std::size_t colon = authority.find(':');
  if (colon == std::string_view::npos) return Split{authority, {}};
  if (authority.find(':', colon + 1) != std::string_view::npos) {
    return Result<Split>::Error("an IPv6 address must be written in brackets");
  }
  return Split{authority.substr(0, colon), authority.substr(colon + 1)};
}

}  // namespace

Result<HttpUrlParts> SplitHttpUrl(std::string_view url) {
  if (url.empty()) return Result<HttpUrlParts>::Error("the URL is empty");
  if (url.size() > kMaxUrl) return Result<HttpUrlParts>::Error("the URL is too long");
  if (!std::all_of(url.begin(), url.end(), IsPlainAsciiGraphic)) {
    return Result<HttpUrlParts>::Error(
        "the URL contains a space, a control or a non-ASCII character (percent-encode it)");
  }
  HttpUrlParts parts;
  const std::size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Result<HttpUrlParts>::Error("only http and https URLs are allowed");
  }
  parts.scheme.resize(colon);
  std::transform(url.begin(), url.begin() + static_cast<std::ptrdiff_t>(colon),
                 parts.scheme.begin(), Lower);
  if (parts.scheme != "http" && parts.scheme != "https") {
    return Result<HttpUrlParts>::Error("only http and https URLs are allowed");
  }
  if (url.find('\\') != std::string_view::npos) {
    return Result<HttpUrlParts>::Error("backslashes are not allowed in URLs");
  }
  std::string_view rest = url.substr(colon + 1);
  if (rest.substr(0, 2) != "//") {
    return Result<HttpUrlParts>::Error("the URL must start with " + parts.scheme + "://");
  }
  rest.remove_prefix(2);

  const std::size_t authority_end = std::min(rest.find_first_of("/?#"), rest.size());
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view tail = rest.substr(authority_end);
  tail = tail.substr(0, tail.find('#'));  // the fragment stays in the client

  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    // Browsers split at the last "@", curl at the first: with two they disagree.
    if (authority.find('@') != at) {
      return Result<HttpUrlParts>::Error("the URL has more than one \"@\" before the host");
    }
    parts.has_user_info = true;
    authority.remove_prefix(at + 1);
  }
  const auto host_port = SplitHostPort(authority);
  if (!host_port) return host_port.status();
  auto host = ReadUrlHost(host_port->first);
  if (!host) return host.status();
  parts.host = std::move(host).value();
  const auto port = ReadPort(host_port->second, parts.scheme == "https" ? 443 : 80);
  if (!port) return port.status();
  parts.port = *port;

  if (tail.empty() || tail.front() == '?') {
    parts.path_and_query = "/" + std::string(tail);
  } else {
    parts.path_and_query = std::string(tail);
  }
  return parts;
}

}  // namespace ww
