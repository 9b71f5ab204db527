#pragma once
// Thin helpers over the socket calls the responder's services share:
// receiving with the destination address (IP_PKTINFO) and the kernel receive
// time (SO_TIMESTAMPNS), and sending from a chosen local address, so a reply
// always leaves from the address that was asked.
// Thread safety: stateless functions.

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/clock.h"
#include "core/result.h"

namespace ww::lab {

std::string ErrnoText(const std::string& what);  // "what: strerror(errno)"

// Enables IP_PKTINFO and SO_TIMESTAMPNS and makes fd non-blocking.
Status PrepareDatagramSocket(int fd, const std::string& name);

struct Received {
  std::size_t size = 0;
  std::uint32_t src = 0;  // host order
  std::uint16_t sport = 0;
  std::uint32_t dst = 0;  // local address the packet was sent to (host order)
  MonoTime at;            // kernel receive time mapped to the monotonic clock
};

// One recvmsg; nullopt when nothing is queued (EAGAIN) or on error.
std::optional<Received> ReceiveFrom(int fd, std::span<std::uint8_t> buffer, const Clock& clock);

// sendmsg to dst:dport (dport 0 for raw sockets) with source address src.
Status SendFrom(int fd, std::uint32_t src, std::uint32_t dst, std::uint16_t dport,
                std::span<const std::uint8_t> data);

std::string Ipv4Text(std::uint32_t host_order);

}  // namespace ww::lab
