#pragma once
// The responder's control socket: a UNIX stream socket; a client connects,
// writes one command line (control_command.h), reads one reply line, and the
// server closes. Bounded: line length, connection count and a read deadline.
// Thread safety: event-loop thread only.

#include <functional>
#include <string>
#include <unordered_map>

#include "event_loop.h"

namespace ww::lab {

class ControlService {
 public:
  using Handler = std::function<std::string(const std::string& line)>;
  ControlService(EventLoop& loop, std::string path, Handler handler)
      : loop_(loop), path_(std::move(path)), handler_(std::move(handler)) {}
  ~ControlService();
  ControlService(const ControlService&) = delete;
  ControlService& operator=(const ControlService&) = delete;

  Status Start();

 private:
  struct Conn {
    std::uint64_t serial = 0;
    std::string line;
    EventLoop::TimerId timer = 0;
  };
  void OnAccept();
  void OnReadable(int fd);
  void Close(int fd);

  EventLoop& loop_;
  std::string path_;
  Handler handler_;
  int listener_ = -1;
  std::uint64_t next_serial_ = 1;
  std::unordered_map<int, Conn> conns_;
};

}  // namespace ww::lab
