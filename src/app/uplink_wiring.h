#pragma once
// The daemon's isp-status wiring: a NetWatcher per uplink bound to its own
// interface (its operstate and, with gateway "auto", its gateway), the
// default-route watcher's gateway handed to every uplink that follows the
// default route, and the runner of /api/status?live=1 rounds (probe loop →
// engine thread → waiting HTTP calls).
//
// Thread safety: build and start on the main thread before the probe loop
// runs, destroy after it has stopped (NetWatcher's rule).

#include <memory>
#include <optional>
#include <vector>

#include "api/live_rounds.h"
#include "app/engine_runner.h"
#include "core/ip_address.h"
#include "core/uplink.h"
#include "probe/net_watcher.h"
#include "probe/probe_service.h"

namespace ww {

LinkState ToLinkState(const NetworkState& net, const std::string& uplink = "");

// Without ICMP sockets the implicit uplink is judged on the TCP targets that
// PromoteTcpToConnectivity made the connectivity probes (configured uplinks
// keep their ICMP targets, which then fail: their HTTP checks still count).
void UseTcpWhereIcmpIsUnavailable(std::vector<UplinkSpec>& uplinks,
                                  const std::vector<TargetSpec>& targets);

// One watcher per uplink with its own interface; failures to start are logged.
std::vector<std::unique_ptr<NetWatcher>> StartUplinkWatchers(const std::vector<UplinkSpec>& uplinks,
                                                             ProbeService& probes,
                                                             EngineRunner& engine);

// Hands a default-route gateway to every "auto" uplink that has no interface of its own.
void SetDefaultRouteGateways(const std::vector<UplinkSpec>& uplinks, ProbeService& probes,
                             std::optional<IpAddress> gateway);

// Every check of every uplink, probed once, then judged on the engine thread.
LiveRounds::Runner MakeLiveRoundRunner(const std::vector<UplinkSpec>& uplinks, ProbeService& probes,
                                       EngineRunner& engine);

// How long a live round may take: its slowest check's timeout, plus slack.
Duration LiveRoundDeadline(const std::vector<UplinkSpec>& uplinks,
                           const std::vector<TargetSpec>& targets);

}  // namespace ww
