#include "engine/engine.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

const WallTime kStart = FromUnixMillis(1'800'000'000'000);

std::vector<TargetSpec> Targets() {
  std::vector<TargetSpec> t(5);
  t[0].name = "gateway";
  t[0].role = TargetRole::kGateway;
  t[1].name = "192.0.2.1";
  t[1].host = "192.0.2.1";
  t[1].connectivity = true;
  t[2].name = "192.0.2.2";
  t[2].host = "192.0.2.2";
  t[2].connectivity = true;
  t[3].name = "dns 192.0.2.53";
  t[3].kind = ProbeKind::kDns;
  t[3].interval = std::chrono::milliseconds(5000);
  t[4].name = "tcp 192.0.2.1:53";
  t[4].kind = ProbeKind::kTcp;
  return t;
}

class EngineTest : public ::testing::Test {
 protected:
  Engine engine_{Targets(), EngineOptions{}, kStart};
  std::vector<DropEvent> events_;

  // One round at second `k`: gateway, both externals and DNS.
  void Round(std::int64_t k, bool gw_ok, bool internet_ok, double rtt = 10, bool dns_ok = true) {
    Feed(0, k, gw_ok, 1);
    Feed(1, k, internet_ok, rtt);
    Feed(2, k, internet_ok, rtt + 2);
    Feed(3, k, dns_ok, 5);
  }
  void Feed(TargetId id, std::int64_t k, bool ok, double rtt) {
    Sample s;
    s.target = id;
    s.round = k;
    s.sent_at = kStart + Seconds(k) + Millis(id * 10);
    s.ok = ok;
    s.rtt_ms = ok ? rtt : 0;
    s.error = ok ? ProbeError::kNone : ProbeError::kTimeout;
    for (auto& e : engine_.OnSample(s)) events_.push_back(e);
  }
  std::shared_ptr<const Snapshot> Snap(std::int64_t k) {
    return engine_.MakeSnapshot(kStart + Seconds(k));
  }
};

TEST_F(EngineTest, InitializingBeforeAnything) {
  auto s = Snap(0);
  EXPECT_EQ(s->diagnosis.code, DiagnosisCode::kInitializing);
  EXPECT_DOUBLE_EQ(s->uptime_pct, 100);
  EXPECT_EQ(s->total_pings, 0u);
  EXPECT_EQ(s->targets.size(), 5u);
}

TEST_F(EngineTest, HealthyLineStatistics) {
  for (int k = 0; k < 40; ++k) Round(k, true, true, 10 + (k % 2));  // 10, 11, 10, ...
  auto s = Snap(40);
  EXPECT_EQ(s->diagnosis.code, DiagnosisCode::kAllClear);
  EXPECT_EQ(s->total_pings, 80u);  // two connectivity targets
  EXPECT_DOUBLE_EQ(s->packet_loss_pct, 0);
  // target 1: 10,11 alternating (avg 10.5); target 2: 12,13 (avg 12.5)
  EXPECT_NEAR(*s->avg_latency, 11.5, 1e-9);
  EXPECT_DOUBLE_EQ(*s->min_latency, 10);
  EXPECT_DOUBLE_EQ(*s->max_latency, 13);
  EXPECT_DOUBLE_EQ(*s->jitter, 1.0);  // per-target consecutive differences, never across targets
  EXPECT_EQ(s->health_score, 100);
  EXPECT_EQ(s->health_grade, "A+");
  EXPECT_EQ(s->trend, "stable");
  ASSERT_TRUE(s->baseline);
  EXPECT_NEAR(*s->baseline, 11.5, 0.1);
  EXPECT_EQ(s->targets[1].total_pings, 40u);
  EXPECT_DOUBLE_EQ(*s->targets[1].avg_ms, 10.5);
}

TEST_F(EngineTest, LossFeedsScoreAndDiagnosis) {
  // Target 2 loses every 5th probe: loss = 10% overall.
  for (int k = 0; k < 50; ++k) {
    Feed(0, k, true, 1);
    Feed(1, k, true, 10);
    Feed(2, k, k % 5 != 0, 10);
    Feed(3, k, true, 5);
  }
  auto s = Snap(50);
  EXPECT_DOUBLE_EQ(s->packet_loss_pct, 10);
  EXPECT_DOUBLE_EQ(s->uptime_pct, 90);
  EXPECT_EQ(s->health_score, 70);  // 100 - 30
  EXPECT_EQ(s->health_grade, "B");
  EXPECT_EQ(s->diagnosis.code, DiagnosisCode::kHighLoss);
  EXPECT_TRUE(events_.empty());  // never all targets at once: no drop
}

TEST_F(EngineTest, UpstreamOutageIsOneDropWithStartEndAndDiagnosis) {
  for (int k = 0; k < 10; ++k) Round(k, true, true);
  for (int k = 10; k < 30; ++k) Round(k, true, false);
  auto during = Snap(30);
  EXPECT_TRUE(during->is_down);
  ASSERT_TRUE(during->current_drop);
  EXPECT_EQ(during->current_drop->start, kStart + Seconds(10) + Millis(10));
  EXPECT_EQ(during->diagnosis.code, DiagnosisCode::kUpstream);
  for (int k = 30; k < 35; ++k) Round(k, true, true);
  ASSERT_EQ(events_.size(), 2u);
  EXPECT_EQ(events_[0].kind, DropEvent::Kind::kStarted);
  EXPECT_EQ(events_[1].kind, DropEvent::Kind::kEnded);
  EXPECT_DOUBLE_EQ(events_[1].drop.duration_sec, 20.0);
  EXPECT_EQ(events_[1].drop.diagnosis.code, DiagnosisCode::kUpstream);
  auto after = Snap(35);
  EXPECT_FALSE(after->is_down);
  EXPECT_EQ(after->drops_this_session, 1u);
}

TEST_F(EngineTest, GatewayDownIsLocalNetwork) {
  for (int k = 0; k < 5; ++k) Round(k, true, true);
  for (int k = 5; k < 10; ++k) Round(k, false, false);
  ASSERT_EQ(events_.size(), 1u);
  EXPECT_EQ(events_[0].drop.diagnosis.code, DiagnosisCode::kLocalNetwork);
  EXPECT_EQ(Snap(10)->diagnosis.text, "Local network down (gateway unreachable)");
}

TEST_F(EngineTest, NoRouteIsLocalNetworkEvenBeforeTheGatewayWasProbed) {
  engine_.OnLinkState(LinkState{std::nullopt, "", "unknown", ""});
  for (int k = 0; k < 5; ++k) {
    Feed(1, k, false, 0);
    Feed(2, k, false, 0);
  }
  EXPECT_EQ(Snap(5)->diagnosis.code, DiagnosisCode::kLocalNetwork);
  EXPECT_EQ(Snap(5)->diagnosis.detail, "no default route");
}

// No default route at all ("notpresent"), gateway not probed: a dead internet
// is the local network's fault; a live one is all clear, not "unusual".
TEST(EngineNoRouteTest, NoDefaultRouteWithoutGatewayTarget) {
  std::vector<TargetSpec> t(1);
  t[0].name = "192.0.2.10";
  t[0].kind = ProbeKind::kIcmp;
  t[0].host = "192.0.2.10";
  t[0].connectivity = true;
  Engine engine(t, EngineOptions{}, kStart);
  engine.OnLinkState(LinkState{std::nullopt, "", "notpresent", ""});
  auto feed = [&](std::int64_t k, bool ok) {
    Sample s;
    s.target = 0;
    s.round = k;
    s.sent_at = kStart + Seconds(k);
    s.ok = ok;
    s.rtt_ms = ok ? 5 : 0;
    s.error = ok ? ProbeError::kNone : ProbeError::kTimeout;
    engine.OnSample(s);
  };
  for (int k = 0; k < 5; ++k) feed(k, true);
  EXPECT_EQ(engine.MakeSnapshot(kStart + Seconds(5))->diagnosis.code, DiagnosisCode::kAllClear);
  for (int k = 5; k < 10; ++k) feed(k, false);
  auto down = engine.MakeSnapshot(kStart + Seconds(10));
  EXPECT_EQ(down->diagnosis.code, DiagnosisCode::kLocalNetwork);
  EXPECT_EQ(down->diagnosis.detail, "no default route");
}

// A static gateway that answers although the kernel has no default route:
// the internet being down is upstream, not "interface down".
TEST_F(EngineTest, AnsweringGatewayWithoutDefaultRouteIsUpstream) {
  engine_.OnLinkState(LinkState{std::nullopt, "", "notpresent", ""});
  for (int k = 0; k < 5; ++k) Round(k, true, true);
  for (int k = 5; k < 10; ++k) Round(k, true, false);
  EXPECT_EQ(Snap(10)->diagnosis.code, DiagnosisCode::kUpstream);
}

TEST_F(EngineTest, DnsDownWithIcmpFine) {
  for (int k = 0; k < 10; ++k) Round(k, true, true, 10, /*dns_ok=*/false);
  auto s = Snap(10);
  EXPECT_EQ(s->diagnosis.code, DiagnosisCode::kDns);
  EXPECT_TRUE(events_.empty());
}

TEST_F(EngineTest, LinkStateShowsInSnapshot) {
  engine_.OnLinkState(LinkState{"10.77.0.1", "veth0", "up", ""});
  auto s = Snap(1);
  EXPECT_EQ(*s->gateway_address, "10.77.0.1");
  EXPECT_EQ(s->interface, "veth0");
  EXPECT_EQ(s->targets[0].address, "10.77.0.1");
}

TEST_F(EngineTest, WindowForgetsOldLoss) {
  for (int k = 0; k < 10; ++k) Round(k, true, false);
  for (int k = 10; k < 20; ++k) Round(k, true, true);
  EXPECT_DOUBLE_EQ(Snap(20)->packet_loss_pct, 50);
  // 15 minutes later only the good rounds... none: the window is empty again.
  auto later = Snap(10 + 900);
  EXPECT_DOUBLE_EQ(later->packet_loss_pct, 0);
  EXPECT_EQ(later->total_pings, 40u);  // session counters stay
}

TEST_F(EngineTest, TrendDegradesWhenLatencyRises) {
  for (int k = 0; k < 15; ++k) Round(k, true, true, 10);
  for (int k = 15; k < 30; ++k) Round(k, true, true, 30);
  EXPECT_EQ(Snap(30)->trend, "degrading");
}

TEST_F(EngineTest, UnknownTargetIdIsIgnored) {
  Sample s;
  s.target = 99;
  EXPECT_TRUE(engine_.OnSample(s).empty());
}

}  // namespace
}  // namespace ww

namespace ww {
namespace {

TEST_F(EngineTest, GatewayWithoutIcmpSocketIsNotMonitored) {
  for (int k = 0; k < 5; ++k) {
    Sample gw;
    gw.target = 0;
    gw.round = k;
    gw.sent_at = kStart + Seconds(k);
    gw.error = ProbeError::kUnavailable;
    engine_.OnSample(gw);
    Feed(1, k, true, 10);
    Feed(2, k, true, 10);
  }
  EXPECT_EQ(Snap(5)->diagnosis.code, DiagnosisCode::kAllClear);  // not "Unusual state"
}

}  // namespace
}  // namespace ww
