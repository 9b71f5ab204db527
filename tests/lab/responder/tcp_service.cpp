#include "tcp_service.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <memory>

#include "policy_rule.h"
#include "socket_util.h"

namespace ww::lab {
namespace {

constexpr int kMaxPerWakeup = 64;
constexpr int kPlugTimeoutMs = 2000;
constexpr std::uint32_t kLoopback = 0x7f000001;
constexpr std::uint32_t kRulePriority = 100;

std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

TcpService::~TcpService() {
  if (raw_fd_ >= 0) {
    state_.loop().Unwatch(raw_fd_);
    close(raw_fd_);
  }
  for (Port& p : plugged_) {
    if (p.plug >= 0) close(p.plug);
    if (p.listener >= 0) close(p.listener);
  }
}

Status TcpService::Plug(Port& p) {
  const std::string name = "tcp port " + std::to_string(p.port);
  p.listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(p.listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  const std::uint32_t mark = kKernelReplyMark;
  if (setsockopt(p.listener, SOL_SOCKET, SO_MARK, &mark, sizeof mark) != 0) {
    return Status::Error(ErrnoText(name + ": SO_MARK"));
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(p.port);
  if (bind(p.listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return Status::Error(ErrnoText(name + ": bind"));
  }
  if (listen(p.listener, 0) != 0) return Status::Error(ErrnoText(name + ": listen"));
  p.plug = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  addr.sin_addr.s_addr = htonl(kLoopback);
  if (connect(p.plug, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 &&
      errno != EINPROGRESS) {
    return Status::Error(ErrnoText(name + ": plug connect"));
  }
  pollfd pfd{p.plug, POLLOUT, 0};
  int err = 0;
  socklen_t len = sizeof err;
  if (poll(&pfd, 1, kPlugTimeoutMs) != 1 ||
      getsockopt(p.plug, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
    return Status::Error(name + ": plug connection did not complete");
  }
  sockaddr_in local{};
  len = sizeof local;
  getsockname(p.plug, reinterpret_cast<sockaddr*>(&local), &len);
  p.plug_port = ntohs(local.sin_port);
  return Status::Ok();
}

Status TcpService::Start() {
  if (ports_.empty()) return Status::Ok();
  // The raw socket first, so that no SYN between plugging and watching is missed.
  raw_fd_ = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_TCP);
  if (raw_fd_ < 0) return Status::Error(ErrnoText("tcp: raw socket (needs root or CAP_NET_RAW)"));
  if (Status s = PrepareDatagramSocket(raw_fd_, "tcp"); !s) return s;
  if (Status s = AddBlackholeRuleForMark(kKernelReplyMark, kRulePriority); !s) return s;
  for (std::uint16_t port : ports_) {
    plugged_.push_back(Port{port});
    if (Status s = Plug(plugged_.back()); !s) return s;
  }
  return state_.loop().Watch(raw_fd_, EPOLLIN, [this](std::uint32_t) { OnReadable(); });
}

bool TcpService::Ours(std::uint16_t dport, std::uint32_t src, std::uint16_t sport) const {
  for (const Port& p : plugged_) {
    if (p.port != dport) continue;
    return !(src == kLoopback && sport == p.plug_port);
  }
  return false;
}

std::uint32_t TcpService::Isn(const TcpSegment& s) const {
  return static_cast<std::uint32_t>(Mix(seed_ ^ Mix((std::uint64_t{s.src} << 32 | s.dst) ^
                                                    Mix(std::uint64_t{s.sport} << 16 | s.dport))));
}

void TcpService::Send(const TcpSegment& to, const std::vector<std::uint8_t>& segment) {
  Counters& c = state_.counters(Protocol::kTcp);
  if (Status s = SendFrom(raw_fd_, to.dst, to.src, 0, segment); !s) {
    ++c.send_errors;
    std::fprintf(stderr, "responder: tcp %s\n", s.message().c_str());
  }
}

void TcpService::OnSegment(const TcpSegment& s, MonoTime received_at) {
  if (s.flags & kTcpRst) return;
  const std::uint32_t isn = Isn(s);
  if (s.flags & kTcpSyn) {
    if (s.flags & kTcpAck) return;
    Counters& counters = state_.counters(Protocol::kTcp);
    ++counters.received;
    auto reply = std::make_shared<std::vector<std::uint8_t>>(BuildSynAck(s, isn));
    state_.Handle(Protocol::kTcp, s.dst, received_at, [this, s, reply] {
      Send(s, *reply);
      ++state_.counters(Protocol::kTcp).answered;
    });
    return;
  }
  const std::uint32_t next = s.seq + static_cast<std::uint32_t>(s.payload_len);
  if (s.flags & kTcpFin) {
    // The client closes: acknowledge its FIN (and whatever came with it).
    Send(s, BuildTcpReply(s, s.ack, next + 1, kTcpAck));
  } else if ((s.flags & kTcpAck) && s.ack == isn + 1 && s.payload_len == 0) {
    // The handshake's ACK: "accept", then close from our side.
    Send(s, BuildTcpReply(s, isn + 1, next, kTcpFin | kTcpAck));
  }
}

void TcpService::OnReadable() {
  std::array<std::uint8_t, 65536> buf;
  for (int i = 0; i < kMaxPerWakeup; ++i) {
    auto r = ReceiveFrom(raw_fd_, buf, state_.loop().clock());
    if (!r) return;
    auto ip = ParseIpv4(std::span(buf.data(), r->size));
    auto seg = ip ? ParseTcp(*ip) : Result<TcpSegment>(ip.status());
    if (!seg) {
      ++state_.counters(Protocol::kTcp).malformed;
      continue;
    }
    if (Ours(seg->dport, seg->src, seg->sport)) OnSegment(*seg, r->at);
  }
}

}  // namespace ww::lab
