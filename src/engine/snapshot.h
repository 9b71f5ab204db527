#pragma once
// The engine's published view of the world: immutable once built, swapped
// whole about once a second, read by the API and the terminal view without
// locks on the hot path (they hold a shared_ptr<const Snapshot>).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/sample.h"
#include "core/target.h"
#include "engine/uplink_decision.h"

namespace ww {

// Machine-readable cause; the human text lives in Diagnosis::text.
enum class DiagnosisCode : std::uint8_t {
  kInitializing,
  kAllClear,
  kLocalNetwork,  // gateway unreachable (or no default route)
  kUpstream,      // gateway answers, internet does not
  kUnusual,       // gateway silent, internet fine
  kDns,           // internet reachable, name resolution failing
  kHighLoss,
  kHighLatency,
};

struct Diagnosis {
  DiagnosisCode code = DiagnosisCode::kInitializing;
  std::string text = "Initializing...";  // the original's verbatim strings where it had one
  std::string detail;                    // numbers and evidence, free text
};

struct DropRecord {
  std::int64_t id = 0;          // store row id once persisted, 0 before
  WallTime start{};             // first failed round (not the confirmation)
  std::optional<WallTime> end;  // first successful round; empty while ongoing
  double duration_sec = 0;      // end - start; while ongoing: now - start
  Diagnosis diagnosis;          // observed during the drop
  std::string uplink;           // empty: the default uplink
  std::int64_t failed_rounds = 0;
};

struct TargetStats {
  TargetId id = 0;
  std::string name;
  std::string address;  // current resolved address ("" if none yet)
  ProbeKind kind = ProbeKind::kIcmp;
  TargetRole role = TargetRole::kExternal;
  std::uint64_t total_pings = 0;    // this session
  std::uint64_t total_success = 0;  // this session
  std::uint64_t window_count = 0;   // samples in the statistics window
  std::uint64_t window_lost = 0;
  double loss_pct = 0;
  std::optional<double> avg_ms, min_ms, max_ms, jitter_ms, p50_ms, p95_ms, p99_ms;
  std::optional<Sample> last;
};

// One check of an uplink: its latest result (isp-status `gw_ping`, `ping[]`, `http[]`).
struct UplinkCheck {
  std::string target;  // address (ICMP) or URL (HTTP)
  bool ok = false;
  std::optional<double> rtt_ms;  // when answered (HTTP: total time, also for an error status)
  std::optional<int> status;     // HTTP status when one was received
  std::string error;             // ProbeError text when not ok ("" before the first probe)
  std::optional<WallTime> at;    // when the probe was sent; empty: not probed yet
};

// The isp-status view of one uplink (engine/uplink_decision.h for the rules).
struct UplinkStatus {
  std::string name;  // as shown: configured name, or the implicit uplink's interface
  std::string key;   // UplinkSpec::name: the store's key ("" for the implicit uplink)
  UplinkState state = UplinkState::kDown;
  std::string reason;  // stable code, e.g. "gateway_unreachable"
  std::string reason_text;
  std::optional<UplinkState> pending;  // state it is moving to (hysteresis)
  int pending_rounds = 0;
  std::optional<WallTime> state_since;  // when the settled state began
  std::string iface;
  std::string iface_state;  // kernel operstate: up, down, unknown, missing
  bool nat = false;
  // Empty: no gateway configured or discovered, or a NAT uplink's gateway is silent.
  std::optional<UplinkCheck> gw_ping;
  std::vector<UplinkCheck> ping;
  std::vector<UplinkCheck> http;
  double loss_pct = 0;  // ICMP targets over the statistics window
  std::optional<double> avg_ms;
  std::optional<WallTime> checked_at;  // end of the last evaluated round
};

struct Snapshot {
  WallTime generated_at{};
  WallTime session_start{};
  std::chrono::seconds window{900};  // statistics window

  int health_score = 100;
  std::string health_grade = "A+";
  double uptime_pct = 100;
  double packet_loss_pct = 0;
  std::optional<double> avg_latency, min_latency, max_latency, jitter, p50, p95, p99;
  std::string trend = "stable";            // improving / stable / degrading
  std::string trend_label = "collecting";  // + rising / falling / collecting (original)
  std::uint64_t total_pings = 0;           // external connectivity probes this session
  std::uint64_t total_success = 0;
  std::optional<double> baseline;  // mean RTT of the first 30 successful connectivity probes
  Diagnosis diagnosis;

  bool is_down = false;
  std::optional<DropRecord> current_drop;  // confirmed and ongoing
  std::uint64_t drops_this_session = 0;
  std::int64_t consecutive_failed_rounds = 0;
  std::int64_t rounds_evaluated = 0;

  std::optional<std::string> gateway_address;
  std::string interface;        // default route's interface
  std::string interface_state;  // kernel operstate: up, down, unknown, ...

  std::vector<TargetStats> targets;   // in TargetId order
  std::vector<UplinkStatus> uplinks;  // in configuration order
};

}  // namespace ww
