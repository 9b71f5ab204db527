#include "engine/uplink_decision.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

UplinkRound Healthy() {
  UplinkRound r;
  r.gateway_ok = true;
  r.icmp_ok = {true, true, true};
  r.http_ok = {true, true};
  r.loss_pct = 0;
  r.avg_ms = 12;
  return r;
}

UplinkDecision Decide(const UplinkRound& r) { return DecideUplink(r, UplinkThresholds{}); }

TEST(UplinkDecision, StateCodesAndLabelsAreTheSeeds) {
  EXPECT_EQ(static_cast<int>(UplinkState::kUp), 2);
  EXPECT_EQ(static_cast<int>(UplinkState::kDegraded), 1);
  EXPECT_EQ(static_cast<int>(UplinkState::kDown), 0);
  EXPECT_EQ(UplinkStateLabel(UplinkState::kUp), "UP");
  EXPECT_EQ(UplinkStateLabel(UplinkState::kDegraded), "DEGRADED");
  EXPECT_EQ(UplinkStateLabel(UplinkState::kDown), "DOWN");
}

TEST(UplinkDecision, EverythingPassedIsUp) {
  const UplinkDecision d = Decide(Healthy());
  EXPECT_EQ(d.state, UplinkState::kUp);
  EXPECT_EQ(d.reason, "all_checks_passed");
  EXPECT_EQ(d.text, "all checks passed (3/3 ICMP targets, 2/2 HTTP checks)");
}

TEST(UplinkDecision, InterfaceDownWinsOverEverything) {
  UplinkRound r = Healthy();
  r.iface_up = false;
  EXPECT_EQ(Decide(r).state, UplinkState::kDown);
  EXPECT_EQ(Decide(r).reason, "iface_down");
  r.iface = "eth1";
  r.iface_state = "down";
  EXPECT_EQ(Decide(r).text, "interface eth1 is not up (down)");
  r.iface.clear();
  EXPECT_EQ(Decide(r).text, "no network interface (no default route)");
}

TEST(UplinkDecision, SilentGatewayIsDownUnlessNat) {
  UplinkRound r = Healthy();
  r.gateway_ok = false;
  EXPECT_EQ(Decide(r).state, UplinkState::kDown);
  EXPECT_EQ(Decide(r).reason, "gateway_unreachable");
  r.gateway = "192.0.2.1";
  EXPECT_EQ(Decide(r).text, "gateway 192.0.2.1 does not answer");
  r.nat = true;  // NAT uplink: the gateway is not expected to answer
  EXPECT_EQ(Decide(r).state, UplinkState::kUp);
  r.nat = false;
  r.gateway_ok.reset();  // not checked this round
  EXPECT_EQ(Decide(r).state, UplinkState::kUp);
}

TEST(UplinkDecision, NothingExternalAnswersIsDown) {
  UplinkRound r = Healthy();
  r.icmp_ok = {false, false, false};
  r.http_ok = {false, false};
  EXPECT_EQ(Decide(r).state, UplinkState::kDown);
  EXPECT_EQ(Decide(r).reason, "no_external_reachability");
  EXPECT_EQ(Decide(r).text,
            "no ICMP target or HTTP check succeeded (0/3 ICMP targets, 0/2 HTTP checks)");
}

TEST(UplinkDecision, MajorityOfIcmpAndOneHttpIsSufficient) {
  UplinkRound r = Healthy();
  r.icmp_ok = {true, true, false};  // 2 of 3 is a majority
  r.http_ok = {false, true};
  EXPECT_EQ(Decide(r).state, UplinkState::kUp);
  EXPECT_EQ(Decide(r).reason, "sufficient_reachability");
}

TEST(UplinkDecision, HalfIsNotAMajority) {
  UplinkRound r = Healthy();
  r.icmp_ok = {true, false};
  r.http_ok = {true};
  EXPECT_EQ(Decide(r).state, UplinkState::kDegraded);
  EXPECT_EQ(Decide(r).reason, "partial_reachability");
}

TEST(UplinkDecision, HttpFailingWithIcmpFineIsDegraded) {
  UplinkRound r = Healthy();
  r.http_ok = {false, false};
  EXPECT_EQ(Decide(r).state, UplinkState::kDegraded);
  EXPECT_EQ(Decide(r).reason, "http_failed_icmp_ok");
}

TEST(UplinkDecision, IcmpFailingWithHttpFineIsDegraded) {
  UplinkRound r = Healthy();
  r.icmp_ok = {false, false, false};
  r.http_ok = {true, false};
  EXPECT_EQ(Decide(r).state, UplinkState::kDegraded);
  EXPECT_EQ(Decide(r).reason, "icmp_failed_http_ok");
}

TEST(UplinkDecision, KindsWithoutChecksDoNotCountAgainst) {
  UplinkRound icmp_only = Healthy();
  icmp_only.http_ok.clear();
  EXPECT_EQ(Decide(icmp_only).reason, "all_checks_passed");
  icmp_only.icmp_ok = {true, true, false};
  EXPECT_EQ(Decide(icmp_only).reason, "sufficient_reachability");
  icmp_only.icmp_ok = {true, false, false};
  EXPECT_EQ(Decide(icmp_only).reason, "partial_reachability");

  UplinkRound http_only = Healthy();
  http_only.icmp_ok.clear();
  http_only.http_ok = {true, false};
  EXPECT_EQ(Decide(http_only).state, UplinkState::kUp);
  EXPECT_EQ(Decide(http_only).reason, "sufficient_reachability");
}

TEST(UplinkDecision, QualityThresholdsTurnUpIntoDegraded) {
  UplinkRound r = Healthy();
  r.loss_pct = 4.99;
  EXPECT_EQ(Decide(r).state, UplinkState::kUp);
  r.loss_pct = 5.0;  // at the threshold
  EXPECT_EQ(Decide(r).reason, "high_loss");
  EXPECT_EQ(Decide(r).text, "packet loss 5.0% (threshold 5.0%)");
  r.loss_pct = 0;
  r.avg_ms = 150;  // not above
  EXPECT_EQ(Decide(r).state, UplinkState::kUp);
  r.avg_ms = 150.1;
  EXPECT_EQ(Decide(r).state, UplinkState::kDegraded);
  EXPECT_EQ(Decide(r).reason, "high_latency");
  // Quality never lifts or lowers a verdict that is not UP.
  r.icmp_ok = {false, false, false};
  r.http_ok = {false, false};
  EXPECT_EQ(Decide(r).reason, "no_external_reachability");
}

TEST(UplinkDecision, ThresholdsAreConfigurable) {
  UplinkRound r = Healthy();
  r.loss_pct = 2;
  UplinkThresholds strict;
  strict.high_loss_pct = 1;
  EXPECT_EQ(DecideUplink(r, strict).reason, "high_loss");
}

UplinkDecision Of(UplinkState s, std::string_view reason) { return UplinkDecision{s, reason, ""}; }

TEST(UplinkHysteresis, FirstDecisionIsTakenAtOnce) {
  UplinkHysteresis h(3);
  EXPECT_EQ(h.Update(Of(UplinkState::kDown, "iface_down")).current.state, UplinkState::kDown);
  EXPECT_FALSE(h.verdict().pending);
}

TEST(UplinkHysteresis, ChangesAfterNAgreeingRoundsAndShowsThePendingState) {
  UplinkHysteresis h(3);
  h.Update(Of(UplinkState::kUp, "all_checks_passed"));
  auto v = h.Update(Of(UplinkState::kDown, "gateway_unreachable"));
  EXPECT_EQ(v.current.state, UplinkState::kUp);
  ASSERT_TRUE(v.pending);
  EXPECT_EQ(*v.pending, UplinkState::kDown);
  EXPECT_EQ(v.pending_rounds, 1);
  v = h.Update(Of(UplinkState::kDown, "gateway_unreachable"));
  EXPECT_EQ(v.pending_rounds, 2);
  v = h.Update(Of(UplinkState::kDown, "gateway_unreachable"));
  EXPECT_EQ(v.current.state, UplinkState::kDown);
  EXPECT_EQ(v.current.reason, "gateway_unreachable");
  EXPECT_FALSE(v.pending);
}

TEST(UplinkHysteresis, OneOddRoundDoesNotFlipAndResetsTheCount) {
  UplinkHysteresis h(3);
  h.Update(Of(UplinkState::kUp, "all_checks_passed"));
  h.Update(Of(UplinkState::kDegraded, "partial_reachability"));
  h.Update(Of(UplinkState::kDegraded, "partial_reachability"));
  auto v = h.Update(Of(UplinkState::kUp, "sufficient_reachability"));  // back: pending cleared
  EXPECT_EQ(v.current.state, UplinkState::kUp);
  EXPECT_EQ(v.current.reason, "sufficient_reachability");  // newest reason of the same state
  EXPECT_FALSE(v.pending);
  h.Update(Of(UplinkState::kDegraded, "partial_reachability"));
  v = h.Update(Of(UplinkState::kDown, "iface_down"));  // a third state starts over
  ASSERT_TRUE(v.pending);
  EXPECT_EQ(*v.pending, UplinkState::kDown);
  EXPECT_EQ(v.pending_rounds, 1);
}

TEST(UplinkHysteresis, OneRoundMeansNoHysteresis) {
  UplinkHysteresis h(0);  // clamped to 1
  h.Update(Of(UplinkState::kUp, "all_checks_passed"));
  EXPECT_EQ(h.Update(Of(UplinkState::kDown, "iface_down")).current.state, UplinkState::kDown);
}

}  // namespace
}  // namespace ww
