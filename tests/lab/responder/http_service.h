#pragma once
// A minimal HTTP/1.1 server on TCP (port 80 by default) for every local
// address: reads one request head (bounded size and time), answers with the
// configured status and a small body, and closes. Impairments act on the
// response: delay holds it back; loss and down leave the request unanswered
// (the connection is kept open until the client gives up, as a hung server
// would, and closed by us after kHoldTimeout at the latest).
// Thread safety: event-loop thread only.

#include <cstdint>
#include <string>
#include <unordered_map>

#include "responder_state.h"

namespace ww::lab {

class HttpService {
 public:
  HttpService(ResponderState& state, std::uint16_t port) : state_(state), port_(port) {}
  ~HttpService();
  HttpService(const HttpService&) = delete;
  HttpService& operator=(const HttpService&) = delete;

  Status Start();

 private:
  struct Conn {
    std::uint64_t serial = 0;
    std::string head;
    std::uint32_t local = 0;
    EventLoop::TimerId timer = 0;
    bool answered_or_dropped = false;
  };
  void OnAccept();
  void OnReadable(int fd);
  void OnRequest(int fd, Conn& conn);
  void Respond(int fd, std::uint64_t serial);
  void Close(int fd);

  ResponderState& state_;
  std::uint16_t port_;
  int listener_ = -1;
  std::uint64_t next_serial_ = 1;
  std::unordered_map<int, Conn> conns_;
};

}  // namespace ww::lab
