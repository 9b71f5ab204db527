#pragma once
// Parsers of the kernel's routing tables as text (/proc/net/route and
// /proc/net/ipv6_route) and the choice of the default route: pure functions, so
// the gateway discovery is tested with canned tables.
//
// /proc/net/route (IPv4) prints each address as the in-memory (network order)
// 32-bit word in %08X, i.e. byte-swapped on little-endian hosts:
//   Iface  Destination  Gateway   Flags  RefCnt  Use  Metric  Mask      ...
//   eth0   00000000     0100000A  0003   0       0    100     00000000  ...
// is "default via 10.0.0.1 dev eth0 metric 100" on x86. /proc/net/ipv6_route
// prints addresses as 32 hex digits in network order and has no header:
//   dest prefixlen src srclen next_hop metric refcnt use flags iface
//
// A default route is destination ::/0 or 0.0.0.0/0, flag RTF_UP, not RTF_REJECT
// (the kernel's "unreachable" routes on lo). Its gateway is set only with
// RTF_GATEWAY (a point-to-point "default dev ppp0" has none). The best default
// route is the lowest metric; ties go to the first in the table (the kernel's
// order). Link-local IPv6 gateways (fe80::/10) are meaningful only together
// with their interface, which DefaultRoute carries.
//
// Thread safety: stateless functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip_address.h"

namespace ww {

struct RouteEntry {
  std::string interface;
  IpAddress destination;
  int prefix_length = 0;
  std::optional<IpAddress> gateway;  // set when RTF_GATEWAY
  std::uint32_t metric = 0;
  std::uint32_t flags = 0;  // RTF_* from <linux/route.h>
};

struct RouteTable {
  std::vector<RouteEntry> routes;
  // One message per line that could not be parsed ("/proc/net/route line 3: ...");
  // such lines are skipped, the rest of the table stays usable.
  std::vector<std::string> errors;
};

// `source` names the table in error messages.
RouteTable ParseIpv4RouteTable(std::string_view text, std::string_view source = "/proc/net/route");
RouteTable ParseIpv6RouteTable(std::string_view text,
                               std::string_view source = "/proc/net/ipv6_route");

// The default route of lowest metric, optionally only on `interface`.
std::optional<RouteEntry> BestDefaultRoute(const RouteTable& table,
                                           std::string_view interface = {});

}  // namespace ww
