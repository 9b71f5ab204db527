#include "probe/icmp_socket.h"

#include <arpa/inet.h>
#include <linux/errqueue.h>
#include <linux/icmp.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ww {
namespace {

constexpr std::size_t kControlSize = 256;  // timestamp + sock_extended_err + offender address
constexpr std::size_t kBatchBytes = 256 * 1024;
constexpr std::size_t kMaxBatch = 64;

std::string Errno(int err) { return std::strerror(err); }

std::string Describe(const IcmpSocketOptions& o) {
  std::string s = o.family == IpAddress::Family::kV4 ? "ICMPv4 socket" : "ICMPv6 socket";
  if (!o.bind_device.empty()) s += " on device '" + o.bind_device + "'";
  if (o.source) s += " from " + o.source->ToString();
  return s;
}

socklen_t ToSockaddr(const IpAddress& a, unsigned scope_id, sockaddr_storage* out) {
  std::memset(out, 0, sizeof *out);
  if (a.is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(out);
    sin->sin_family = AF_INET;
    std::memcpy(&sin->sin_addr, a.bytes(), 4);
    return sizeof *sin;
  }
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(out);
  sin6->sin6_family = AF_INET6;
  std::memcpy(&sin6->sin6_addr, a.bytes(), 16);
  if (IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr)) sin6->sin6_scope_id = scope_id;
  return sizeof *sin6;
}

IpAddress FromSockaddr(const sockaddr_storage& s) {
  if (s.ss_family == AF_INET6) {
    const auto& sin6 = reinterpret_cast<const sockaddr_in6&>(s);
    return IpAddress::FromBytes(IpAddress::Family::kV6, sin6.sin6_addr.s6_addr);
  }
  const auto& sin = reinterpret_cast<const sockaddr_in&>(s);
  return IpAddress::FromBytes(IpAddress::Family::kV4,
                              reinterpret_cast<const std::uint8_t*>(&sin.sin_addr));
}

void SetBuffers(int fd, int bytes) {
  // The FORCE variants exceed net.core.rmem_max but need CAP_NET_ADMIN.
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0) {
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
  }
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bytes, sizeof bytes) != 0) {
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
  }
}

Status SetFilter(int fd, bool v4) {
  if (v4) {
    icmp_filter filter{};
    filter.data = ~((1U << ICMP_ECHOREPLY) | (1U << ICMP_DEST_UNREACH) |
                    (1U << ICMP_TIME_EXCEEDED) | (1U << ICMP_PARAMETERPROB));
    if (setsockopt(fd, SOL_RAW, ICMP_FILTER, &filter, sizeof filter) != 0) {
      return Status::Error("ICMP_FILTER: " + Errno(errno));
    }
    return Status::Ok();
  }
  icmp6_filter filter;
  ICMP6_FILTER_SETBLOCKALL(&filter);
  ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filter);
  ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &filter);
  ICMP6_FILTER_SETPASS(ICMP6_PACKET_TOO_BIG, &filter);
  ICMP6_FILTER_SETPASS(ICMP6_TIME_EXCEEDED, &filter);
  ICMP6_FILTER_SETPASS(ICMP6_PARAM_PROB, &filter);
  if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter) != 0) {
    return Status::Error("ICMP6_FILTER: " + Errno(errno));
  }
  return Status::Ok();
}

// Binds as asked; returns the identifier the kernel will put in our requests
// (datagram sockets: the port bind() picked), or the raw identifier.
Result<std::uint16_t> Bind(int fd, IcmpSocketKind kind, const IcmpSocketOptions& o) {
  if (!o.bind_device.empty() && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, o.bind_device.c_str(),
                                           static_cast<socklen_t>(o.bind_device.size())) != 0) {
    return Result<std::uint16_t>::Error("SO_BINDTODEVICE: " + Errno(errno));
  }
  if (o.source && o.source->family() != o.family) {
    return Result<std::uint16_t>::Error("source " + o.source->ToString() +
                                        " is not of the socket's address family");
  }
  if (kind == IcmpSocketKind::kRaw && !o.source) return o.raw_identifier;
  sockaddr_storage addr;
  socklen_t len =
      ToSockaddr(o.source.value_or(IpAddress::FromBytes(o.family, IpAddress().bytes())), 0, &addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0) {
    return Result<std::uint16_t>::Error("bind: " + Errno(errno));
  }
  if (kind == IcmpSocketKind::kRaw) return o.raw_identifier;
  len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return Result<std::uint16_t>::Error("getsockname: " + Errno(errno));
  }
  const in_port_t port = addr.ss_family == AF_INET6
                             ? reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port
                             : reinterpret_cast<sockaddr_in*>(&addr)->sin_port;
  return static_cast<std::uint16_t>(ntohs(port));
}

Result<std::uint16_t> Configure(int fd, IcmpSocketKind kind, const IcmpSocketOptions& o) {
  const bool v4 = o.family == IpAddress::Family::kV4;
  const int on = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0) {
    return Result<std::uint16_t>::Error("SO_TIMESTAMPNS: " + Errno(errno));
  }
  SetBuffers(fd, o.buffer_bytes);
  if (kind == IcmpSocketKind::kRaw) {
    if (Status s = SetFilter(fd, v4); !s.ok()) return s;
  } else if (setsockopt(fd, v4 ? SOL_IP : SOL_IPV6, v4 ? IP_RECVERR : IPV6_RECVERR, &on,
                        sizeof on) != 0) {
    return Result<std::uint16_t>::Error("IP_RECVERR: " + Errno(errno));
  }
  return Bind(fd, kind, o);
}

void ReadControl(msghdr& msg, IcmpReceived& out) {
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS &&
        c->cmsg_len >= CMSG_LEN(sizeof(timespec))) {
      timespec ts;
      std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
      if (ts.tv_sec > 0) {
        out.kernel_time = WallTime{std::chrono::duration_cast<WallClock::duration>(
            std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec))};
      }
    } else if (((c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR) ||
                (c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_RECVERR)) &&
               c->cmsg_len >= CMSG_LEN(sizeof(sock_extended_err))) {
      sock_extended_err ee;
      std::memcpy(&ee, CMSG_DATA(c), sizeof ee);
      out.icmp_error = ee.ee_origin == SO_EE_ORIGIN_ICMP || ee.ee_origin == SO_EE_ORIGIN_ICMP6;
      out.error_type = ee.ee_type;
      out.error_code = ee.ee_code;
    }
  }
}

}  // namespace

std::string_view ToString(IcmpSocketKind kind) {
  return kind == IcmpSocketKind::kDatagram ? "datagram" : "raw";
}

struct IcmpSocket::Headers {
  std::vector<mmsghdr> messages;
  std::vector<iovec> iovecs;
  std::vector<sockaddr_storage> names;
};

Result<std::unique_ptr<IcmpSocket>> IcmpSocket::Open(boost::asio::io_context& io,
                                                     const IcmpSocketOptions& options) {
  using R = Result<std::unique_ptr<IcmpSocket>>;
  const bool v4 = options.family == IpAddress::Family::kV4;
  std::string failures;
  bool only_denied = true;
  for (IcmpSocketKind kind : {IcmpSocketKind::kDatagram, IcmpSocketKind::kRaw}) {
    if ((kind == IcmpSocketKind::kDatagram && options.mode == IcmpSocketMode::kRawOnly) ||
        (kind == IcmpSocketKind::kRaw && options.mode == IcmpSocketMode::kDatagramOnly)) {
      continue;
    }
    const int type = kind == IcmpSocketKind::kDatagram ? int{SOCK_DGRAM} : int{SOCK_RAW};
    const int fd = socket(v4 ? AF_INET : AF_INET6, type | SOCK_NONBLOCK | SOCK_CLOEXEC,
                          v4 ? int{IPPROTO_ICMP} : int{IPPROTO_ICMPV6});
    if (fd < 0) {
      const int err = errno;
      only_denied = only_denied && (err == EACCES || err == EPERM);
      if (!failures.empty()) failures += "; ";
      failures += std::string(ToString(kind)) + ": " + Errno(err);
      continue;
    }
    Result<std::uint16_t> id = Configure(fd, kind, options);
    if (!id.ok()) {
      close(fd);
      return R::Error(Describe(options) + " (" + std::string(ToString(kind)) + "): " + id.error());
    }
    std::unique_ptr<IcmpSocket> s(new IcmpSocket(io, fd, kind, options));
    s->identifier_ = *id;
    boost::system::error_code ec;
    s->descriptor_.assign(fd, ec);
    if (ec) {
      close(fd);
      return R::Error(Describe(options) + ": cannot watch the descriptor: " + ec.message());
    }
    return s;
  }
  std::string message = Describe(options) + ": cannot open (" + failures + ")";
  if (only_denied) {
    message +=
        "; allow unprivileged ICMP sockets with `sysctl -w net.ipv4.ping_group_range=\"0 "
        "2147483647\"` or raw sockets with `setcap cap_net_raw+ep <wanwatch binary>`";
  }
  return R::Error(std::move(message));
}

IcmpSocket::IcmpSocket(boost::asio::io_context& io, int fd, IcmpSocketKind kind,
                       const IcmpSocketOptions& options)
    : descriptor_(io),
      kind_(kind),
      family_(options.family),
      message_size_(std::max<std::size_t>(options.max_message, 64)),
      headers_(std::make_unique<Headers>()) {
  if (!options.bind_device.empty()) scope_id_ = if_nametoindex(options.bind_device.c_str());
  const std::size_t batch = std::clamp<std::size_t>(kBatchBytes / message_size_, 4, kMaxBatch);
  buffers_.resize(batch * message_size_);
  controls_.resize(batch * kControlSize);
  received_.resize(batch);
  headers_->messages.resize(batch);
  headers_->iovecs.resize(batch);
  headers_->names.resize(batch);
  for (std::size_t i = 0; i < batch; ++i) {
    headers_->iovecs[i] = iovec{&buffers_[i * message_size_], message_size_};
    msghdr& m = headers_->messages[i].msg_hdr;
    m.msg_name = &headers_->names[i];
    m.msg_iov = &headers_->iovecs[i];
    m.msg_iovlen = 1;
    m.msg_control = &controls_[i * kControlSize];
  }
}

IcmpSocket::~IcmpSocket() = default;

int IcmpSocket::Send(std::span<const std::uint8_t> packet, const IpAddress& to) {
  if (to.family() != family_) return EAFNOSUPPORT;
  sockaddr_storage addr;
  const socklen_t len = ToSockaddr(to, scope_id_, &addr);
  const ssize_t n = sendto(descriptor_.native_handle(), packet.data(), packet.size(), 0,
                           reinterpret_cast<const sockaddr*>(&addr), len);
  if (n < 0) return errno;
  return static_cast<std::size_t>(n) == packet.size() ? 0 : EMSGSIZE;
}

int IcmpSocket::Receive(bool error_queue) {
  received_count_ = 0;
  if (error_queue) return ReceiveErrorQueue();
  for (mmsghdr& m : headers_->messages) {
    m.msg_hdr.msg_namelen = sizeof(sockaddr_storage);
    m.msg_hdr.msg_controllen = kControlSize;
    m.msg_hdr.msg_flags = 0;
    m.msg_len = 0;
  }
  const int n = recvmmsg(descriptor_.native_handle(), headers_->messages.data(),
                         static_cast<unsigned>(headers_->messages.size()), MSG_DONTWAIT, nullptr);
  if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
  for (int i = 0; i < n; ++i) {
    mmsghdr& m = headers_->messages[i];
    IcmpReceived& r = received_[i];
    r = IcmpReceived{};
    r.data = {&buffers_[i * message_size_], std::min<std::size_t>(m.msg_len, message_size_)};
    r.peer = FromSockaddr(headers_->names[i]);
    r.truncated = (m.msg_hdr.msg_flags & MSG_TRUNC) != 0;
    ReadControl(m.msg_hdr, r);
  }
  received_count_ = static_cast<std::size_t>(n);
  return n;
}

int IcmpSocket::ReceiveErrorQueue() {
  // Errors are rare: one recvmsg per message keeps MSG_ERRQUEUE semantics simple.
  for (std::size_t i = 0; i < received_.size(); ++i) {
    msghdr& m = headers_->messages[i].msg_hdr;
    m.msg_namelen = sizeof(sockaddr_storage);
    m.msg_controllen = kControlSize;
    m.msg_flags = 0;
    const ssize_t n = recvmsg(descriptor_.native_handle(), &m, MSG_ERRQUEUE | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      if (received_count_ == 0) return -errno;
      break;
    }
    IcmpReceived& r = received_[i];
    r = IcmpReceived{};
    r.data = {&buffers_[i * message_size_], std::min<std::size_t>(n, message_size_)};
    r.peer = FromSockaddr(headers_->names[i]);
    r.truncated = (m.msg_flags & MSG_TRUNC) != 0;
    r.from_error_queue = true;
    ReadControl(m, r);
    ++received_count_;
  }
  return static_cast<int>(received_count_);
}

}  // namespace ww
