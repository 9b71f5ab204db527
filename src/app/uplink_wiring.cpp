#include "app/uplink_wiring.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace ww {
namespace {

std::vector<TargetId> ChecksOf(const UplinkSpec& u) {
  std::vector<TargetId> ids;
  if (u.gateway_target) ids.push_back(*u.gateway_target);
  ids.insert(ids.end(), u.ping_targets.begin(), u.ping_targets.end());
  ids.insert(ids.end(), u.http_targets.begin(), u.http_targets.end());
  return ids;
}

std::optional<IpAddress> GatewayOf(const NetworkState& net) {
  return net.gateway_v4 ? net.gateway_v4 : net.gateway_v6;
}

}  // namespace

LinkState ToLinkState(const NetworkState& net, const std::string& uplink) {
  LinkState link;
  if (auto gateway = GatewayOf(net)) link.gateway = gateway->ToString();
  link.interface = net.interface;
  link.operstate = std::string(ToString(net.operstate));
  link.uplink = uplink;
  return link;
}

void UseTcpWhereIcmpIsUnavailable(std::vector<UplinkSpec>& uplinks,
                                  const std::vector<TargetSpec>& targets) {
  for (UplinkSpec& u : uplinks) {
    if (!u.implicit) {
      if (!u.ping_targets.empty()) {
        spdlog::warn("uplink '{}': no ICMP sockets, its ping targets will count as failed", u.name);
      }
      continue;
    }
    u.ping_targets.clear();
    for (TargetId id = 0; id < targets.size(); ++id) {
      if (targets[id].connectivity && targets[id].kind == ProbeKind::kTcp) {
        u.ping_targets.push_back(id);
      }
    }
  }
}

std::vector<std::unique_ptr<NetWatcher>> StartUplinkWatchers(const std::vector<UplinkSpec>& uplinks,
                                                             ProbeService& probes,
                                                             EngineRunner& engine) {
  std::vector<std::unique_ptr<NetWatcher>> watchers;
  for (const UplinkSpec& u : uplinks) {
    if (u.implicit || u.interface.empty()) continue;  // the default route's watcher covers it
    NetWatcherOptions options;
    options.interface = u.interface;
    const bool discover = u.gateway == "auto";
    const std::string name = u.name;
    auto watcher = std::make_unique<NetWatcher>(
        probes.context(), options, [&probes, &engine, name, discover](const NetworkState& net) {
          spdlog::info("uplink '{}': {}", name, net.ToString());
          if (discover) probes.SetGatewayAddress(GatewayOf(net), name);
          engine.Post(ToLinkState(net, name));
        });
    if (Status s = watcher->Start(); !s.ok()) {
      spdlog::warn("uplink '{}': interface watcher: {}", name, s.message());
    }
    watchers.push_back(std::move(watcher));
  }
  return watchers;
}

void SetDefaultRouteGateways(const std::vector<UplinkSpec>& uplinks, ProbeService& probes,
                             std::optional<IpAddress> gateway) {
  for (const UplinkSpec& u : uplinks) {
    // The implicit uplink's gateway target is the [probe] one (uplink ""), set by the caller.
    if (u.implicit || !u.interface.empty() || u.gateway != "auto") continue;
    probes.SetGatewayAddress(gateway, u.name);
  }
}

LiveRounds::Runner MakeLiveRoundRunner(const std::vector<UplinkSpec>& uplinks, ProbeService& probes,
                                       EngineRunner& engine) {
  std::vector<TargetId> ids;
  for (const UplinkSpec& u : uplinks) {
    for (TargetId id : ChecksOf(u)) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
  }
  return [&probes, &engine, ids](std::function<void(std::vector<UplinkStatus>)> done) {
    probes.ProbeNow(ids, [&engine, done = std::move(done)](std::vector<Sample> samples) {
      engine.Post(LiveRoundInput{std::move(samples), done});
    });
  };
}

Duration LiveRoundDeadline(const std::vector<UplinkSpec>& uplinks,
                           const std::vector<TargetSpec>& targets) {
  Millis slowest{0};
  for (const UplinkSpec& u : uplinks) {
    for (TargetId id : ChecksOf(u)) {
      if (id < targets.size()) slowest = std::max(slowest, targets[id].timeout);
    }
  }
  return slowest + std::chrono::seconds(2);
}

}  // namespace ww
