#include "notify/socket_address.h"

#include <netinet/in.h>

#include <cstdint>

namespace ww {

std::optional<IpAddress> IpOfSocketAddress(const sockaddr* address) {
  if (address == nullptr) return std::nullopt;
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    return IpAddress::FromBytes(IpAddress::Family::kV4,
                                reinterpret_cast<const std::uint8_t*>(&in->sin_addr));
  }
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    return IpAddress::FromBytes(IpAddress::Family::kV6, in6->sin6_addr.s6_addr);
  }
  return std::nullopt;
}

}  // namespace ww
