#pragma once
// An uplink: one path to the internet (isp-status's unit of truth), with the
// targets probed through it. The config layer builds one UplinkSpec per
// configured [[uplinks]] entry (or one implicit uplink from the [probe]
// section when none is configured); the engine judges each uplink from the
// samples of its targets and the state of its interface.

#include <optional>
#include <string>
#include <vector>

#include "core/target.h"

namespace ww {

struct UplinkSpec {
  // As configured; may contain spaces and parentheses ("Liquid (BGP01)"). For
  // the implicit uplink: empty, and shown as the default route's interface
  // name (or "default" while there is no default route).
  std::string name;
  bool implicit = false;
  std::string
      interface;  // SO_BINDTODEVICE and the interface whose state counts; empty: default route's
  std::string source;            // source address to bind to; empty: none
  std::string gateway = "auto";  // "auto" (discovered), "none", or an address
  bool nat = false;              // the gateway need not answer (gw_ping null when it does not)
  std::optional<TargetId> gateway_target;  // ICMP, role gateway
  std::vector<TargetId> ping_targets;      // ICMP
  std::vector<TargetId> http_targets;      // HTTP(S)
  // Decision thresholds (engine/uplink_decision.h).
  double high_loss_pct = 5;
  double high_latency_ms = 100;
  int hysteresis_rounds = 3;
};

}  // namespace ww
