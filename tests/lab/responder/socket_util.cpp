#include "socket_util.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace ww::lab {

std::string ErrnoText(const std::string& what) { return what + ": " + strerror(errno); }

std::string Ipv4Text(std::uint32_t host_order) {
  in_addr a{htonl(host_order)};
  char buf[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &a, buf, sizeof buf);
  return buf;
}

Status PrepareDatagramSocket(int fd, const std::string& name) {
  const int one = 1;
  if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one) != 0) {
    return Status::Error(ErrnoText(name + ": IP_PKTINFO"));
  }
  if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one) != 0) {
    return Status::Error(ErrnoText(name + ": SO_TIMESTAMPNS"));
  }
  if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) {
    return Status::Error(ErrnoText(name + ": O_NONBLOCK"));
  }
  return Status::Ok();
}

std::optional<Received> ReceiveFrom(int fd, std::span<std::uint8_t> buffer, const Clock& clock) {
  sockaddr_in from{};
  iovec iov{buffer.data(), buffer.size()};
  alignas(cmsghdr) char control[256];
  msghdr msg{};
  msg.msg_name = &from;
  msg.msg_namelen = sizeof from;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  const ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);
  if (n < 0) return std::nullopt;
  Received r;
  r.size = static_cast<std::size_t>(n);
  r.src = ntohl(from.sin_addr.s_addr);
  r.sport = ntohs(from.sin_port);
  r.at = clock.Now();
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      in_pktinfo info{};
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      r.dst = ntohl(info.ipi_addr.s_addr);
    } else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS) {
      // The kernel stamps with CLOCK_REALTIME; shift our monotonic "now" back by
      // the time the packet waited in the socket queue.
      timespec ts{};
      std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
      timespec real_now{};
      clock_gettime(CLOCK_REALTIME, &real_now);
      const auto waited = std::chrono::seconds(real_now.tv_sec - ts.tv_sec) +
                          std::chrono::nanoseconds(real_now.tv_nsec - ts.tv_nsec);
      if (waited.count() > 0 && waited < std::chrono::seconds(1)) r.at -= waited;
    }
  }
  return r;
}

Status SendFrom(int fd, std::uint32_t src, std::uint32_t dst, std::uint16_t dport,
                std::span<const std::uint8_t> data) {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(dst);
  to.sin_port = htons(dport);
  iovec iov{const_cast<std::uint8_t*>(data.data()), data.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in_pktinfo))] = {};
  msghdr msg{};
  msg.msg_name = &to;
  msg.msg_namelen = sizeof to;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = IPPROTO_IP;
  c->cmsg_type = IP_PKTINFO;
  c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
  in_pktinfo info{};
  info.ipi_spec_dst.s_addr = htonl(src);
  std::memcpy(CMSG_DATA(c), &info, sizeof info);
  if (sendmsg(fd, &msg, MSG_DONTWAIT) < 0) {
    return Status::Error(ErrnoText("send to " + Ipv4Text(dst) + " from " + Ipv4Text(src)));
  }
  return Status::Ok();
}

}  // namespace ww::lab
