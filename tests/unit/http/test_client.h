#pragma once
// A deliberately crude HTTP/1.1 client for server tests: raw bytes out (so a
// test can send half a header, a slow trickle or a malformed request), Beast's
// response parser in, and a deadline on every wait.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ww::test_http {

struct ClientResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  bool keep_alive = false;

  std::optional<std::string> Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
  }
};

class TestConnection {
 public:
  // Connects to 127.0.0.1:port; nullptr on failure.
  static std::unique_ptr<TestConnection> Connect(std::uint16_t port,
                                                 std::string_view host = "127.0.0.1");
  ~TestConnection();
  TestConnection(const TestConnection&) = delete;
  TestConnection& operator=(const TestConnection&) = delete;

  // Sends all bytes; false when the peer closed or the deadline passed.
  bool Send(std::string_view data,
            std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  // Reads one response (interim 1xx responses are returned on their own).
  // head: the response to a HEAD request (no body even with Content-Length).
  std::optional<ClientResponse> ReadResponse(
      bool head = false, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  // True when the server closes (EOF or reset) within the timeout; data is discarded.
  bool WaitClosed(std::chrono::milliseconds timeout);
  // Bytes received but not consumed by ReadResponse.
  std::size_t pending() const { return pending_.size(); }

 private:
  explicit TestConnection(int fd) : fd_(fd) {}
  // Appends what arrives before the deadline; false on EOF, error or timeout.
  bool ReceiveMore(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string pending_;
};

// One request on a new connection: GET-style convenience for tests.
std::optional<ClientResponse> Fetch(std::uint16_t port, std::string_view method,
                                    std::string_view target, std::string_view extra_headers = "",
                                    std::string_view body = "");

}  // namespace ww::test_http
