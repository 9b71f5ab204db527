#pragma once
// The monitoring engine: samples and link state in; statistics, diagnosis,
// drop events and Snapshots out. Pure logic: no I/O, no clock reads (the
// caller passes `now`), so every number is unit-testable with made-up input.
// Not thread-safe: one engine thread owns it and publishes Snapshots.

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/sample.h"
#include "core/target.h"
#include "engine/diagnosis.h"
#include "engine/drop_detector.h"
#include "engine/round_collector.h"
#include "engine/sample_window.h"
#include "engine/snapshot.h"
#include "engine/uplink_tracker.h"

namespace ww {

struct EngineOptions {
  std::chrono::seconds window{900};  // statistics window
  int drop_threshold = 3;
  double high_loss_pct = 5;
  double high_latency_ms = 100;
};

// The default route as the kernel reports it, or (uplink set) the interface
// and gateway of an uplink bound to its own interface.
struct LinkState {
  std::optional<std::string> gateway;  // empty: no default route
  std::string interface;
  std::string operstate = "unknown";  // /sys/class/net/<if>/operstate
  std::string uplink;                 // UplinkSpec::name; empty: the default route
};

class Engine {
 public:
  // `uplinks` (isp-status) name their targets by TargetId in `targets`.
  Engine(std::vector<TargetSpec> targets, EngineOptions options, WallTime session_start,
         std::vector<UplinkSpec> uplinks = {});

  // Feeds one probe result; returns the drop events it caused (in order).
  std::vector<DropEvent> OnSample(const Sample& sample);
  void OnLinkState(const LinkState& link);
  std::shared_ptr<const Snapshot> MakeSnapshot(WallTime now);

  const std::vector<TargetSpec>& targets() const { return targets_; }

  // Minutes of uplink history completed (or refreshed) since the last call, for the store.
  std::vector<UplinkMinuteRecord> TakeUplinkMinutes();
  // Uplinks' settled state changes since the last call, in the order they happened.
  std::vector<UplinkStateChange> TakeUplinkChanges();
  // The default route's link as last reported.
  const LinkState& link() const { return link_; }
  // At shutdown: the minutes in progress.
  std::vector<UplinkMinuteRecord> FlushUplinkMinutes();
  // /api/status?live=1: every uplink judged from these fresh samples (no hysteresis).
  std::vector<UplinkStatus> JudgeLive(const std::vector<Sample>& samples, WallTime now) const;

 private:
  struct TargetState {
    SampleWindow window;
    std::optional<Sample> last;
  };

  void OnRound(const Round& round, std::vector<DropEvent>& events);
  DiagnosisInputs CurrentInputs() const;
  GatewayState Gateway() const;
  bool DnsFailing(bool& monitored) const;
  // Window figures of the connectivity targets, summed while building a snapshot.
  struct Overall {
    std::uint64_t count = 0, lost = 0, jitter_pairs = 0;
    double jitter_sum = 0;
    std::vector<double> rtts;
  };
  void FillOverall(Overall& overall, Snapshot& snap);

  std::vector<TargetSpec> targets_;
  EngineOptions options_;
  WallTime session_start_;
  std::vector<TargetState> state_;
  std::optional<TargetId> gateway_id_;
  RoundCollector rounds_;
  DropDetector drops_;
  LinkState link_;
  std::vector<UplinkTracker> uplinks_;
  std::vector<UplinkMinuteRecord> uplink_minutes_;
  std::vector<UplinkStateChange> uplink_changes_;
  std::int64_t rounds_evaluated_ = 0;
  std::uint64_t drops_this_session_ = 0;
  std::deque<double> recent_round_rtts_;  // mean RTT of recent successful rounds
  double baseline_sum_ = 0;
  int baseline_count_ = 0;
  // The last snapshot's window figures, used to diagnose between snapshots.
  double last_loss_pct_ = 0;
  std::optional<double> last_avg_ms_;
};

}  // namespace ww
