#pragma once
// Which addresses an alert may never be sent to (the SSRF guard's address
// rules). Refused, IPv4: this network 0/8, loopback 127/8, private 10/8,
// 172.16/12, 192.168/16, link-local 169.254/16 (169.254.169.254 named as the
// cloud metadata service), shared/CGNAT 100.64/10, IETF 192.0.0/24,
// documentation 192.0.2/24, 198.51.100/24, 203.0.113/24, benchmarking 198.18/15,
// the old 6to4 relay 192.88.99/24, multicast 224/4, reserved 240/4, broadcast.
// IPv6: ::, ::1, unique local fc00::/7 (fd00:ec2::254 named as AWS's metadata
// service), link-local fe80::/10, site-local fec0::/10, multicast ff00::/8,
// documentation 2001:db8::/32 and 3fff::/20, discard 100::/64, IETF 2001::/23,
// and everything outside global unicast 2000::/3.
//
// IPv6 forms that embed an IPv4 address: IPv4-mapped ::ffff:0:0/96, NAT64
// 64:ff9b::/96 (DNS64 networks reach public IPv4 hosts this way) and 6to4
// 2002::/16 are judged by the IPv4 address they embed. Forms nobody sends
// alerts through are refused outright, which is simpler than decoding them:
// IPv4-compatible ::/96 (deprecated), NAT64 local use 64:ff9b:1::/48 and
// Teredo 2001::/32 (whose embedded address is obfuscated).
//
// Thread safety: pure functions.

#include <optional>
#include <string_view>

#include "core/ip_address.h"

namespace ww {

struct AddressJudgement {
  // The refused class ("loopback", "private", "cloud metadata", ...), or
  // nullopt when the address is public.
  std::optional<std::string_view> blocked_class;
  // The IPv4 address an embedding IPv6 form carries (mapped, NAT64, 6to4).
  std::optional<IpAddress> embedded_ipv4;
};

AddressJudgement JudgeAddress(const IpAddress& address);

// The address class that is refused, or nullopt when public.
std::optional<std::string_view> BlockedAddressClass(const IpAddress& address);

}  // namespace ww
