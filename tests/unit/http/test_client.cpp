#include "test_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace ww::test_http {
namespace {

namespace http = boost::beast::http;
using SteadyClock = std::chrono::steady_clock;

int RemainingMs(SteadyClock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

bool WaitFor(int fd, short events, SteadyClock::time_point deadline) {
  pollfd p{fd, events, 0};
  int rc;
  do {
    rc = ::poll(&p, 1, RemainingMs(deadline));
  } while (rc < 0 && errno == EINTR);
  return rc > 0;
}

}  // namespace

std::unique_ptr<TestConnection> TestConnection::Connect(std::uint16_t port, std::string_view host) {
  const bool v6 = host.find(':') != std::string_view::npos;
  const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return nullptr;
  int rc;
  const std::string h(host);
  if (v6) {
    sockaddr_in6 addr{};
    addr.sin6_family = AF_INET6;
    addr.sin6_port = htons(port);
    ::inet_pton(AF_INET6, h.c_str(), &addr.sin6_addr);
    rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  } else {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    ::inet_pton(AF_INET, h.c_str(), &addr.sin_addr);
    rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  }
  if (rc != 0) {
    ::close(fd);
    return nullptr;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return std::unique_ptr<TestConnection>(new TestConnection(fd));
}

TestConnection::~TestConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool TestConnection::Send(std::string_view data, std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  while (!data.empty()) {
    const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!WaitFor(fd_, POLLOUT, deadline)) return false;
    } else {
      return false;
    }
  }
  return true;
}

bool TestConnection::ReceiveMore(SteadyClock::time_point deadline) {
  char buf[16384];
  for (;;) {
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n > 0) {
      pending_.append(buf, static_cast<std::size_t>(n));
      return true;
    }
    if (n == 0) return false;
    if (errno != EAGAIN && errno != EINTR) return false;
    if (!WaitFor(fd_, POLLIN, deadline)) return false;
  }
}

std::optional<ClientResponse> TestConnection::ReadResponse(bool head,
                                                           std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  http::response_parser<http::string_body> parser;
  parser.skip(head);
  parser.body_limit(64 << 20);
  boost::beast::error_code ec;
  for (;;) {
    while (!pending_.empty() && !parser.is_done()) {
      const std::size_t used = parser.put(boost::asio::buffer(pending_), ec);
      pending_.erase(0, used);
      if (ec == http::error::need_more) {
        ec = {};
        if (used == 0) break;
        continue;
      }
      if (ec) return std::nullopt;
    }
    if (parser.is_done()) break;
    if (!ReceiveMore(deadline)) {
      if (!parser.got_some()) return std::nullopt;
      parser.put_eof(ec);  // a body delimited by the close
      if (ec || !parser.is_done()) return std::nullopt;
      break;
    }
  }
  ClientResponse out;
  const auto& msg = parser.get();
  out.status = static_cast<int>(msg.result_int());
  for (const auto& field : msg) {
    std::string name(field.name_string().data(), field.name_string().size());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value().data(), field.value().size());
  }
  out.body = msg.body();
  out.keep_alive = msg.keep_alive();
  return out;
}

bool TestConnection::WaitClosed(std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  char buf[16384];
  for (;;) {
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n == 0) return true;
    if (n < 0 && errno != EAGAIN && errno != EINTR) return true;  // reset counts as closed
    if (n < 0 && !WaitFor(fd_, POLLIN, deadline)) return false;
  }
}

std::optional<ClientResponse> Fetch(std::uint16_t port, std::string_view method,
                                    std::string_view target, std::string_view extra_headers,
                                    std::string_view body) {
  auto c = TestConnection::Connect(port);
  if (!c) return std::nullopt;
  std::string request = std::string(method) + " " + std::string(target) +
                        " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n" +
                        std::string(extra_headers);
  if (!body.empty() || method == "POST") {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n";
  request += body;
  if (!c->Send(request)) return std::nullopt;
  return c->ReadResponse(method == "HEAD");
}

}  // namespace ww::test_http
