#pragma once
// The isp-status verdict of one uplink for one probe round: UP (2),
// DEGRADED (1) or DOWN (0), with a stable machine-readable reason code and a
// sentence for people (SEMANTICS.md §2, "Our decision rules"), plus the
// Envoy-style hysteresis that keeps one odd round from flipping the state.
//
// Rules, first match wins:
//   1. interface missing or not up                      → DOWN iface_down
//   2. gateway required (not NAT) and not answering     → DOWN gateway_unreachable
//   3. no ICMP target and no HTTP check succeeded       → DOWN no_external_reachability
//   4. every check succeeded                            → UP all_checks_passed
//      a majority of ICMP targets and ≥ 1 HTTP check    → UP sufficient_reachability
//      (a kind with no checks configured does not count against the uplink)
//   5. otherwise DEGRADED: http_failed_icmp_ok, icmp_failed_http_ok or
//      partial_reachability; an UP verdict becomes DEGRADED high_loss /
//      high_latency when the measured window crosses the thresholds.
//
// Thread safety: pure functions; an UplinkHysteresis belongs to one thread.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ww {

enum class UplinkState { kDown = 0, kDegraded = 1, kUp = 2 };

std::string_view UplinkStateLabel(UplinkState state);  // "UP", "DEGRADED", "DOWN"

struct UplinkRound {
  bool iface_up = true;            // operstate up (or unknown on a virtual link)
  std::string iface;               // for the text: "interface eth1 is down"
  std::string iface_state;         // operstate as read ("down", "notpresent", ...)
  std::string gateway;             // gateway address, for the text ("" when unknown)
  bool nat = false;                // the gateway is not expected to answer
  std::optional<bool> gateway_ok;  // nullopt: no gateway check this round
  std::vector<bool> icmp_ok;       // one per ICMP target
  std::vector<bool> http_ok;       // one per HTTP check
  double loss_pct = 0;             // over the statistics window
  std::optional<double> avg_ms;    // over the statistics window
};

struct UplinkThresholds {
  double high_loss_pct = 5;      // UP → DEGRADED high_loss at or above
  double high_latency_ms = 150;  // UP → DEGRADED high_latency above
  int hysteresis_rounds = 3;     // rounds that must agree before the state changes
};

struct UplinkDecision {
  UplinkState state = UplinkState::kDown;
  std::string_view reason;  // stable code, e.g. "gateway_unreachable"
  std::string text;         // e.g. "gateway 10.0.0.1 does not answer"
};

UplinkDecision DecideUplink(const UplinkRound& round, const UplinkThresholds& thresholds);

// What the API shows: the settled decision, and the state the uplink is
// moving to with how many rounds agreed so far (nullopt when none).
struct UplinkVerdict {
  UplinkDecision current;
  std::optional<UplinkState> pending;
  int pending_rounds = 0;
};

class UplinkHysteresis {
 public:
  explicit UplinkHysteresis(int rounds) : rounds_(rounds < 1 ? 1 : rounds) {}
  // Feeds one round's decision; the first one is taken at once.
  const UplinkVerdict& Update(UplinkDecision decision);
  const UplinkVerdict& verdict() const { return verdict_; }

 private:
  int rounds_;
  bool started_ = false;
  UplinkVerdict verdict_;
};

}  // namespace ww
