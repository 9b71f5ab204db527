#pragma once
// Socket helpers shared by the TCP, DNS and HTTP probers: IpAddress <-> Asio
// address conversion, applying a ProbeRequest's bind_device and source to a
// socket, and classifying a connect/send errno as a ProbeError.
// Thread safety: stateless functions; safe from any thread.

#include <optional>
#include <string>

#include <boost/asio/ip/address.hpp>

#include "core/ip_address.h"
#include "core/result.h"
#include "core/sample.h"

namespace ww {

boost::asio::ip::address ToAsioAddress(const IpAddress& address);
IpAddress FromAsioAddress(const boost::asio::ip::address& address);

// On an open socket of `family`: SO_BINDTODEVICE to `device` when non-empty, then
// bind() to `source` (port 0) when set. The message names the device or address.
Status BindSocket(int fd, IpAddress::Family family, const std::string& device,
                  const std::optional<IpAddress>& source);

// ECONNREFUSED/ECONNRESET -> kRefused; ENETUNREACH/EHOSTUNREACH/EHOSTDOWN ->
// kUnreachable; ETIMEDOUT -> kTimeout; 0 -> kNone; anything else (EINVAL from a
// blackhole route, EACCES from a prohibit route, EADDRNOTAVAIL, ...) -> kSendFailed.
ProbeError ProbeErrorFromErrno(int err);

}  // namespace ww
