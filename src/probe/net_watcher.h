#pragma once
// Watches the default route and its interface: an rtnetlink subscription
// (RTMGRP_LINK | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE) on the probe io_context
// says "something changed"; we do not decode the messages but re-read the
// tables (net_watcher_state.h) `coalesce` after the first event of a burst, and
// every `poll_interval` as a fallback (lost events, ENOBUFS, no netlink). The
// callback runs with the new NetworkState only when it differs from the last
// one reported; the first read is always reported.
//
// Example: `ip route replace default via 192.0.2.9` emits RTM_NEWROUTE (and a
// RTM_DELROUTE for the old one); both land within the 200 ms window, so the
// tables are read once and the callback sees gw4 change from .1 to .9 once.
//
// The netlink socket belongs to the network namespace of the thread that calls
// Start; the file paths are read by the thread running the io_context.
//
// Thread safety: single-threaded; construct, Start, Stop and destroy on the
// io_context's thread. The callback runs there, never inside Start. Destroying
// the watcher is safe while its timers and waits are still queued.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/result.h"
#include "probe/net_watcher_state.h"

namespace ww {

struct NetWatcherOptions {
  std::string interface;  // watch this device (an uplink's); empty: the default route's
  NetworkSources sources;
  std::chrono::milliseconds coalesce{200};
  std::chrono::milliseconds poll_interval{30000};
  bool netlink = true;  // false: poll only
};

class NetWatcher {
 public:
  using Callback = std::function<void(const NetworkState&)>;

  NetWatcher(boost::asio::io_context& io, NetWatcherOptions options, Callback callback);
  ~NetWatcher();
  NetWatcher(const NetWatcher&) = delete;
  NetWatcher& operator=(const NetWatcher&) = delete;

  // Opens the netlink socket (when enabled) and schedules the first read. If
  // netlink cannot be opened, logs why and polls only (netlink_active() false).
  // An invalid interface name is an error, and then nothing is started.
  Status Start();
  void Stop();

  const NetworkState& state() const { return state_; }
  // Tables read so far (for tests and self-health: proves polling is alive).
  std::uint64_t refresh_count() const { return refresh_count_; }
  std::uint64_t netlink_events() const { return netlink_events_; }
  bool netlink_active() const { return netlink_.is_open(); }

 private:
  Status OpenNetlink();
  void WaitNetlink();
  void OnNetlinkReadable();
  void ScheduleRefresh();
  void SchedulePoll();
  void Refresh();

  boost::asio::io_context& io_;
  const NetWatcherOptions options_;
  Callback callback_;
  boost::asio::posix::stream_descriptor netlink_;
  boost::asio::steady_timer coalesce_timer_;
  boost::asio::steady_timer poll_timer_;
  bool running_ = false;
  bool refresh_pending_ = false;
  bool reported_ = false;
  NetworkState state_;
  std::vector<std::string> last_errors_;
  std::uint64_t refresh_count_ = 0;
  std::uint64_t netlink_events_ = 0;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // see the handlers
};

}  // namespace ww
