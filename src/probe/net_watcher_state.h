#pragma once
// What the NetWatcher reports: the default gateways and the interface they use,
// with its operational state. ComputeNetworkState is the pure decision, so the
// choice of interface and gateways is tested with canned tables.
//
// Interface choice: the configured one (an uplink's device) when given; else
// the interface of the best IPv4 default route; else that of the best IPv6
// default route; else none. Gateways are the best default routes on that
// interface (a v6 default on another interface is another uplink's business).
//
// Thread safety: value types and stateless functions.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip_address.h"
#include "probe/interface_state.h"
#include "probe/route_table.h"

namespace ww {

struct NetworkState {
  std::optional<IpAddress> gateway_v4;
  std::optional<IpAddress> gateway_v6;  // may be link-local: use with `interface`
  std::string interface;                // empty when there is no default route
  OperState operstate = OperState::kUnknown;

  friend bool operator==(const NetworkState&, const NetworkState&) = default;
  std::string ToString() const;  // "iface=eth0 (up) gw4=192.0.2.1 gw6=none", for logs
};

using OperStateLookup = std::function<OperState(std::string_view interface)>;

NetworkState ComputeNetworkState(const RouteTable& v4, const RouteTable& v6,
                                 std::string_view configured_interface,
                                 const OperStateLookup& operstate);

// Where the tables live; tests and network namespaces point elsewhere (a thread
// in its own netns reads /proc/thread-self/net/..., since /proc/net follows the
// main thread).
struct NetworkSources {
  std::string route_path = "/proc/net/route";
  std::string ipv6_route_path = "/proc/net/ipv6_route";
  std::string sysfs_net_dir = "/sys/class/net";
};

// Reads the sources and computes the state. Problems (unreadable route table,
// bad lines, unreadable operstate) go to `errors`; a missing ipv6_route (IPv6
// disabled) is not one. What could be read still counts.
NetworkState ReadNetworkState(const NetworkSources& sources, std::string_view configured_interface,
                              std::vector<std::string>& errors);

}  // namespace ww
