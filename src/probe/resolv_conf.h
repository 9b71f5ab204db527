#pragma once
// resolv.conf(5) reader for the "system" DNS servers: nameserver lines, in
// order, as glibc uses them (at most 3, MAXNS). On a systemd-resolved host
// /etc/resolv.conf names the local stub 127.0.0.53; the upstream servers are in
// /run/systemd/resolve/resolv.conf, hence the path parameter.
// Thread safety: stateless functions.

#include <string>
#include <string_view>
#include <vector>

#include "core/ip_address.h"
#include "core/result.h"

namespace ww {

inline constexpr std::size_t kResolvMaxNameservers = 3;

struct ResolvConf {
  std::vector<IpAddress> nameservers;
  std::vector<std::string> search;  // the last "search" or "domain" line wins, as in glibc
  // Lines we skipped, each naming the source and line (bad address, extra server,
  // scoped link-local address we cannot carry).
  std::vector<std::string> warnings;
};

ResolvConf ParseResolvConf(std::string_view text, std::string_view source = "resolv.conf");
// Reads and parses `path`; a missing or unreadable file is an error naming it.
Result<ResolvConf> ReadResolvConf(const std::string& path = "/etc/resolv.conf");

}  // namespace ww
