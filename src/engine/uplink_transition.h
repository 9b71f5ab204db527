#pragma once
// An uplink's settled state changes, as alerts see them (issue 6: "uplink
// state change"). Fed the settled state after every judged round (the
// hysteresis has already run, so a pending state never counts); reports
//   UP -> DEGRADED/DOWN          kStart   (the uplink got worse than UP)
//   DEGRADED/DOWN -> UP          kEnd     (with how long it was not UP)
//   DOWN <-> DEGRADED            kChange
// The first judgement after start-up is the state found, not a change. An
// uplink found not UP at start-up that later comes UP still ends: its time
// not UP counts from that first judgement (a lower bound).
//
// Pure; one per uplink, owned by its UplinkTracker.

#include <optional>
#include <string>

#include "core/clock.h"
#include "engine/uplink_decision.h"

namespace ww {

struct UplinkTransition {
  enum class Kind { kStart, kEnd, kChange };
  Kind kind = Kind::kChange;
  UplinkState from = UplinkState::kDown;
  UplinkState to = UplinkState::kDown;
  WallTime at{};                         // the round that settled the new state
  std::optional<double> not_up_seconds;  // kEnd: since the uplink was last UP
};

// A transition with the uplink it belongs to, as the engine hands it out.
struct UplinkStateChange {
  std::string uplink;  // UplinkSpec::name ("" for the implicit uplink)
  std::string name;    // as shown: the implicit uplink's interface, else the name
  UplinkTransition transition;
  std::string reason;       // the new state's reason code, e.g. "gateway_unreachable"
  std::string reason_text;  // e.g. "gateway 10.0.0.1 does not answer"
};

class UplinkTransitionDetector {
 public:
  std::optional<UplinkTransition> OnSettled(UplinkState state, WallTime at);

 private:
  std::optional<UplinkState> last_;
  std::optional<WallTime> not_up_since_;
};

}  // namespace ww
