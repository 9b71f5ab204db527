#pragma once
// Which address a request comes from, for the CIDR gate and the limit on
// failed authentications. Normally the TCP peer. Behind a reverse proxy the
// peer is the proxy, so X-Forwarded-For is read, but only when the peer is
// one of web.trusted_proxies (anyone else could write any address into it):
// the entries are walked from the right (the one the nearest proxy added)
// and the first that is not itself a trusted proxy is the client.
//
//   trusted 10.0.0.0/8, peer 10.0.0.2,
//   X-Forwarded-For: 203.0.113.9, 198.51.100.7, 10.0.0.1
//     → 10.0.0.1 is a proxy, 198.51.100.7 is not: the client is 198.51.100.7
//     (203.0.113.9 was written by 198.51.100.7 and cannot be trusted).
//
// Entries may carry a port ("192.0.2.1:443", "[2001:db8::1]:443") or a zone
// ("fe80::1%eth0", dropped).
// IPv4-mapped IPv6 is reported as IPv4. An entry that is no address makes
// the client unknown (nullopt): the gate then refuses rather than guesses.
//
// Thread safety: pure functions.

#include <optional>
#include <span>
#include <string_view>

#include "config/cidr.h"
#include "core/ip_address.h"
#include "http/http_types.h"

namespace ww {

// "192.0.2.1", "192.0.2.1:80", "[2001:db8::1]:80", "2001:db8::1", blanks around it.
std::optional<IpAddress> ParseForwardedAddress(std::string_view entry);

bool InAny(std::span<const Cidr> networks, const IpAddress& address);

std::optional<IpAddress> ClientAddress(const HttpRequest& request,
                                       std::span<const Cidr> trusted_proxies);

}  // namespace ww
