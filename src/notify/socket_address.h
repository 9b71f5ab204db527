#pragma once
// The IP address in a socket address (IPv4 or IPv6), for code that meets
// sockaddr from getaddrinfo or libcurl. Thread safety: a pure function.

#include <sys/socket.h>

#include <optional>

#include "core/ip_address.h"

namespace ww {

// nullopt for families other than AF_INET and AF_INET6. `address` must point
// to storage as large as its family's sockaddr_in/sockaddr_in6.
std::optional<IpAddress> IpOfSocketAddress(const sockaddr* address);

}  // namespace ww
