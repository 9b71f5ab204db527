#pragma once
// One non-blocking ICMP socket (one family, optionally bound to a device or a
// source address) and the system calls around it: open with the right options,
// send a packet, receive batches of messages with their kernel receive time.
// The prober owns one per family and binding and does all matching itself.
//
// Socket types (see LAB.md "ICMP sockets"):
// - datagram (SOCK_DGRAM, IPPROTO_ICMP/ICMPV6): unprivileged when the group is in
//   net.ipv4.ping_group_range. The kernel sets the identifier of every request
//   to the socket's "port" and hands this socket only replies carrying it; ICMP
//   errors arrive on the error queue (IP_RECVERR, MSG_ERRQUEUE).
// - raw (SOCK_RAW): needs CAP_NET_RAW and sees every ICMP message of the host
//   (ICMP_FILTER/ICMP6_FILTER narrow that to echo replies and errors), IPv4 with
//   its IP header. The identifier is ours to choose.
//
// Thread safety: none; used on the probe loop's thread only.

#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ip_address.h"
#include "core/result.h"

namespace ww {

enum class IcmpSocketKind : std::uint8_t { kDatagram, kRaw };
// kAuto tries the unprivileged datagram socket first, then raw.
enum class IcmpSocketMode : std::uint8_t { kAuto, kDatagramOnly, kRawOnly };

std::string_view ToString(IcmpSocketKind kind);

struct IcmpSocketOptions {
  IpAddress::Family family = IpAddress::Family::kV4;
  IcmpSocketMode mode = IcmpSocketMode::kAuto;
  std::string bind_device;           // SO_BINDTODEVICE when non-empty
  std::optional<IpAddress> source;   // bind() to this address when set
  int buffer_bytes = 4 << 20;        // receive and send buffer asked for (the kernel may cap it)
  std::size_t max_message = 2048;    // largest message worth reading whole
  std::uint16_t raw_identifier = 0;  // the identifier a raw socket's requests carry
};

// One received message. `data` points into the socket's buffers and stays valid
// until the next Receive call on that socket.
struct IcmpReceived {
  std::span<const std::uint8_t> data;
  // The reply's source; for an error-queue message, the original destination.
  IpAddress peer;
  std::optional<WallTime> kernel_time;  // SO_TIMESTAMPNS, CLOCK_REALTIME
  bool truncated = false;
  bool from_error_queue = false;
  // Error-queue messages: the ICMP error as the kernel reported it
  // (sock_extended_err); icmp_error is false for local errors.
  bool icmp_error = false;
  std::uint8_t error_type = 0;
  std::uint8_t error_code = 0;
};

class IcmpSocket {
 public:
  // Opens per options.mode. The error names the family, binding and reason, and
  // says how to allow ICMP sockets when permission was what failed.
  static Result<std::unique_ptr<IcmpSocket>> Open(boost::asio::io_context& io,
                                                  const IcmpSocketOptions& options);
  IcmpSocket(const IcmpSocket&) = delete;
  IcmpSocket& operator=(const IcmpSocket&) = delete;
  ~IcmpSocket();

  IcmpSocketKind kind() const { return kind_; }
  IpAddress::Family family() const { return family_; }
  // The identifier of our requests as they leave (the port for datagram sockets).
  std::uint16_t identifier() const { return identifier_; }
  bool includes_ip_header() const {
    return kind_ == IcmpSocketKind::kRaw && family_ == IpAddress::Family::kV4;
  }
  // Datagram sockets report ICMP errors on the error queue.
  bool has_error_queue() const { return kind_ == IcmpSocketKind::kDatagram; }

  // Sends without blocking. Returns 0, or the errno of sendto.
  int Send(std::span<const std::uint8_t> packet, const IpAddress& to);

  // Reads what is queued, up to one batch, without blocking (recvmmsg for the
  // normal queue). Returns the number of messages (0: nothing queued) or -errno.
  int Receive(bool error_queue);
  std::span<const IcmpReceived> received() const { return {received_.data(), received_count_}; }
  std::size_t batch_size() const { return received_.size(); }

  // For readiness waits (async_wait(wait_read)); owns the file descriptor.
  boost::asio::posix::stream_descriptor& descriptor() { return descriptor_; }

 private:
  IcmpSocket(boost::asio::io_context& io, int fd, IcmpSocketKind kind,
             const IcmpSocketOptions& options);
  int ReceiveErrorQueue();

  boost::asio::posix::stream_descriptor descriptor_;
  IcmpSocketKind kind_;
  IpAddress::Family family_;
  std::uint16_t identifier_ = 0;
  unsigned scope_id_ = 0;  // for IPv6 link-local destinations when bound to a device
  std::size_t message_size_;
  std::vector<std::uint8_t> buffers_;   // batch_size() * message_size_
  std::vector<std::uint8_t> controls_;  // batch_size() * kControlSize
  std::vector<IcmpReceived> received_;
  std::size_t received_count_ = 0;
  struct Headers;  // mmsghdr, iovec and sockaddr arrays: system headers stay in the .cpp
  std::unique_ptr<Headers> headers_;
};

}  // namespace ww
