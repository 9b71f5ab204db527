#include "probe/net_watcher.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <spdlog/spdlog.h>

namespace ww {
namespace {

constexpr int kMaxDrainPerWakeup = 256;  // then wait again: never starve the loop
constexpr std::size_t kNetlinkBuffer = 16384;

}  // namespace

NetWatcher::NetWatcher(boost::asio::io_context& io, NetWatcherOptions options, Callback callback)
    : io_(io),
      options_(std::move(options)),
      callback_(std::move(callback)),
      netlink_(io),
      coalesce_timer_(io),
      poll_timer_(io) {}

NetWatcher::~NetWatcher() {
  alive_.reset();
  Stop();
}

Status NetWatcher::Start() {
  if (running_) return Status::Ok();
  if (!options_.interface.empty() && !IsValidInterfaceName(options_.interface)) {
    return Status::Error("net watcher: interface name '" + options_.interface + "' is invalid");
  }
  if (options_.netlink) {
    if (Status s = OpenNetlink(); s.ok()) {
      WaitNetlink();
    } else {
      spdlog::warn("net watcher: {}; polling every {} ms instead", s.message(),
                   options_.poll_interval.count());
    }
  }
  running_ = true;
  ScheduleRefresh();  // the first read, on the loop
  SchedulePoll();
  return Status::Ok();
}

void NetWatcher::Stop() {
  running_ = false;
  refresh_pending_ = false;
  coalesce_timer_.cancel();
  poll_timer_.cancel();
  boost::system::error_code ignored;
  netlink_.close(ignored);
}

Status NetWatcher::OpenNetlink() {
  const int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
  if (fd < 0) return Status::Error(std::string("netlink socket: ") + std::strerror(errno));
  sockaddr_nl address{};
  address.nl_family = AF_NETLINK;
  address.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE;
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const int err = errno;
    ::close(fd);
    return Status::Error(std::string("netlink bind to route groups: ") + std::strerror(err));
  }
  boost::system::error_code ec;
  netlink_.assign(fd, ec);
  if (ec) {
    ::close(fd);
    return Status::Error("netlink socket: " + ec.message());
  }
  return Status::Ok();
}

void NetWatcher::WaitNetlink() {
  netlink_.async_wait(
      boost::asio::posix::stream_descriptor::wait_read,
      [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
        if (alive.expired() || ec || !running_) return;
        OnNetlinkReadable();
      });
}

void NetWatcher::OnNetlinkReadable() {
  // The messages only say that something changed; the tables say what.
  std::array<char, kNetlinkBuffer> buffer;
  for (int i = 0; i < kMaxDrainPerWakeup; ++i) {
    const ssize_t n = ::recv(netlink_.native_handle(), buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n > 0) {
      ++netlink_events_;
      continue;
    }
    if (n < 0 && errno == ENOBUFS) {  // the kernel dropped events: re-read anyway
      ++netlink_events_;
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      spdlog::warn("net watcher: netlink receive failed: {}", std::strerror(errno));
    }
    break;
  }
  ScheduleRefresh();
  WaitNetlink();
}

void NetWatcher::ScheduleRefresh() {
  if (refresh_pending_ || !running_) return;
  refresh_pending_ = true;
  coalesce_timer_.expires_after(reported_ ? options_.coalesce : std::chrono::milliseconds(0));
  coalesce_timer_.async_wait(
      [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
        if (alive.expired() || ec || !running_) return;
        refresh_pending_ = false;
        Refresh();
      });
}

void NetWatcher::SchedulePoll() {
  poll_timer_.expires_after(options_.poll_interval);
  poll_timer_.async_wait(
      [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
        if (alive.expired() || ec || !running_) return;
        SchedulePoll();
        Refresh();
      });
}

void NetWatcher::Refresh() {
  std::vector<std::string> errors;
  NetworkState next = ReadNetworkState(options_.sources, options_.interface, errors);
  ++refresh_count_;
  if (errors != last_errors_) {  // log a problem once, not on every poll
    for (const auto& e : errors) spdlog::warn("net watcher: {}", e);
    last_errors_ = std::move(errors);
  }
  if (reported_ && next == state_) return;
  reported_ = true;
  state_ = std::move(next);
  spdlog::info("net watcher: {}", state_.ToString());
  callback_(state_);  // last: the callback may destroy us
}

}  // namespace ww
