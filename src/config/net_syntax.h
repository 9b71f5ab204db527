#pragma once
// Syntax of the network names the configuration accepts: host names, "host:port", DNS
// servers, HTTP(S) URLs, CORS origins, interface names. Shared by validation (which reports
// what is wrong) and BuildTargets (which takes valid strings apart).
// Thread safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ww {

// RFC 1123 host name: dot-separated labels of letters, digits and '-', not starting or ending
// with '-', 1-63 characters each, 253 in all, an optional final dot. The last label must not
// be all digits (RFC 3696 §2), so a mistyped address like "1.1.1." is not taken for a name.
bool IsHostName(std::string_view text);

// A numeric IPv4/IPv6 address or a host name.
bool IsHostOrAddress(std::string_view text);

struct HostPort {
  std::string host;  // IPv6 without brackets
  std::uint16_t port = 0;
};

// "host:port", "192.0.2.1:53" or "[2001:db8::1]:53" (port 1-65535). With a default port,
// the port may be left out: "192.0.2.1", "2001:db8::1", "[2001:db8::1]".
std::optional<HostPort> ParseHostPort(std::string_view text,
                                      std::optional<std::uint16_t> default_port = std::nullopt);

struct HttpUrl {
  std::string scheme;      // "http" or "https", lower case
  std::string host;        // IPv6 without brackets
  std::uint16_t port = 0;  // explicit or the scheme's default
};

// An absolute http:// or https:// URL with a host; no spaces or control characters.
std::optional<HttpUrl> ParseHttpUrl(std::string_view text);

// "*" or a browser origin: http(s)://host[:port], nothing after it.
bool IsCorsOrigin(std::string_view text);

// A Linux interface name: 1-15 bytes, not "." or "..", no '/', ':' or white space.
bool IsInterfaceName(std::string_view text);

}  // namespace ww
