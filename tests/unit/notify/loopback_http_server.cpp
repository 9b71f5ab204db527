#include "loopback_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace ww::testing {
namespace {

constexpr int kPollMs = 20;
constexpr std::size_t kMaxRequest = 1 << 20;

bool EqualsIgnoreCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Parses "METHOD target HTTP/1.1\r\nName: value\r\n...\r\n\r\n".
ReceivedRequest ParseHead(const std::string& head) {
  ReceivedRequest request;
  std::size_t line_end = head.find("\r\n");
  const std::string first = head.substr(0, line_end);
  const std::size_t space = first.find(' ');
  request.method = first.substr(0, space);
  request.target = first.substr(space + 1, first.rfind(' ') - space - 1);
  while (line_end != std::string::npos && line_end + 2 < head.size()) {
    const std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string line = head.substr(start, line_end - start);
    const std::size_t colon = line.find(':');
    if (line.empty() || colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    request.headers.emplace_back(line.substr(0, colon), value);
  }
  return request;
}

}  // namespace

std::string ReceivedRequest::Header(const std::string& name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return v;
  }
  return "";
}

LoopbackHttpServer::LoopbackHttpServer(CannedReply reply, const std::string& address,
                                       std::uint16_t port)
    : reply_(std::move(reply)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
      ::listen(listener_, 16) != 0) {
    ::close(listener_);
    throw std::runtime_error("cannot listen on " + address);
  }
  socklen_t length = sizeof sa;
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&sa), &length);
  port_ = ntohs(sa.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

LoopbackHttpServer::~LoopbackHttpServer() {
  stop_ = true;
  thread_.join();
  for (int fd : held_) ::close(fd);
  ::close(listener_);
}

std::vector<ReceivedRequest> LoopbackHttpServer::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

bool LoopbackHttpServer::WaitForRequests(std::size_t count,
                                         std::chrono::milliseconds deadline) const {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (requests().size() >= count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs));
  }
  return requests().size() >= count;
}

void LoopbackHttpServer::Serve() {
  while (!stop_) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, kPollMs) <= 0) continue;
    const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++connections_;
    Handle(fd);
  }
}

void LoopbackHttpServer::Handle(int fd) {
  std::string data;
  std::size_t head_end = std::string::npos;
  std::size_t wanted = 0;
  char chunk[4096];
  // Read until the head and Content-Length bytes of body are in (or the peer leaves).
  while (!stop_ && data.size() < kMaxRequest) {
    if (head_end != std::string::npos && data.size() >= head_end + 4 + wanted) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, kPollMs) <= 0) continue;
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    data.append(chunk, static_cast<std::size_t>(n));
    if (head_end == std::string::npos && (head_end = data.find("\r\n\r\n")) != std::string::npos) {
      const std::string length = ParseHead(data.substr(0, head_end + 2)).Header("Content-Length");
      wanted = length.empty() ? 0 : std::stoul(length);
    }
  }
  if (head_end == std::string::npos) {
    ::close(fd);
    return;
  }
  ReceivedRequest request = ParseHead(data.substr(0, head_end + 2));
  request.body = data.substr(head_end + 4);
  {
    std::lock_guard lock(mu_);
    requests_.push_back(std::move(request));
    if (reply_.never_answer) {
      held_.push_back(fd);
      return;
    }
  }
  std::string response = "HTTP/1.1 " + reply_.status + "\r\n";
  for (const auto& [name, value] : reply_.headers) response += name + ": " + value + "\r\n";
  response += "Content-Length: " + std::to_string(reply_.body.size()) +
              "\r\nConnection: close\r\n\r\n" + reply_.body;
  ::send(fd, response.data(), response.size(), MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

}  // namespace ww::testing
