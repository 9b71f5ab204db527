#pragma once
// What is wrong, in words a user reads on the dashboard. The original
// Connectivity Monitor's strings are kept verbatim (scripts match on them);
// ours follow their style (SEMANTICS.md §1). Pure.

#include <optional>
#include <string_view>

#include "engine/snapshot.h"

namespace ww {

enum class GatewayState { kNotMonitored, kOk, kFailing, kNoRoute };

struct DiagnosisInputs {
  bool any_round = false;      // false before the first round was evaluated
  bool internet_down = false;  // the latest round failed on every connectivity target
  GatewayState gateway = GatewayState::kNotMonitored;
  bool interface_down = false;  // kernel operstate of the default route's interface
  bool dns_monitored = false;
  bool dns_failing = false;  // every DNS check's latest result failed
  double loss_pct = 0;       // over the statistics window
  std::optional<double> avg_ms;
  double high_loss_pct = 5;
  double high_latency_ms = 100;
};

// Decision order: initializing; internet down -> local (interface down, no
// route, gateway failing) or upstream (gateway answers or is not monitored);
// internet up -> DNS failing, high loss, high latency, gateway silent
// ("Unusual state"), all clear.
Diagnosis Diagnose(const DiagnosisInputs& in);

// Stable machine-readable code: "all_clear", "local_network", ... The API
// shows it and the store keeps it, so the enum may be reordered or grown
// without rewriting old rows.
std::string_view DiagnosisCodeName(DiagnosisCode code);
// Unknown names (a newer build's, or damaged rows) give nothing.
std::optional<DiagnosisCode> ParseDiagnosisCode(std::string_view name);

}  // namespace ww
