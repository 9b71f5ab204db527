#include "http_service.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>

#include "socket_util.h"

namespace ww::lab {
namespace {

constexpr std::size_t kMaxConnections = 256;
constexpr std::size_t kMaxHead = 16 * 1024;
constexpr auto kReadTimeout = std::chrono::seconds(10);
constexpr auto kHoldTimeout = std::chrono::seconds(60);

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

// "GET /path HTTP/1.1": three words, the last one an HTTP version.
bool LooksLikeRequestLine(const std::string& head) {
  const auto eol = head.find("\r\n");
  const std::string line = head.substr(0, eol);
  const auto a = line.find(' ');
  const auto b = line.rfind(' ');
  return a != std::string::npos && b != a && line.compare(b + 1, 5, "HTTP/") == 0;
}

}  // namespace

HttpService::~HttpService() {
  while (!conns_.empty()) Close(conns_.begin()->first);
  if (listener_ >= 0) {
    state_.loop().Unwatch(listener_);
    close(listener_);
  }
}

Status HttpService::Start() {
  if (port_ == 0) return Status::Ok();
  listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  const int one = 1;
  setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port_);
  if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return Status::Error(ErrnoText("http: bind tcp port " + std::to_string(port_)));
  }
  if (listen(listener_, 128) != 0) return Status::Error(ErrnoText("http: listen"));
  return state_.loop().Watch(listener_, EPOLLIN, [this](std::uint32_t) { OnAccept(); });
}

void HttpService::OnAccept() {
  for (int i = 0; i < 64; ++i) {
    const int fd = accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    if (conns_.size() >= kMaxConnections) {
      close(fd);
      ++state_.counters(Protocol::kHttp).dropped;
      continue;
    }
    sockaddr_in local{};
    socklen_t len = sizeof local;
    getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len);
    Conn& c = conns_[fd];
    c.serial = next_serial_++;
    c.local = ntohl(local.sin_addr.s_addr);
    const std::uint64_t serial = c.serial;
    c.timer = state_.loop().At(state_.loop().clock().Now() + kReadTimeout, [this, fd, serial] {
      auto it = conns_.find(fd);
      if (it != conns_.end() && it->second.serial == serial) Close(fd);
    });
    if (!state_.loop().Watch(fd, EPOLLIN, [this, fd](std::uint32_t) { OnReadable(fd); })) {
      Close(fd);
    }
  }
}

void HttpService::OnReadable(int fd) {
  auto it = conns_.find(fd);
  if (it == conns_.end()) return;
  Conn& c = it->second;
  char buf[4096];
  const ssize_t n = read(fd, buf, sizeof buf);
  if (n <= 0) {
    if (n == 0 || (errno != EAGAIN && errno != EINTR)) Close(fd);
    return;
  }
  if (c.answered_or_dropped) return;  // ignore anything after the request head
  c.head.append(buf, static_cast<std::size_t>(n));
  if (c.head.find("\r\n\r\n") != std::string::npos) {
    OnRequest(fd, c);
  } else if (c.head.size() > kMaxHead) {
    ++state_.counters(Protocol::kHttp).malformed;
    Close(fd);
  }
}

void HttpService::OnRequest(int fd, Conn& c) {
  Counters& counters = state_.counters(Protocol::kHttp);
  c.answered_or_dropped = true;
  if (!LooksLikeRequestLine(c.head)) {
    ++counters.malformed;
    Close(fd);
    return;
  }
  ++counters.received;
  state_.loop().Cancel(c.timer);
  const std::uint64_t serial = c.serial;
  const bool answered = state_.Handle(Protocol::kHttp, c.local, state_.loop().clock().Now(),
                                      [this, fd, serial] { Respond(fd, serial); });
  if (!answered) {
    c.timer = state_.loop().At(state_.loop().clock().Now() + kHoldTimeout, [this, fd, serial] {
      auto it = conns_.find(fd);
      if (it != conns_.end() && it->second.serial == serial) Close(fd);
    });
  }
}

void HttpService::Respond(int fd, std::uint64_t serial) {
  auto it = conns_.find(fd);
  if (it == conns_.end() || it->second.serial != serial) return;  // the client left
  const int status = state_.http_status(it->second.local);
  const std::string body = "wanwatch lab responder: " + std::to_string(status) + "\n";
  const std::string response =
      "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) +
      "\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nConnection: close\r\n\r\n" + body;
  Counters& counters = state_.counters(Protocol::kHttp);
  // A few hundred bytes always fit an empty socket buffer: one write suffices.
  if (send(fd, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT) ==
      static_cast<ssize_t>(response.size())) {
    ++counters.answered;
  } else {
    ++counters.send_errors;
  }
  shutdown(fd, SHUT_WR);
  Close(fd);
}

void HttpService::Close(int fd) {
  auto it = conns_.find(fd);
  if (it == conns_.end()) return;
  state_.loop().Cancel(it->second.timer);
  state_.loop().Unwatch(fd);
  close(fd);
  conns_.erase(it);
}

}  // namespace ww::lab
