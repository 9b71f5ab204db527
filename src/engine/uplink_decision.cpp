#include "engine/uplink_decision.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace ww {
namespace {

struct Count {
  std::size_t ok = 0;
  std::size_t total = 0;
  bool none() const { return total == 0; }
  bool all() const { return ok == total; }
  bool any() const { return ok > 0; }
  bool majority() const { return 2 * ok > total; }
};

Count Tally(const std::vector<bool>& results) {
  return Count{static_cast<std::size_t>(std::count(results.begin(), results.end(), true)),
               results.size()};
}

std::string Fraction(const char* what, const Count& c) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%zu/%zu %s", c.ok, c.total, what);
  return buf;
}

UplinkDecision Make(UplinkState state, std::string_view reason, std::string text) {
  return UplinkDecision{state, reason, std::move(text)};
}

}  // namespace

std::string_view UplinkStateLabel(UplinkState state) {
  switch (state) {
    case UplinkState::kUp:
      return "UP";
    case UplinkState::kDegraded:
      return "DEGRADED";
    case UplinkState::kDown:
      return "DOWN";
  }
  return "DOWN";
}

UplinkDecision DecideUplink(const UplinkRound& r, const UplinkThresholds& t) {
  if (!r.iface_up) {
    std::string text = r.iface.empty() ? "no network interface (no default route)"
                                       : "interface " + r.iface + " is not up";
    if (!r.iface.empty() && !r.iface_state.empty()) text += " (" + r.iface_state + ")";
    return Make(UplinkState::kDown, "iface_down", std::move(text));
  }
  if (!r.nat && r.gateway_ok && !*r.gateway_ok) {
    return Make(UplinkState::kDown, "gateway_unreachable",
                r.gateway.empty() ? "gateway does not answer"
                                  : "gateway " + r.gateway + " does not answer");
  }
  const Count icmp = Tally(r.icmp_ok);
  const Count http = Tally(r.http_ok);
  const std::string counts = Fraction("ICMP targets", icmp) + ", " + Fraction("HTTP checks", http);
  if (!icmp.any() && !http.any()) {
    return Make(UplinkState::kDown, "no_external_reachability",
                "no ICMP target or HTTP check succeeded (" + counts + ")");
  }
  std::optional<UplinkDecision> up;
  if (icmp.all() && http.all()) {
    up = Make(UplinkState::kUp, "all_checks_passed", "all checks passed (" + counts + ")");
  } else if ((icmp.none() || icmp.majority()) && (http.none() || http.any())) {
    up = Make(UplinkState::kUp, "sufficient_reachability", "enough checks passed (" + counts + ")");
  }
  if (up) {
    char buf[96];
    if (r.loss_pct >= t.high_loss_pct) {
      std::snprintf(buf, sizeof buf, "packet loss %.1f%% (threshold %.1f%%)", r.loss_pct,
                    t.high_loss_pct);
      return Make(UplinkState::kDegraded, "high_loss", buf);
    }
    if (r.avg_ms && *r.avg_ms > t.high_latency_ms) {
      std::snprintf(buf, sizeof buf, "average latency %.1f ms (threshold %.1f ms)", *r.avg_ms,
                    t.high_latency_ms);
      return Make(UplinkState::kDegraded, "high_latency", buf);
    }
    return *up;
  }
  if (!http.none() && !http.any() && icmp.majority()) {
    return Make(UplinkState::kDegraded, "http_failed_icmp_ok",
                "ICMP answers but every HTTP check failed (" + counts + ")");
  }
  if (!icmp.none() && !icmp.any() && http.any()) {
    return Make(UplinkState::kDegraded, "icmp_failed_http_ok",
                "HTTP works but no ICMP target answers (" + counts + ")");
  }
  return Make(UplinkState::kDegraded, "partial_reachability",
              "only some checks passed (" + counts + ")");
}

const UplinkVerdict& UplinkHysteresis::Update(UplinkDecision decision) {
  if (!started_ || decision.state == verdict_.current.state) {
    started_ = true;
    verdict_.current = std::move(decision);  // same state: the newest reason and text
    verdict_.pending.reset();
    verdict_.pending_rounds = 0;
    return verdict_;
  }
  if (verdict_.pending == decision.state) {
    ++verdict_.pending_rounds;
  } else {
    verdict_.pending = decision.state;
    verdict_.pending_rounds = 1;
  }
  if (verdict_.pending_rounds >= rounds_) {
    verdict_.current = std::move(decision);
    verdict_.pending.reset();
    verdict_.pending_rounds = 0;
  }
  return verdict_;
}

}  // namespace ww
