#pragma once
// Reads the host of an http(s) URL the way the software that connects would:
// curl's URL parser and glibc's getaddrinfo/inet_aton, and browsers (WHATWG URL
// "IPv4 parser"), all take numeric hosts in more notations than dotted decimal.
// The SSRF guard must judge the address they would connect to, so every
// notation below is read as the address it means:
//
//   2130706433      → 127.0.0.1   (one 32-bit number)
//   0177.0.0.1      → 127.0.0.1   (a leading 0 means octal)
//   0x7f.1          → 127.0.0.1   (hex; the last part fills the remaining bytes)
//   127.1, 10.1     → 127.0.0.1, 10.0.0.1
//   127.0.0.1.      → 127.0.0.1   (one trailing dot)
//   [::ffff:7f00:1] → ::ffff:127.0.0.1 (bracketed IPv6, any inet_pton form)
//
// A host whose last label looks numeric ("1", "0x1f") is an IPv4 address or
// nothing: "1.2.3.4.5", "08.1" (8 is no octal digit) or "0x" are refused
// rather than guessed at, since the readers above disagree on them.
//
// Thread safety: pure functions.

#include <optional>
#include <string>
#include <string_view>

#include "core/ip_address.h"
#include "core/result.h"

namespace ww {

struct UrlHost {
  enum class Kind { kName, kIpv4, kIpv6 };
  Kind kind = Kind::kName;
  // Lower case, without the trailing dot; IPv4 in dotted decimal; IPv6 as
  // inet_ntop writes it, without brackets. What the HTTP client is given.
  std::string canonical;
  std::optional<IpAddress> address;  // set for kIpv4 and kIpv6
  std::string zone;                  // "[fe80::1%25eth0]" → "eth0" (refused by the guard)
};

// `text` is the host as written between "//" (or "@") and the port: a name,
// a numeric IPv4 in any notation above, or "[IPv6]". Errors say what is wrong
// with the host, e.g. "\"1.2.3.4.5\" is not a valid IPv4 address".
Result<UrlHost> ReadUrlHost(std::string_view text);

// The inet_aton / WHATWG reading of `text` (no trailing-dot handling):
// nullopt when it is not a valid numeric IPv4 address.
std::optional<IpAddress> ReadNumericIpv4(std::string_view text);

}  // namespace ww
