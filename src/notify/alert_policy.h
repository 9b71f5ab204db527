#pragma once
// Which alerts are sent (SEMANTICS.md §3 "Alerts", Hermes): pure decisions on
// events and monotonic times, no I/O and no clock of its own.
//
// Rules:
// - enabled=false: nothing is admitted, and nothing is remembered either (a
//   recovery of a problem that began while alerts were off is not sent).
// - on_drops / on_outages / on_uplink_changes filter their kinds.
// - Cooldown per key: the kind, plus the uplink for drops and uplink states
//   (two uplinks failing are two problems). A start within cooldown_minutes of
//   the last start sent for the key is suppressed.
// - An end (recovery) is sent exactly when its start was sent: never held back
//   by the cooldown, never sent after a suppressed start, nor for a start this
//   policy never saw.
// - A change (uplink DOWN -> DEGRADED) follows its open start: sent when the
//   start was sent, suppressed when it was suppressed; with no open start it
//   counts as a start.
// - Test alerts are always admitted.
// - Speed tests (OnSpeedtestResult): failure_threshold consecutive failed tests
//   raise kSpeedtestFailure (0 = off). While that alert is active further
//   failures raise nothing; the first success ends it (the recovery). Results
//   under min_download_mbps / min_upload_mbps or over max_ping_ms raise
//   kSpeedtestBelowMinimum start, and the first result within them its end; a
//   failed test changes nothing about that. The events raised still pass
//   Admit (the cooldown) like any other.
//
// Worked example (threshold 2, cooldown 60 min): fail 10:00, fail 10:10 ->
// failure start sent; fail 10:20 -> nothing; ok 10:30 -> recovery sent; fail
// 10:40, fail 10:50 -> a new failure start, but 40 min after the last one:
// suppressed; ok 11:00 -> its recovery suppressed too.
//
// Thread safety: none; the notifier calls it under its own lock.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "notify/alert_event.h"
#include "notify/alert_settings.h"

namespace ww {

// What the policy needs of one speed test result (the daemon converts its
// SpeedtestResult; keeps this module free of the speed test's types).
struct SpeedtestObservation {
  bool ok = false;
  std::string error;  // failed tests: what failed
  std::optional<double> download_mbps;
  std::optional<double> upload_mbps;
  std::optional<double> ping_ms;
  WallTime timestamp{};  // of the result; the events raised carry it
};

struct AlertPolicyCounters {
  std::uint64_t suppressed = 0;  // held back by the cooldown (and their ends)
  std::uint64_t filtered = 0;    // alerts off, or the kind's toggle off
};

class AlertPolicy {
 public:
  explicit AlertPolicy(AlertSettings settings);

  // New settings apply to the next decision; open problems stay open.
  void UpdateSettings(AlertSettings settings);
  const AlertSettings& settings() const { return settings_; }

  // True when `event` should be delivered. Records starts (for the cooldown)
  // and which problems are open.
  bool Admit(const AlertEvent& event, MonoTime now);

  // The speed test events this result raises (0, 1 or 2: a success can end a
  // failure alert and begin a below-minimum one), not yet admitted.
  std::vector<AlertEvent> OnSpeedtestResult(const SpeedtestObservation& result);

  AlertPolicyCounters counters() const { return counters_; }
  int consecutive_speedtest_failures() const { return consecutive_failures_; }

 private:
  struct OpenProblem {
    bool sent = false;  // its start was delivered (else suppressed)
  };
  bool KindEnabled(AlertKind kind) const;
  bool AdmitStart(const std::string& key, MonoTime now);
  std::optional<AlertEvent> SpeedtestFailureEvent(const SpeedtestObservation& result);
  std::optional<AlertEvent> BelowMinimumEvent(const SpeedtestObservation& result);

  AlertSettings settings_;
  std::map<std::string, MonoTime> last_start_sent_;  // cooldown key -> time
  std::map<std::string, OpenProblem> open_;          // cooldown key -> open problem
  AlertPolicyCounters counters_;

  int consecutive_failures_ = 0;
  bool failure_alert_active_ = false;
  WallTime first_failure_at_{};
  std::string last_error_;
  bool below_minimum_active_ = false;
  WallTime below_minimum_since_{};
};

// The cooldown key of an event: "drop:fiber", "outage", ...
std::string AlertCooldownKey(const AlertEvent& event);

}  // namespace ww
