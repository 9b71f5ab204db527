#include "control_service.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "socket_util.h"

namespace ww::lab {
namespace {
constexpr std::size_t kMaxConnections = 16;
constexpr std::size_t kMaxLine = 1024;
constexpr auto kReadTimeout = std::chrono::seconds(5);
}  // namespace

ControlService::~ControlService() {
  while (!conns_.empty()) Close(conns_.begin()->first);
  if (listener_ >= 0) {
    loop_.Unwatch(listener_);
    close(listener_);
    unlink(path_.c_str());
  }
}

Status ControlService::Start() {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path_.empty() || path_.size() >= sizeof addr.sun_path) {
    return Status::Error("control socket path '" + path_ + "' is empty or longer than " +
                         std::to_string(sizeof addr.sun_path - 1) + " bytes");
  }
  std::memcpy(addr.sun_path, path_.c_str(), path_.size() + 1);
  listener_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  unlink(path_.c_str());  // a stale socket of a dead run
  if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return Status::Error(ErrnoText("control socket '" + path_ + "': bind"));
  }
  if (listen(listener_, 16) != 0) return Status::Error(ErrnoText("control socket: listen"));
  return loop_.Watch(listener_, EPOLLIN, [this](std::uint32_t) { OnAccept(); });
}

void ControlService::OnAccept() {
  for (int i = 0; i < 16; ++i) {
    const int fd = accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    if (conns_.size() >= kMaxConnections) {
      close(fd);
      continue;
    }
    Conn& c = conns_[fd];
    c.serial = next_serial_++;
    const std::uint64_t serial = c.serial;
    c.timer = loop_.At(loop_.clock().Now() + kReadTimeout, [this, fd, serial] {
      auto it = conns_.find(fd);
      if (it != conns_.end() && it->second.serial == serial) Close(fd);
    });
    if (!loop_.Watch(fd, EPOLLIN, [this, fd](std::uint32_t) { OnReadable(fd); })) Close(fd);
  }
}

void ControlService::OnReadable(int fd) {
  auto it = conns_.find(fd);
  if (it == conns_.end()) return;
  char buf[512];
  const ssize_t n = read(fd, buf, sizeof buf);
  if (n <= 0) {
    if (n == 0 || (errno != EAGAIN && errno != EINTR)) Close(fd);
    return;
  }
  std::string& line = it->second.line;
  line.append(buf, static_cast<std::size_t>(n));
  const auto eol = line.find('\n');
  if (eol == std::string::npos && line.size() <= kMaxLine) return;
  std::string reply = eol == std::string::npos ? "error: control: command longer than 1024 bytes"
                                               : handler_(line.substr(0, eol));
  reply += '\n';
  // Replies are short; the client is waiting for them, so one write suffices.
  [[maybe_unused]] auto w = send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
  Close(fd);
}

void ControlService::Close(int fd) {
  auto it = conns_.find(fd);
  if (it == conns_.end()) return;
  loop_.Cancel(it->second.timer);
  loop_.Unwatch(fd);
  close(fd);
  conns_.erase(it);
}

}  // namespace ww::lab
