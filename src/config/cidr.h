#pragma once
// IP networks in CIDR notation ("10.0.0.0/8", "fe80::/10"), as web.allowed_networks and
// web.trusted_proxies list them. Validation parses them to report bad entries; the HTTP
// layer's CIDR gate parses them again to match client addresses.
//
// Decisions:
// - A bare address is a single host: "192.0.2.7" = "192.0.2.7/32", "::1" = "::1/128".
// - Host bits after the prefix are an error ("10.1.0.0/8"): such an entry is almost always a
//   typo for a narrower or a wider network, so the message suggests the network address.
// - IPv4-mapped IPv6 ("::ffff:192.0.2.1") is the IPv4 address: Unmap() turns addresses into
//   their IPv4 form, and a mapped network ("::ffff:10.0.0.0/104") becomes "10.0.0.0/8".
//
// Thread safety: values and pure functions.

#include <string>
#include <string_view>

#include "core/ip_address.h"
#include "core/result.h"

namespace ww {

// "::ffff:a.b.c.d" → a.b.c.d; any other address unchanged.
IpAddress Unmap(const IpAddress& address);

class Cidr {
 public:
  // Error text names the entry and the problem, e.g.
  // "\"10.1.0.0/8\" has host bits set (network 10.0.0.0/8)".
  static Result<Cidr> Parse(std::string_view text);

  const IpAddress& network() const { return network_; }
  int prefix_length() const { return prefix_length_; }
  // True when `address` (IPv4-mapped addresses as IPv4) lies inside this network.
  bool Contains(const IpAddress& address) const;
  std::string ToString() const;  // "10.0.0.0/8"

 private:
  Cidr(IpAddress network, int prefix_length) : network_(network), prefix_length_(prefix_length) {}

  IpAddress network_;
  int prefix_length_ = 0;
};

}  // namespace ww
