#pragma once
// Follows one uplink (isp-status): the latest result of each of its checks,
// the state of its interface, a decision per probe round with hysteresis
// (engine/uplink_decision.h), and the minute history (each minute's worst
// settled state and its ICMP figures) handed to the store.
//
// A round is judged when every ping target of the uplink has answered or
// timed out in it (an uplink with HTTP checks only: every HTTP check). The
// gateway and HTTP checks contribute their latest result. Loss and latency
// thresholds are judged over the last kQualityRounds rounds, so an uplink
// recovers from a loss burst within a minute.
//
// The minute in progress is reported again every kMinuteRefresh (the store
// keeps the worse state and larger counts), so the stored history is never
// more than that behind: /api/health reads its freshness.
//
// Not thread-safe: owned by the engine.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/sample.h"
#include "core/target.h"
#include "core/uplink.h"
#include "engine/round_collector.h"
#include "engine/snapshot.h"
#include "engine/uplink_decision.h"
#include "engine/uplink_history.h"
#include "engine/uplink_transition.h"

namespace ww {

// An interface as the kernel reports it.
struct UplinkLink {
  std::string interface;               // "" when there is no default route
  std::string operstate = "unknown";   // up, down, lowerlayerdown, unknown, notpresent
  std::optional<std::string> gateway;  // discovered gateway address
};

struct UplinkMinuteRecord {
  std::string uplink;  // UplinkSpec::name ("" for the implicit uplink)
  UplinkMinute minute;
};

// The checks of an uplink gathered for one decision; also built from a live round.
struct UplinkChecks {
  // nullopt: no gateway check configured, no result yet, or no gateway address known.
  std::optional<UplinkCheck> gateway;
  std::optional<bool> gateway_ok;  // nullopt: no verdict about the gateway
  std::vector<UplinkCheck> ping;
  std::vector<UplinkCheck> http;
};

class UplinkTracker {
 public:
  static constexpr std::size_t kQualityRounds = 60;
  static constexpr std::int64_t kMinuteRefreshMs = 15'000;

  UplinkTracker(UplinkSpec spec, const std::vector<TargetSpec>& targets);

  bool Owns(TargetId target) const;
  // A sample of one of this uplink's targets. May complete rounds (judged at
  // once) and minutes (appended to `minutes`).
  void OnSample(const Sample& sample, std::vector<UplinkMinuteRecord>& minutes);
  void OnLink(const UplinkLink& link) { link_ = link; }

  // The uplink as shown at `now`.
  UplinkStatus Status() const;
  const UplinkSpec& spec() const { return spec_; }
  const UplinkLink& link() const { return link_; }

  // The decision for a set of checks on this uplink's interface, without
  // hysteresis (a live round), judged with this uplink's thresholds and its
  // recent loss and latency.
  UplinkDecision Judge(const UplinkChecks& checks) const;
  // The checks as they stand: latest results of each target.
  UplinkChecks Latest() const;
  // One check from a sample of target `id` (address of a discovered gateway from the link).
  UplinkCheck CheckFrom(TargetId id, const Sample& sample) const;
  std::string DisplayName() const;
  // The uplink as judged from `live` samples of its targets (others keep their
  // latest results), without hysteresis: /api/status?live=1.
  UplinkStatus LiveStatus(const std::vector<Sample>& live, WallTime now) const;
  // Reports the minute in progress (at shutdown).
  void Flush(std::vector<UplinkMinuteRecord>& minutes) { EmitMinute(minutes); }
  // Settled state changes since the last call (engine/uplink_transition.h), appended to `out`.
  void TakeChanges(std::vector<UplinkStateChange>& out);

 private:
  struct RoundQuality {
    std::uint32_t sent = 0, lost = 0;
    double sum_ms = 0;
  };

  void OnRound(const Round& round, std::vector<UplinkMinuteRecord>& minutes);
  void Accumulate(const Round& round);
  void EmitMinute(std::vector<UplinkMinuteRecord>& minutes);
  UplinkCheck Unprobed(TargetId id) const;
  std::size_t IndexOf(TargetId id) const;  // ids_.size() when not ours
  void SetGateway(UplinkChecks& checks, TargetId id, const Sample& sample) const;
  std::optional<UplinkCheck> ShownGateway(const UplinkChecks& checks) const;
  // Loss % and mean RTT over the quality window.
  std::pair<double, std::optional<double>> Quality() const;
  std::string Address(TargetId id) const;

  UplinkSpec spec_;
  std::vector<TargetSpec> owned_;  // copies of its targets' specs, indexed by TargetId via ids_
  std::vector<TargetId> ids_;
  std::vector<std::optional<Sample>> last_;  // parallel to ids_
  std::vector<TargetId> round_members_;      // ping targets, else HTTP targets
  RoundCollector rounds_;
  UplinkHysteresis hysteresis_;
  UplinkTransitionDetector transitions_;
  std::vector<UplinkStateChange> changes_;
  UplinkLink link_;
  std::optional<WallTime> checked_at_;
  std::optional<WallTime> state_since_;
  std::deque<RoundQuality> quality_;
  std::optional<UplinkMinute> minute_;  // the minute in progress
  std::int64_t minute_reported_ms_ = 0;
};

}  // namespace ww
