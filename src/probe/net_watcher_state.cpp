#include "probe/net_watcher_state.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace ww {
namespace {

// Returns false (and says why) when the file cannot be read.
bool ReadFile(const std::string& path, std::string& out, bool missing_ok,
              std::vector<std::string>& errors) {
  std::ifstream in(path);
  if (!in) {
    if (!(missing_ok && errno == ENOENT)) {
      errors.push_back("cannot read " + path + ": " + std::strerror(errno));
    }
    return false;
  }
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

}  // namespace

std::string NetworkState::ToString() const {
  std::string s = "iface=" + (interface.empty() ? std::string("none") : interface);
  s += " (" + std::string(ww::ToString(operstate)) + ")";
  s += " gw4=" + (gateway_v4 ? gateway_v4->ToString() : std::string("none"));
  s += " gw6=" + (gateway_v6 ? gateway_v6->ToString() : std::string("none"));
  return s;
}

NetworkState ComputeNetworkState(const RouteTable& v4, const RouteTable& v6,
                                 std::string_view configured_interface,
                                 const OperStateLookup& operstate) {
  NetworkState state;
  std::string iface(configured_interface);
  if (iface.empty()) {
    if (auto r = BestDefaultRoute(v4)) {
      iface = r->interface;
    } else if (auto r6 = BestDefaultRoute(v6)) {
      iface = r6->interface;
    }
  }
  state.interface = iface;
  if (iface.empty()) {
    state.operstate = OperState::kNotPresent;
    return state;
  }
  if (auto r = BestDefaultRoute(v4, iface)) state.gateway_v4 = r->gateway;
  if (auto r = BestDefaultRoute(v6, iface)) state.gateway_v6 = r->gateway;
  state.operstate = operstate(iface);
  return state;
}

NetworkState ReadNetworkState(const NetworkSources& sources, std::string_view configured_interface,
                              std::vector<std::string>& errors) {
  RouteTable v4, v6;
  std::string text;
  if (ReadFile(sources.route_path, text, false, errors)) {
    v4 = ParseIpv4RouteTable(text, sources.route_path);
  }
  text.clear();
  if (ReadFile(sources.ipv6_route_path, text, true, errors)) {
    v6 = ParseIpv6RouteTable(text, sources.ipv6_route_path);
  }
  errors.insert(errors.end(), v4.errors.begin(), v4.errors.end());
  errors.insert(errors.end(), v6.errors.begin(), v6.errors.end());
  return ComputeNetworkState(v4, v6, configured_interface, [&](std::string_view iface) {
    auto state = ReadOperState(sources.sysfs_net_dir, iface);
    if (state.ok()) return *state;
    errors.push_back(state.error());
    return OperState::kUnknown;
  });
}

}  // namespace ww
