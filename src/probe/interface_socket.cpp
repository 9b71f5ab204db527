#include "probe/interface_socket.h"

#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace ww {

boost::asio::ip::address ToAsioAddress(const IpAddress& address) {
  if (address.is_v4()) {
    boost::asio::ip::address_v4::bytes_type b;
    std::memcpy(b.data(), address.bytes(), b.size());
    return boost::asio::ip::address_v4(b);
  }
  boost::asio::ip::address_v6::bytes_type b;
  std::memcpy(b.data(), address.bytes(), b.size());
  return boost::asio::ip::address_v6(b);
}

IpAddress FromAsioAddress(const boost::asio::ip::address& address) {
  if (address.is_v4()) {
    const auto b = address.to_v4().to_bytes();
    return IpAddress::FromBytes(IpAddress::Family::kV4, b.data());
  }
  const auto b = address.to_v6().to_bytes();
  return IpAddress::FromBytes(IpAddress::Family::kV6, b.data());
}

Status BindSocket(int fd, IpAddress::Family family, const std::string& device,
                  const std::optional<IpAddress>& source) {
  if (!device.empty()) {
    if (device.size() >= IFNAMSIZ) {
      return Status::Error("bind to device '" + device + "' failed: name too long");
    }
    if (::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, device.c_str(),
                     static_cast<socklen_t>(device.size() + 1)) != 0) {
      return Status::Error("bind to device '" + device + "' failed: " + std::strerror(errno));
    }
  }
  if (!source) return Status::Ok();
  if (source->family() != family) {
    return Status::Error("source address " + source->ToString() +
                         " is of the other address family than the target");
  }
  int rc = 0;
  if (family == IpAddress::Family::kV4) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    std::memcpy(&sa.sin_addr, source->bytes(), 4);
    rc = ::bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
  } else {
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    std::memcpy(&sa.sin6_addr, source->bytes(), 16);
    rc = ::bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
  }
  if (rc != 0) {
    return Status::Error("bind to source " + source->ToString() +
                         " failed: " + std::strerror(errno));
  }
  return Status::Ok();
}

ProbeError ProbeErrorFromErrno(int err) {
  switch (err) {
    case 0:
      return ProbeError::kNone;
    case ECONNREFUSED:
    case ECONNRESET:
      return ProbeError::kRefused;
    case ENETUNREACH:
    case EHOSTUNREACH:
    case EHOSTDOWN:
      return ProbeError::kUnreachable;
    case ETIMEDOUT:
      return ProbeError::kTimeout;
    default:
      return ProbeError::kSendFailed;
  }
}

}  // namespace ww
