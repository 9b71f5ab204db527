#pragma once
// Hermes outage detection (SEMANTICS.md §3), pure: one round of TCP connect
// probes in, zero or one event out. No I/O, no clock reads.
//
// A round fails when failures >= min(quorum, n) (quorum 2 by default; with a
// single target that one decides). DOWN after `failed_rounds_to_confirm`
// consecutive failed rounds; the start time is the first failed round's. One
// good round ends it. Not thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace ww {

struct OutageProbeResult {
  std::string target;  // "host:port"
  bool ok = false;
  std::optional<double> rtt_ms;      // set when ok
  std::optional<std::string> error;  // set when failed
};

struct OutageOptions {
  int quorum = 2;
  int failed_rounds_to_confirm = 2;
};

struct OutageEvent {
  enum class Type { kStart, kEnd };
  Type type;
  WallTime timestamp;                            // start: first failed round; end: recovery round
  std::optional<double> duration_seconds;        // end only
  std::vector<OutageProbeResult> probe_results;  // of the round that decided
  const char* event_type() const { return type == Type::kStart ? "outage_start" : "outage_end"; }
  const char* event_kind() const {
    return type == Type::kStart ? "connectivity_lost" : "connectivity_restored";
  }
};

class OutageDetector {
 public:
  enum class State { kUp, kSuspect, kDown };

  explicit OutageDetector(OutageOptions options = {});

  std::optional<OutageEvent> OnRound(WallTime round_time,
                                     const std::vector<OutageProbeResult>& probes);
  bool RoundFailed(const std::vector<OutageProbeResult>& probes) const;
  // Carries on an outage that began before a restart (a stored outage_start
  // with no end): DOWN as if confirmed, its first failed round `started_at`,
  // so the next good round ends it with the duration from that time.
  void ResumeOutage(WallTime started_at);
  State state() const { return state_; }
  int consecutive_failed_rounds() const { return consecutive_failed_; }
  // While DOWN: the outage's start (its first failed round).
  std::optional<WallTime> outage_start() const {
    return state_ == State::kDown ? std::optional<WallTime>(first_failed_at_) : std::nullopt;
  }

 private:
  OutageOptions options_;
  State state_ = State::kUp;
  int consecutive_failed_ = 0;
  WallTime first_failed_at_{};
};

}  // namespace ww
