#include "config/net_syntax.h"

#include <charconv>

#include "config/text_util.h"
#include "core/ip_address.h"

namespace ww {
namespace {

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::optional<std::uint16_t> ParsePort(std::string_view text) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value < 1 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

// Splits "host", "host:port", "[v6]" or "[v6]:port"; a bare IPv6 address has no port.
bool SplitHostPort(std::string_view text, std::string_view& host, std::string_view& port,
                   bool& has_port) {
  has_port = false;
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return false;
    host = text.substr(1, close - 1);
    const std::string_view rest = text.substr(close + 1);
    if (rest.empty()) return true;
    if (rest.front() != ':') return false;
    port = rest.substr(1);
    has_port = true;
    return true;
  }
  const std::size_t colon = text.rfind(':');
  if (colon != std::string_view::npos && text.find(':') == colon) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    has_port = true;
    return true;
  }
  host = text;  // no colon, or an unbracketed IPv6 address
  return true;
}

bool HasSpaceOrControl(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return true;
  }
  return false;
}

}  // namespace

bool IsHostName(std::string_view text) {
  if (text.ends_with('.')) text.remove_suffix(1);
  if (text.empty() || text.size() > 253) return false;
  std::string_view last;
  while (true) {
    const std::size_t dot = text.find('.');
    const std::string_view label = text.substr(0, dot);
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!IsAlnum(c) && c != '-') return false;
    }
    last = label;
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  for (char c : last) {
    if (c < '0' || c > '9') return true;
  }
  return false;
}

bool IsHostOrAddress(std::string_view text) {
  return IpAddress::Parse(text).has_value() || IsHostName(text);
}

std::optional<HostPort> ParseHostPort(std::string_view text,
                                      std::optional<std::uint16_t> default_port) {
  std::string_view host, port_text;
  bool has_port = false;
  if (!SplitHostPort(text, host, port_text, has_port)) return std::nullopt;
  const bool bracketed = text.starts_with('[');
  const bool is_v6 = host.find(':') != std::string_view::npos;
  if (is_v6 ? !IpAddress::Parse(host) : (bracketed || !IsHostOrAddress(host))) {
    return std::nullopt;
  }
  if (bracketed && !is_v6) return std::nullopt;
  HostPort out{std::string(host), 0};
  if (has_port) {
    const auto port = ParsePort(port_text);
    if (!port) return std::nullopt;
    out.port = *port;
  } else if (default_port) {
    out.port = *default_port;
  } else {
    return std::nullopt;
  }
  return out;
}

std::optional<HttpUrl> ParseHttpUrl(std::string_view text) {
  if (HasSpaceOrControl(text)) return std::nullopt;
  const std::size_t sep = text.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  HttpUrl url;
  url.scheme = ToLower(text.substr(0, sep));
  if (url.scheme != "http" && url.scheme != "https") return std::nullopt;
  std::string_view authority = text.substr(sep + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) return std::nullopt;  // no credentials
  const auto hp = ParseHostPort(authority, url.scheme == "https" ? 443 : 80);
  if (!hp) return std::nullopt;
  url.host = hp->host;
  url.port = hp->port;
  return url;
}

bool IsCorsOrigin(std::string_view text) {
  if (text == "*") return true;
  const auto url = ParseHttpUrl(text);
  if (!url) return false;
  const std::string_view after_scheme = text.substr(text.find("://") + 3);
  return after_scheme.find_first_of("/?#") == std::string_view::npos;
}

bool IsInterfaceName(std::string_view text) {
  if (text.empty() || text.size() > 15 || text == "." || text == "..") return false;
  for (char c : text) {
    if (c == '/' || c == ':' || static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace ww
