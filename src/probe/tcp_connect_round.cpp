#include "probe/tcp_connect_round.h"

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "config/net_syntax.h"

namespace ww {
namespace {

// One target's connect in flight.
struct Attempt {
  int fd = -1;
  MonoTime sent{};
  bool done = false;
};

std::string ErrnoText(int err) {
  switch (err) {
    case ECONNREFUSED:
      return "connection refused";
    case ENETUNREACH:
      return "network unreachable";
    case EHOSTUNREACH:
      return "host unreachable";
    case ETIMEDOUT:
      return "timeout";
    default:
      return std::strerror(err);
  }
}

// Resolves "host:port" to one socket address; "" on success, else why not.
std::string Resolve(const std::string& target, sockaddr_storage& out, socklen_t& out_len) {
  const std::optional<HostPort> hp = ParseHostPort(target);
  if (!hp) return "not host:port";
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* list = nullptr;
  const std::string port = std::to_string(hp->port);
  const int rc = getaddrinfo(hp->host.c_str(), port.c_str(), &hints, &list);
  if (rc != 0 || list == nullptr) return std::string("cannot resolve: ") + gai_strerror(rc);
  std::memcpy(&out, list->ai_addr, list->ai_addrlen);
  out_len = list->ai_addrlen;
  freeaddrinfo(list);
  return "";
}

void Fail(OutageProbeResult& r, std::string error) {
  r.ok = false;
  r.rtt_ms.reset();
  r.error = std::move(error);
}

// Starts a non-blocking connect; on an immediate outcome marks the attempt done.
void StartConnect(const std::string& target, const Clock& clock, Attempt& a, OutageProbeResult& r) {
  sockaddr_storage addr{};
  socklen_t len = 0;
  if (std::string why = Resolve(target, addr, len); !why.empty()) {
    Fail(r, why);
    a.done = true;
    return;
  }
  a.fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (a.fd < 0) {
    Fail(r, "socket: " + ErrnoText(errno));
    a.done = true;
    return;
  }
  a.sent = clock.Now();
  if (connect(a.fd, reinterpret_cast<const sockaddr*>(&addr), len) == 0) {
    r.ok = true;  // loopback can connect at once
    r.rtt_ms = ToMillis(clock.Now() - a.sent);
    a.done = true;
  } else if (errno != EINPROGRESS) {
    Fail(r, ErrnoText(errno));
    a.done = true;
  }
}

void Finish(const Clock& clock, Attempt& a, OutageProbeResult& r) {
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(a.fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  if (err == 0) {
    r.ok = true;
    r.rtt_ms = ToMillis(clock.Now() - a.sent);
    r.error.reset();
  } else {
    Fail(r, ErrnoText(err));
  }
  a.done = true;
}

}  // namespace

std::vector<OutageProbeResult> TcpConnectRound::Run(const std::vector<std::string>& targets,
                                                    Millis timeout) {
  std::vector<OutageProbeResult> results(targets.size());
  std::vector<Attempt> attempts(targets.size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    results[i].target = targets[i];
    StartConnect(targets[i], clock_, attempts[i], results[i]);
  }
  const MonoTime deadline = clock_.Now() + timeout;
  for (;;) {
    std::vector<pollfd> fds;
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < attempts.size(); ++i) {
      if (attempts[i].done) continue;
      fds.push_back(pollfd{attempts[i].fd, POLLOUT, 0});
      index.push_back(i);
    }
    const auto left = std::chrono::duration_cast<Millis>(deadline - clock_.Now()).count();
    if (fds.empty() || left <= 0) break;
    const int n = poll(fds.data(), fds.size(), static_cast<int>(std::max<std::int64_t>(left, 1)));
    if (n < 0 && errno != EINTR) break;
    for (std::size_t k = 0; k < fds.size(); ++k) {
      if (fds[k].revents != 0) Finish(clock_, attempts[index[k]], results[index[k]]);
    }
  }
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    if (!attempts[i].done) Fail(results[i], "timeout");
    if (attempts[i].fd >= 0) close(attempts[i].fd);
  }
  return results;
}

}  // namespace ww
