#pragma once
// A tiny HTTP/1.1 server on a loopback address for tests of HTTP clients: it
// records every connection and request (method, target, headers, body) and
// answers each with one configured reply, or never answers at all.
// One thread, plain sockets, one connection at a time; stops in its destructor.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace ww::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;  // "/path?query"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // The first header called `name` (case-insensitive), or "" when none.
  std::string Header(const std::string& name) const;
};

struct CannedReply {
  std::string status = "200 OK";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool never_answer = false;  // read the request, hold the connection, say nothing
};

class LoopbackHttpServer {
 public:
  // `port` 0 lets the kernel choose. Throws std::runtime_error when it cannot bind.
  explicit LoopbackHttpServer(CannedReply reply = {}, const std::string& address = "127.0.0.1",
                              std::uint16_t port = 0);
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  std::uint16_t port() const { return port_; }
  int connections() const { return connections_.load(); }
  std::vector<ReceivedRequest> requests() const;
  // Polls until `count` requests arrived or `deadline` passed.
  bool WaitForRequests(std::size_t count, std::chrono::milliseconds deadline) const;

 private:
  void Serve();
  void Handle(int fd);

  CannedReply reply_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mu_;
  std::vector<ReceivedRequest> requests_;
  std::vector<int> held_;  // connections left unanswered, closed at the end
  std::thread thread_;
};

}  // namespace ww::testing
