#include "icmp_test_responder.h"

#include <arpa/inet.h>
#include <linux/icmp.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "probe/icmp_packet.h"

namespace ww::testing {
namespace {

constexpr Duration kMaxLifetime = std::chrono::seconds(60);

struct PendingReply {
  MonoTime due;
  sockaddr_in to;
  std::vector<std::uint8_t> icmp;
};

// A raw socket for echo requests only. Bound to `from` (when not empty) it
// receives only traffic for that address: use it for sending.
int OpenSocket(const std::string& from) {
  const int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
  if (fd < 0) return -1;
  icmp_filter filter{};
  filter.data = ~(1U << ICMP_ECHO);
  setsockopt(fd, SOL_RAW, ICMP_FILTER, &filter, sizeof filter);
  if (!from.empty()) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    inet_pton(AF_INET, from.c_str(), &addr.sin_addr);
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close(fd);
      return -1;
    }
  }
  return fd;
}

// The echo reply to a raw IPv4 echo request, as the script wants it.
std::vector<std::uint8_t> MakeReply(const std::uint8_t* packet, std::size_t size,
                                    const ResponderScript& script) {
  const std::size_t ip_header = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
  if (size < ip_header + icmp::kIcmpHeaderSize || packet[ip_header] != ICMP_ECHO) return {};
  std::vector<std::uint8_t> reply(packet + ip_header, packet + size);
  reply[0] = ICMP_ECHOREPLY;
  if (script.corrupt && reply.size() > icmp::kIcmpHeaderSize + icmp::kPayloadHeaderSize) {
    reply.back() ^= 0x5a;
  }
  reply[2] = reply[3] = 0;
  const std::uint16_t sum = icmp::InternetChecksum(reply);
  reply[2] = static_cast<std::uint8_t>(sum >> 8);
  reply[3] = static_cast<std::uint8_t>(sum & 0xff);
  return reply;
}

}  // namespace

EchoResponder::EchoResponder(const Netns& netns, ResponderScript script)
    : script_(std::move(script)) {
  thread_ = std::thread([this, &netns] { Run(netns); });
  const MonoTime deadline = MonoClock::now() + std::chrono::seconds(5);
  while (state_.load() == kStarting && MonoClock::now() < deadline) std::this_thread::yield();
}

EchoResponder::~EchoResponder() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void EchoResponder::Run(const Netns& netns) {
  NetnsScope scope(netns);
  const int fd = scope.ok() ? OpenSocket("") : -1;
  const int send_fd = script_.reply_from.empty() || fd < 0 ? fd : OpenSocket(script_.reply_from);
  if (fd < 0 || send_fd < 0) {
    if (fd >= 0) close(fd);
    state_ = kFailed;
    return;
  }
  state_ = kRunning;
  std::vector<PendingReply> pending;
  std::vector<std::uint8_t> buf(65536);
  const MonoTime end = MonoClock::now() + kMaxLifetime;
  while (!stop_ && MonoClock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    poll(&p, 1, 2);
    sockaddr_in from{};
    socklen_t len = sizeof from;
    const ssize_t n = recvfrom(fd, buf.data(), buf.size(), MSG_DONTWAIT,
                               reinterpret_cast<sockaddr*>(&from), &len);
    if (n > 0) {
      std::vector<std::uint8_t> reply = MakeReply(buf.data(), static_cast<std::size_t>(n), script_);
      if (!reply.empty()) {
        ++seen_;
        for (int i = 0; i < script_.copies; ++i) {
          pending.push_back({MonoClock::now() + script_.delay, from, reply});
        }
      }
    }
    const MonoTime now = MonoClock::now();
    for (auto it = pending.begin(); it != pending.end();) {
      if (it->due > now) {
        ++it;
        continue;
      }
      sendto(send_fd, it->icmp.data(), it->icmp.size(), 0, reinterpret_cast<sockaddr*>(&it->to),
             sizeof it->to);
      it = pending.erase(it);
    }
  }
  if (send_fd != fd) close(send_fd);
  close(fd);
}

}  // namespace ww::testing
