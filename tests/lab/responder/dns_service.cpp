#include "dns_service.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <memory>
#include <vector>

#include "socket_util.h"

namespace ww::lab {
namespace {
constexpr int kMaxPerWakeup = 64;
constexpr std::size_t kMaxQuery = 4096;
}  // namespace

DnsService::~DnsService() {
  if (fd_ >= 0) {
    state_.loop().Unwatch(fd_);
    close(fd_);
  }
}

Status DnsService::Start() {
  if (port_ == 0) return Status::Ok();
  fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return Status::Error(ErrnoText("dns: socket"));
  const int one = 1;
  setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port_);
  if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return Status::Error(ErrnoText("dns: bind udp port " + std::to_string(port_)));
  }
  if (Status s = PrepareDatagramSocket(fd_, "dns"); !s) return s;
  return state_.loop().Watch(fd_, EPOLLIN, [this](std::uint32_t) { OnReadable(); });
}

void DnsService::OnReadable() {
  std::array<std::uint8_t, kMaxQuery> buf;
  for (int i = 0; i < kMaxPerWakeup; ++i) {
    auto r = ReceiveFrom(fd_, buf, state_.loop().clock());
    if (!r) return;
    Counters& counters = state_.counters(Protocol::kDns);
    const std::span<const std::uint8_t> packet(buf.data(), r->size);
    auto query = ParseDnsQuery(packet);
    if (!query) {
      ++counters.malformed;
      std::fprintf(stderr, "responder: %s (from %s)\n", query.error().c_str(),
                   Ipv4Text(r->src).c_str());
      continue;
    }
    ++counters.received;
    const DnsMode mode = state_.dns_mode(r->dst);
    if (mode == DnsMode::kSilent) {
      ++counters.dropped;
      continue;
    }
    auto reply =
        std::make_shared<std::vector<std::uint8_t>>(BuildDnsResponse(packet, *query, mode, data_));
    const std::uint32_t local = r->dst;
    const std::uint32_t peer = r->src;
    const std::uint16_t peer_port = r->sport;
    state_.Handle(Protocol::kDns, local, r->at, [this, local, peer, peer_port, reply] {
      Counters& c = state_.counters(Protocol::kDns);
      if (Status s = SendFrom(fd_, local, peer, peer_port, *reply); !s) {
        ++c.send_errors;
        std::fprintf(stderr, "responder: dns %s\n", s.message().c_str());
        return;
      }
      ++c.answered;
    });
  }
}

}  // namespace ww::lab
