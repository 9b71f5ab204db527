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

  std::vector<TargetStats> targets;  // in TargetId order
};

}  // namespace ww
