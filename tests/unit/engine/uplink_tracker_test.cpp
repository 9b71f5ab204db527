#include "engine/uplink_tracker.h"

#include <gtest/gtest.h>

#include <array>

#include "engine/engine.h"

namespace ww {
namespace {

// 1,800,000,000,000 ms is a whole minute (30,000,000 minutes).
const std::int64_t kT0 = 1'800'000'000'000;

// Targets: 0 default gateway, 1 default 192.0.2.1 (connectivity),
// uplink "Liquid (BGP01)": 2 gateway, 3 198.51.100.1, 4 198.51.100.2, 5 198.51.100.3, 6 http.
std::vector<TargetSpec> Targets() {
  std::vector<TargetSpec> t(7);
  t[0].name = "gateway";
  t[0].role = TargetRole::kGateway;
  t[1].name = t[1].host = "192.0.2.1";
  t[1].connectivity = true;
  t[2].name = "Liquid (BGP01)/gateway";
  t[2].role = TargetRole::kGateway;
  t[2].host = "10.1.0.1";
  const char* hosts[] = {"198.51.100.1", "198.51.100.2", "198.51.100.3"};
  for (int i = 0; i < 3; ++i) {
    t[3 + i].host = hosts[i];
    t[3 + i].name = std::string("Liquid (BGP01)/") + hosts[i];
  }
  t[6].name = "Liquid (BGP01)/http://192.0.2.80/";
  t[6].kind = ProbeKind::kHttp;
  t[6].url = "http://192.0.2.80/";
  for (int i = 2; i <= 6; ++i) t[i].uplink = "Liquid (BGP01)";
  return t;
}

UplinkSpec Liquid() {
  UplinkSpec u;
  u.name = "Liquid (BGP01)";
  u.interface = "eth1";
  u.gateway = "10.1.0.1";
  u.gateway_target = 2;
  u.ping_targets = {3, 4, 5};
  u.http_targets = {6};
  u.high_loss_pct = 5;
  u.high_latency_ms = 100;
  u.hysteresis_rounds = 3;
  return u;
}

Sample At(TargetId target, std::int64_t round, bool ok, double rtt = 10, int code = 0) {
  Sample s;
  s.target = target;
  s.round = round;
  s.sent_at = FromUnixMillis(kT0 + round * 1000);
  s.ok = ok;
  s.rtt_ms = ok ? rtt : 0;
  s.error = ok ? ProbeError::kNone : ProbeError::kTimeout;
  s.code = code;
  return s;
}

class UplinkTrackerTest : public ::testing::Test {
 protected:
  UplinkTrackerTest() : tracker_(Liquid(), Targets()) {
    tracker_.OnLink(UplinkLink{"eth1", "up", "10.1.0.1"});
  }

  // One round: gateway, three pings (ok per `pings`), and the HTTP check every 30 rounds.
  void Round(std::int64_t round, bool gateway_ok, std::array<bool, 3> pings, double rtt = 10) {
    tracker_.OnSample(At(2, round, gateway_ok, 1), minutes_);
    if (round % 30 == 0) tracker_.OnSample(At(6, round, http_ok_, 80, 200), minutes_);
    for (int i = 0; i < 3; ++i) tracker_.OnSample(At(3 + i, round, pings[i], rtt), minutes_);
  }

  UplinkTracker tracker_;
  std::vector<UplinkMinuteRecord> minutes_;
  bool http_ok_ = true;
};

TEST_F(UplinkTrackerTest, BeforeAnyRoundItSaysSo) {
  const UplinkStatus s = tracker_.Status();
  EXPECT_EQ(s.name, "Liquid (BGP01)");
  EXPECT_EQ(s.state, UplinkState::kDown);
  EXPECT_EQ(s.reason, "initializing");
  ASSERT_EQ(s.ping.size(), 3u);
  EXPECT_FALSE(s.ping[0].at);
  EXPECT_EQ(s.ping[0].target, "198.51.100.1");
  EXPECT_FALSE(s.gw_ping);
}

TEST_F(UplinkTrackerTest, HealthyRoundsAreUpWithTheirEvidence) {
  Round(0, true, {true, true, true}, 12);
  const UplinkStatus s = tracker_.Status();
  EXPECT_EQ(s.state, UplinkState::kUp);
  EXPECT_EQ(s.reason, "all_checks_passed");
  EXPECT_EQ(s.iface, "eth1");
  EXPECT_EQ(s.iface_state, "up");
  ASSERT_TRUE(s.gw_ping);
  EXPECT_TRUE(s.gw_ping->ok);
  EXPECT_EQ(s.gw_ping->target, "10.1.0.1");
  ASSERT_EQ(s.http.size(), 1u);
  EXPECT_EQ(s.http[0].target, "http://192.0.2.80/");
  EXPECT_EQ(s.http[0].status, 200);
  EXPECT_DOUBLE_EQ(*s.http[0].rtt_ms, 80);
  EXPECT_DOUBLE_EQ(*s.avg_ms, 12);
  EXPECT_EQ(ToUnixMillis(*s.checked_at), kT0);
  EXPECT_EQ(ToUnixMillis(*s.state_since), kT0);
}

TEST_F(UplinkTrackerTest, SilentGatewayTakesThreeRoundsToMakeItDown) {
  Round(0, true, {true, true, true});
  Round(1, false, {true, true, true});
  UplinkStatus s = tracker_.Status();
  EXPECT_EQ(s.state, UplinkState::kUp);
  ASSERT_TRUE(s.pending);
  EXPECT_EQ(*s.pending, UplinkState::kDown);
  EXPECT_EQ(s.pending_rounds, 1);
  ASSERT_TRUE(s.gw_ping);
  EXPECT_FALSE(s.gw_ping->ok);
  EXPECT_EQ(s.gw_ping->error, "timeout");
  Round(2, false, {true, true, true});
  Round(3, false, {true, true, true});
  s = tracker_.Status();
  EXPECT_EQ(s.state, UplinkState::kDown);
  EXPECT_EQ(s.reason, "gateway_unreachable");
  EXPECT_EQ(s.reason_text, "gateway 10.1.0.1 does not answer");
  EXPECT_EQ(ToUnixMillis(*s.state_since), kT0 + 3000);
}

TEST(UplinkTracker, NatUplinkWithSilentGatewayShowsNullAndStaysUp) {
  UplinkSpec spec = Liquid();
  spec.nat = true;
  UplinkTracker tracker(spec, Targets());
  tracker.OnLink(UplinkLink{"eth1", "up", std::nullopt});
  std::vector<UplinkMinuteRecord> minutes;
  for (std::int64_t r = 0; r < 5; ++r) {
    tracker.OnSample(At(2, r, false), minutes);
    for (TargetId t = 3; t <= 5; ++t) tracker.OnSample(At(t, r, true), minutes);
  }
  const UplinkStatus s = tracker.Status();
  EXPECT_EQ(s.state, UplinkState::kUp);
  EXPECT_FALSE(s.gw_ping);
  EXPECT_TRUE(s.nat);
}

TEST_F(UplinkTrackerTest, UndiscoveredGatewayIsNullNotAFailedCheck) {
  Sample no_route = At(2, 0, false);
  no_route.error = ProbeError::kNoAddress;
  tracker_.OnSample(no_route, minutes_);
  for (TargetId t = 3; t <= 5; ++t) tracker_.OnSample(At(t, 0, true), minutes_);
  const UplinkStatus s = tracker_.Status();
  EXPECT_FALSE(s.gw_ping);
  EXPECT_EQ(s.state, UplinkState::kUp);  // no verdict about a gateway nobody knows
}

TEST_F(UplinkTrackerTest, InterfaceDownIsDownNamingTheInterface) {
  Round(0, true, {true, true, true});
  tracker_.OnLink(UplinkLink{"eth1", "down", std::nullopt});
  for (std::int64_t r = 1; r <= 3; ++r) Round(r, false, {false, false, false});
  const UplinkStatus s = tracker_.Status();
  EXPECT_EQ(s.state, UplinkState::kDown);
  EXPECT_EQ(s.reason, "iface_down");
  EXPECT_EQ(s.reason_text, "interface eth1 is not up (down)");
  EXPECT_EQ(s.iface_state, "down");
}

TEST_F(UplinkTrackerTest, PartialLossIsDegradedAndRecoversWhenTheWindowClears) {
  for (std::int64_t r = 0; r < 5; ++r) Round(r, true, {true, true, false});
  UplinkStatus s = tracker_.Status();
  EXPECT_EQ(s.state, UplinkState::kDegraded);
  EXPECT_EQ(s.reason, "high_loss");
  EXPECT_NEAR(s.loss_pct, 100.0 / 3, 1e-9);
  // The quality window is the last 60 rounds: loss fades below 5 % after enough good ones.
  std::int64_t r = 5;
  for (; r < 200 && tracker_.Status().state != UplinkState::kUp; ++r) {
    Round(r, true, {true, true, true});
  }
  s = tracker_.Status();
  EXPECT_EQ(s.state, UplinkState::kUp);
  EXPECT_LT(s.loss_pct, 5);
  EXPECT_LT(r, 5 + 60 + 3);
}

TEST_F(UplinkTrackerTest, HttpFailingWithIcmpFineIsDegraded) {
  http_ok_ = false;
  for (std::int64_t r = 0; r < 3; ++r) Round(r, true, {true, true, true});
  EXPECT_EQ(tracker_.Status().reason, "http_failed_icmp_ok");
  EXPECT_EQ(tracker_.Status().state, UplinkState::kDegraded);
}

TEST_F(UplinkTrackerTest, MinutesCarryTheWorstStateAndAreRefreshedWhileOpen) {
  // Minute 0: 60 rounds, rounds 20..39 with the gateway silent (DOWN from round 22).
  for (std::int64_t r = 0; r < 60; ++r) {
    const bool gw = r < 20 || r >= 40;
    Round(r, gw, {true, true, r % 2 == 0}, 10 + static_cast<double>(r % 3));
  }
  // Refreshed every 15 s while open: rounds 15, 30, 45 → three interim reports.
  ASSERT_EQ(minutes_.size(), 3u);
  EXPECT_EQ(minutes_[0].uplink, "Liquid (BGP01)");
  EXPECT_EQ(minutes_[0].minute.start_ms, kT0);
  EXPECT_EQ(minutes_[0].minute.state, UplinkState::kDegraded);  // high loss from round 1
  Round(60, true, {true, true, true});                          // next minute closes minute 0
  ASSERT_EQ(minutes_.size(), 4u);
  const UplinkMinute& m = minutes_[3].minute;
  EXPECT_EQ(m.start_ms, kT0);
  EXPECT_EQ(m.state, UplinkState::kDown);
  EXPECT_EQ(m.samples, 180u);
  EXPECT_EQ(m.lost, 30u);
  EXPECT_DOUBLE_EQ(*m.min_ms, 10);
  EXPECT_DOUBLE_EQ(*m.max_ms, 12);
  std::vector<UplinkMinuteRecord> flushed;
  tracker_.Flush(flushed);
  ASSERT_EQ(flushed.size(), 1u);
  EXPECT_EQ(flushed[0].minute.start_ms, kT0 + 60'000);
  EXPECT_EQ(flushed[0].minute.samples, 3u);
}

TEST_F(UplinkTrackerTest, LiveStatusJudgesFreshSamplesWithoutHysteresis) {
  for (std::int64_t r = 0; r < 3; ++r) Round(r, true, {true, true, true});
  std::vector<Sample> live;
  live.push_back(At(2, -1, false));
  for (TargetId t = 3; t <= 5; ++t) live.push_back(At(t, -1, true, 20));
  const UplinkStatus s = tracker_.LiveStatus(live, FromUnixMillis(kT0 + 5000));
  EXPECT_EQ(s.state, UplinkState::kDown);
  EXPECT_EQ(s.reason, "gateway_unreachable");
  EXPECT_FALSE(s.pending);
  EXPECT_EQ(ToUnixMillis(*s.checked_at), kT0 + 5000);
  EXPECT_DOUBLE_EQ(*s.ping[0].rtt_ms, 20);
  EXPECT_EQ(tracker_.Status().state, UplinkState::kUp);  // the continuous state is untouched
}

TEST(UplinkTracker, HttpOnlyUplinkIsJudgedOnItsHttpRounds) {
  UplinkSpec spec = Liquid();
  spec.ping_targets.clear();
  spec.gateway_target.reset();
  UplinkTracker tracker(spec, Targets());
  std::vector<UplinkMinuteRecord> minutes;
  tracker.OnSample(At(6, 0, true, 50, 204), minutes);
  const UplinkStatus s = tracker.Status();
  EXPECT_EQ(s.state, UplinkState::kUp);
  EXPECT_EQ(s.reason, "all_checks_passed");
  EXPECT_TRUE(s.ping.empty());
}

TEST(EngineUplinks, ImplicitUplinkFollowsTheDefaultRouteAndIsNamedAfterItsInterface) {
  std::vector<TargetSpec> targets = Targets();
  UplinkSpec implicit;
  implicit.implicit = true;
  implicit.gateway_target = 0;
  implicit.ping_targets = {1};
  Engine engine(targets, EngineOptions{}, FromUnixMillis(kT0), {implicit, Liquid()});
  LinkState def;
  def.interface = "wan0";
  def.operstate = "up";
  def.gateway = "192.0.2.254";
  engine.OnLinkState(def);
  LinkState eth1;
  eth1.uplink = "Liquid (BGP01)";
  eth1.interface = "eth1";
  eth1.operstate = "lowerlayerdown";
  engine.OnLinkState(eth1);
  engine.OnSample(At(0, 0, true, 1));
  engine.OnSample(At(1, 0, true, 9));
  auto snap = engine.MakeSnapshot(FromUnixMillis(kT0 + 1000));
  ASSERT_EQ(snap->uplinks.size(), 2u);
  EXPECT_EQ(snap->uplinks[0].name, "wan0");
  EXPECT_EQ(snap->uplinks[0].key, "");
  EXPECT_EQ(snap->uplinks[0].state, UplinkState::kUp);
  EXPECT_EQ(snap->uplinks[0].gw_ping->target, "192.0.2.254");
  EXPECT_EQ(snap->uplinks[1].name, "Liquid (BGP01)");
  EXPECT_EQ(snap->uplinks[1].iface_state, "lowerlayerdown");
  // The Connectivity Monitor keeps the default route's interface and gateway.
  EXPECT_EQ(snap->interface, "wan0");
  EXPECT_EQ(*snap->gateway_address, "192.0.2.254");
  EXPECT_TRUE(engine.TakeUplinkMinutes().empty());
  const auto flushed = engine.FlushUplinkMinutes();
  ASSERT_EQ(flushed.size(), 1u);  // only the implicit uplink completed a round
  EXPECT_EQ(flushed[0].uplink, "");
}

TEST_F(UplinkTrackerTest, SettledChangesAreReportedOncePendingRoundsAreNot) {
  std::vector<UplinkStateChange> changes;
  Round(0, true, {true, true, true});
  tracker_.TakeChanges(changes);
  EXPECT_TRUE(changes.empty());  // the first judgement is the state found
  Round(1, false, {true, true, true});
  Round(2, false, {true, true, true});
  tracker_.TakeChanges(changes);
  EXPECT_TRUE(changes.empty());  // DOWN is still pending (2 of 3 rounds)
  Round(3, false, {true, true, true});
  tracker_.TakeChanges(changes);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].uplink, "Liquid (BGP01)");
  EXPECT_EQ(changes[0].name, "Liquid (BGP01)");
  EXPECT_EQ(changes[0].transition.kind, UplinkTransition::Kind::kStart);
  EXPECT_EQ(changes[0].transition.to, UplinkState::kDown);
  EXPECT_EQ(ToUnixMillis(changes[0].transition.at), kT0 + 3000);
  EXPECT_EQ(changes[0].reason, "gateway_unreachable");
  EXPECT_EQ(changes[0].reason_text, "gateway 10.1.0.1 does not answer");
  changes.clear();
  tracker_.TakeChanges(changes);
  EXPECT_TRUE(changes.empty());  // taken once
  for (std::int64_t r = 4; r <= 6; ++r) Round(r, true, {true, true, true});
  tracker_.TakeChanges(changes);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].transition.kind, UplinkTransition::Kind::kEnd);
  EXPECT_EQ(changes[0].reason, "all_checks_passed");
  EXPECT_DOUBLE_EQ(*changes[0].transition.not_up_seconds, 3);
}

TEST(EngineUplinks, EngineHandsOutUplinkChangesOnce) {
  Engine engine(Targets(), EngineOptions{}, FromUnixMillis(kT0), {Liquid()});
  LinkState eth1;
  eth1.uplink = "Liquid (BGP01)";
  eth1.interface = "eth1";
  eth1.operstate = "up";
  engine.OnLinkState(eth1);
  auto round = [&](std::int64_t r, bool ok) {
    engine.OnSample(At(2, r, true, 1));
    for (TargetId t = 3; t <= 5; ++t) engine.OnSample(At(t, r, ok));
  };
  round(0, true);
  for (std::int64_t r = 1; r <= 3; ++r) round(r, false);
  const auto changes = engine.TakeUplinkChanges();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].transition.to, UplinkState::kDown);
  EXPECT_EQ(changes[0].reason, "no_external_reachability");
  EXPECT_TRUE(engine.TakeUplinkChanges().empty());
}

}  // namespace
}  // namespace ww
