#include "icmp_service.h"

#include <linux/icmp.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <memory>
#include <vector>

#include "packets.h"
#include "socket_util.h"

namespace ww::lab {
namespace {
constexpr int kMaxPerWakeup = 64;  // keep the loop fair to timers and other sockets
}

IcmpService::~IcmpService() {
  if (fd_ >= 0) {
    state_.loop().Unwatch(fd_);
    close(fd_);
  }
}

Status IcmpService::Start() {
  fd_ = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
  if (fd_ < 0) return Status::Error(ErrnoText("icmp: raw socket (needs root or CAP_NET_RAW)"));
  // Let the kernel hand us echo requests only (ICMP_FILTER is a mask of types to drop).
  icmp_filter filter{~(1u << kIcmpEchoRequest)};
  if (setsockopt(fd_, SOL_RAW, ICMP_FILTER, &filter, sizeof filter) != 0) {
    return Status::Error(ErrnoText("icmp: ICMP_FILTER"));
  }
  if (Status s = PrepareDatagramSocket(fd_, "icmp"); !s) return s;
  return state_.loop().Watch(fd_, EPOLLIN, [this](std::uint32_t) { OnReadable(); });
}

void IcmpService::OnReadable() {
  std::array<std::uint8_t, 65536> buf;
  for (int i = 0; i < kMaxPerWakeup; ++i) {
    auto r = ReceiveFrom(fd_, buf, state_.loop().clock());
    if (!r) return;
    Counters& counters = state_.counters(Protocol::kIcmp);
    auto ip = ParseIpv4(std::span(buf.data(), r->size));
    auto icmp = ip ? ParseIcmp(ip->payload) : Result<IcmpMessage>(ip.status());
    if (!icmp) {
      ++counters.malformed;
      std::fprintf(stderr, "responder: icmp from %s: %s\n", Ipv4Text(r->src).c_str(),
                   icmp.error().c_str());
      continue;
    }
    if (icmp->type != kIcmpEchoRequest) continue;
    ++counters.received;
    const std::uint32_t local = ip->dst;
    const std::uint32_t peer = ip->src;
    auto reply = std::make_shared<std::vector<std::uint8_t>>(BuildEchoReply(*icmp));
    state_.Handle(Protocol::kIcmp, local, r->at, [this, local, peer, reply] {
      Counters& c = state_.counters(Protocol::kIcmp);
      if (Status s = SendFrom(fd_, local, peer, 0, *reply); !s) {
        ++c.send_errors;
        std::fprintf(stderr, "responder: icmp %s\n", s.message().c_str());
        return;
      }
      ++c.answered;
    });
  }
}

}  // namespace ww::lab
