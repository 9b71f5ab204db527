// AlertPolicy: toggles, cooldown per kind (and uplink), recoveries that follow
// their start, and the Hermes speed test threshold, on a FakeClock.

#include "notify/alert_policy.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

using std::chrono::minutes;

AlertEvent Event(AlertKind kind, AlertPhase phase, std::string uplink = "") {
  AlertEvent e;
  e.kind = kind;
  e.phase = phase;
  e.uplink = std::move(uplink);
  e.title = std::string(AlertKindName(kind)) + " " + std::string(AlertPhaseName(phase));
  return e;
}

SpeedtestObservation Failed(const FakeClock& clock, std::string error = "refused") {
  SpeedtestObservation r;
  r.ok = false;
  r.error = std::move(error);
  r.timestamp = clock.WallNow();
  return r;
}

SpeedtestObservation Measured(const FakeClock& clock, double down, double up, double ping) {
  SpeedtestObservation r;
  r.ok = true;
  r.download_mbps = down;
  r.upload_mbps = up;
  r.ping_ms = ping;
  r.timestamp = clock.WallNow();
  return r;
}

AlertSettings Defaults(int cooldown_minutes = 60, int threshold = 3) {
  AlertSettings s;
  s.cooldown_minutes = cooldown_minutes;
  s.failure_threshold = threshold;
  return s;
}

TEST(AlertPolicyTest, DisabledAdmitsNothingButTests) {
  AlertSettings s = Defaults();
  s.enabled = false;
  AlertPolicy p(s);
  FakeClock clock;
  EXPECT_FALSE(p.Admit(Event(AlertKind::kOutage, AlertPhase::kStart), clock.Now()));
  EXPECT_TRUE(p.Admit(Event(AlertKind::kTest, AlertPhase::kTest), clock.Now()));
  EXPECT_EQ(p.counters().filtered, 1u);
  // Turned on mid-outage: the recovery of a start never seen is not sent.
  s.enabled = true;
  p.UpdateSettings(s);
  EXPECT_FALSE(p.Admit(Event(AlertKind::kOutage, AlertPhase::kEnd), clock.Now()));
}

TEST(AlertPolicyTest, TogglesFilterTheirKinds) {
  AlertSettings s = Defaults();
  s.on_drops = false;
  s.on_outages = false;
  s.on_uplink_changes = false;
  AlertPolicy p(s);
  FakeClock clock;
  EXPECT_FALSE(p.Admit(Event(AlertKind::kDrop, AlertPhase::kStart), clock.Now()));
  EXPECT_FALSE(p.Admit(Event(AlertKind::kOutage, AlertPhase::kStart), clock.Now()));
  EXPECT_FALSE(p.Admit(Event(AlertKind::kUplinkState, AlertPhase::kStart, "a"), clock.Now()));
  EXPECT_TRUE(p.Admit(Event(AlertKind::kSpeedtestFailure, AlertPhase::kStart), clock.Now()));
  EXPECT_EQ(p.counters().filtered, 3u);
}

TEST(AlertPolicyTest, CooldownSuppressesASecondStartAndItsRecovery) {
  AlertPolicy p(Defaults(60));
  FakeClock clock;
  EXPECT_TRUE(p.Admit(Event(AlertKind::kOutage, AlertPhase::kStart), clock.Now()));
  clock.Advance(minutes(5));
  // The recovery of a sent start is never held back by the cooldown.
  EXPECT_TRUE(p.Admit(Event(AlertKind::kOutage, AlertPhase::kEnd), clock.Now()));
  clock.Advance(minutes(10));
  EXPECT_FALSE(p.Admit(Event(AlertKind::kOutage, AlertPhase::kStart), clock.Now()));
  clock.Advance(minutes(1));
  EXPECT_FALSE(p.Admit(Event(AlertKind::kOutage, AlertPhase::kEnd), clock.Now()));
  EXPECT_EQ(p.counters().suppressed, 2u);
  // 60 minutes after the last start that was sent: sent again.
  clock.Advance(minutes(44));
  EXPECT_TRUE(p.Admit(Event(AlertKind::kOutage, AlertPhase::kStart), clock.Now()));
}

TEST(AlertPolicyTest, CooldownEndsExactlyAtItsLength) {
  AlertPolicy p(Defaults(10));
  FakeClock clock;
  EXPECT_TRUE(p.Admit(Event(AlertKind::kOutage, AlertPhase::kStart), clock.Now()));
  EXPECT_TRUE(p.Admit(Event(AlertKind::kOutage, AlertPhase::kEnd), clock.Now()));
  clock.Advance(minutes(10) - std::chrono::seconds(1));
  EXPECT_FALSE(p.Admit(Event(AlertKind::kOutage, AlertPhase::kStart), clock.Now()));
  EXPECT_FALSE(p.Admit(Event(AlertKind::kOutage, AlertPhase::kEnd), clock.Now()));
  clock.Advance(std::chrono::seconds(1));
  EXPECT_TRUE(p.Admit(Event(AlertKind::kOutage, AlertPhase::kStart), clock.Now()));
}

TEST(AlertPolicyTest, CooldownIsPerKindAndPerUplink) {
  AlertPolicy p(Defaults(60));
  FakeClock clock;
  EXPECT_TRUE(p.Admit(Event(AlertKind::kDrop, AlertPhase::kStart, "fiber"), clock.Now()));
  EXPECT_TRUE(p.Admit(Event(AlertKind::kDrop, AlertPhase::kStart, "lte"), clock.Now()));
  EXPECT_TRUE(p.Admit(Event(AlertKind::kOutage, AlertPhase::kStart), clock.Now()));
  EXPECT_TRUE(p.Admit(Event(AlertKind::kDrop, AlertPhase::kEnd, "fiber"), clock.Now()));
  EXPECT_FALSE(p.Admit(Event(AlertKind::kDrop, AlertPhase::kStart, "fiber"), clock.Now()));
  // lte's start is still open and was sent: its end goes out.
  EXPECT_TRUE(p.Admit(Event(AlertKind::kDrop, AlertPhase::kEnd, "lte"), clock.Now()));
}

TEST(AlertPolicyTest, ChangesFollowTheirStart) {
  AlertPolicy p(Defaults(60));
  FakeClock clock;
  const auto start = Event(AlertKind::kUplinkState, AlertPhase::kStart, "a");
  const auto change = Event(AlertKind::kUplinkState, AlertPhase::kChange, "a");
  const auto end = Event(AlertKind::kUplinkState, AlertPhase::kEnd, "a");
  EXPECT_TRUE(p.Admit(start, clock.Now()));
  EXPECT_TRUE(p.Admit(change, clock.Now()));  // DOWN -> DEGRADED after a sent DOWN
  EXPECT_TRUE(p.Admit(end, clock.Now()));
  clock.Advance(minutes(1));
  EXPECT_FALSE(p.Admit(start, clock.Now()));
  EXPECT_FALSE(p.Admit(change, clock.Now()));
  EXPECT_FALSE(p.Admit(end, clock.Now()));
  // A change with nothing open counts as a start (and is cooling down here).
  EXPECT_FALSE(p.Admit(change, clock.Now()));
  EXPECT_FALSE(p.Admit(end, clock.Now()));
  clock.Advance(minutes(60));
  EXPECT_TRUE(p.Admit(change, clock.Now()));
  EXPECT_TRUE(p.Admit(end, clock.Now()));
}

TEST(AlertPolicyTest, SpeedtestThresholdRaisesOnceAndRecovers) {
  AlertPolicy p(Defaults(60, 3));
  FakeClock clock;
  const WallTime first = clock.WallNow();
  EXPECT_TRUE(p.OnSpeedtestResult(Failed(clock)).empty());
  clock.Advance(minutes(10));
  EXPECT_TRUE(p.OnSpeedtestResult(Failed(clock)).empty());
  clock.Advance(minutes(10));
  auto events = p.OnSpeedtestResult(Failed(clock, "timeout"));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, AlertKind::kSpeedtestFailure);
  EXPECT_EQ(events[0].phase, AlertPhase::kStart);
  EXPECT_EQ(events[0].consecutive_failures, 3);
  EXPECT_EQ(events[0].error, "timeout");
  EXPECT_EQ(events[0].timestamp, clock.WallNow());
  // While the alert is active, more failures raise nothing.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(p.OnSpeedtestResult(Failed(clock)).empty());
  EXPECT_EQ(p.consecutive_speedtest_failures(), 8);
  clock.Advance(minutes(10));
  events = p.OnSpeedtestResult(Measured(clock, 100, 20, 10));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].phase, AlertPhase::kEnd);
  EXPECT_EQ(events[0].consecutive_failures, 8);
  ASSERT_TRUE(events[0].duration_seconds.has_value());
  EXPECT_DOUBLE_EQ(*events[0].duration_seconds,
                   std::chrono::duration<double>(clock.WallNow() - first).count());
  EXPECT_EQ(p.consecutive_speedtest_failures(), 0);
}

TEST(AlertPolicyTest, ASuccessResetsTheFailureCount) {
  AlertPolicy p(Defaults(60, 2));
  FakeClock clock;
  EXPECT_TRUE(p.OnSpeedtestResult(Failed(clock)).empty());
  EXPECT_TRUE(p.OnSpeedtestResult(Measured(clock, 1, 1, 1)).empty());
  EXPECT_TRUE(p.OnSpeedtestResult(Failed(clock)).empty());
  EXPECT_EQ(p.OnSpeedtestResult(Failed(clock)).size(), 1u);
}

TEST(AlertPolicyTest, ThresholdZeroIsOff) {
  AlertPolicy p(Defaults(60, 0));
  FakeClock clock;
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(p.OnSpeedtestResult(Failed(clock)).empty());
  EXPECT_TRUE(p.OnSpeedtestResult(Measured(clock, 1, 1, 1)).empty());
}

// The worked example of alert_policy.h: a second failure alert within the
// cooldown is suppressed, and so is its recovery.
TEST(AlertPolicyTest, WorkedExampleFromTheHeader) {
  AlertPolicy p(Defaults(60, 2));
  FakeClock clock;
  auto step = [&](SpeedtestObservation r) {
    int admitted = 0;
    for (const AlertEvent& e : p.OnSpeedtestResult(r)) admitted += p.Admit(e, clock.Now());
    clock.Advance(minutes(10));
    return admitted;
  };
  EXPECT_EQ(step(Failed(clock)), 0);                // 10:00
  EXPECT_EQ(step(Failed(clock)), 1);                // 10:10 start sent
  EXPECT_EQ(step(Failed(clock)), 0);                // 10:20
  EXPECT_EQ(step(Measured(clock, 50, 10, 10)), 1);  // 10:30 recovery sent
  EXPECT_EQ(step(Failed(clock)), 0);                // 10:40
  EXPECT_EQ(step(Failed(clock)), 0);                // 10:50 start suppressed
  EXPECT_EQ(step(Measured(clock, 50, 10, 10)), 0);  // 11:00 recovery suppressed
  EXPECT_EQ(p.counters().suppressed, 2u);
}

TEST(AlertPolicyTest, BelowMinimumStartsAndEnds) {
  AlertSettings s = Defaults();
  s.min_download_mbps = 100;
  s.max_ping_ms = 50;
  AlertPolicy p(s);
  FakeClock clock;
  EXPECT_TRUE(p.OnSpeedtestResult(Measured(clock, 150, 10, 20)).empty());
  auto events = p.OnSpeedtestResult(Measured(clock, 150, 10, 80));  // ping over
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, AlertKind::kSpeedtestBelowMinimum);
  EXPECT_EQ(events[0].phase, AlertPhase::kStart);
  ASSERT_EQ(events[0].fields.size(), 3u);
  EXPECT_EQ(events[0].fields[0].value, "150.0 Mbit/s (minimum 100.0 Mbit/s)");
  EXPECT_EQ(events[0].fields[2].value, "80.0 ms (maximum 50.0 ms)");
  // Still below, and a failed test: nothing new.
  EXPECT_TRUE(p.OnSpeedtestResult(Measured(clock, 90, 10, 20)).empty());
  EXPECT_TRUE(p.OnSpeedtestResult(Failed(clock)).empty());
  clock.Advance(minutes(30));
  events = p.OnSpeedtestResult(Measured(clock, 120, 10, 20));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].phase, AlertPhase::kEnd);
  EXPECT_DOUBLE_EQ(events[0].duration_seconds.value_or(0), 1800.0);
}

TEST(AlertPolicyTest, ASuccessCanEndAFailureAndStartBelowMinimum) {
  AlertSettings s = Defaults(60, 1);
  s.min_upload_mbps = 10;
  AlertPolicy p(s);
  FakeClock clock;
  ASSERT_EQ(p.OnSpeedtestResult(Failed(clock)).size(), 1u);
  const auto events = p.OnSpeedtestResult(Measured(clock, 100, 5, 10));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, AlertKind::kSpeedtestFailure);
  EXPECT_EQ(events[0].phase, AlertPhase::kEnd);
  EXPECT_EQ(events[1].kind, AlertKind::kSpeedtestBelowMinimum);
  EXPECT_EQ(events[1].phase, AlertPhase::kStart);
}

TEST(AlertPolicyTest, NoMinimumsNoBelowMinimumAlerts) {
  AlertPolicy p(Defaults());
  FakeClock clock;
  EXPECT_TRUE(p.OnSpeedtestResult(Measured(clock, 0.1, 0.1, 9999)).empty());
}

}  // namespace
}  // namespace ww
