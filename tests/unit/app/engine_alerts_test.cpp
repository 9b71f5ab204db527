#include "app/engine_alerts.h"

#include <gtest/gtest.h>

#include <string>

namespace ww {
namespace {

const WallTime kStart = FromUnixMillis(1'800'000'000'000);  // 2027-01-15T08:00:00Z

std::string Field(const AlertEvent& a, const std::string& name) {
  for (const AlertField& f : a.fields) {
    if (f.name == name) return f.value;
  }
  return "<none>";
}

DropEvent Drop(DropEvent::Kind kind) {
  DropEvent e{kind, {}};
  e.drop.start = kStart;
  e.drop.diagnosis =
      Diagnosis{DiagnosisCode::kUpstream, "ISP / upstream issue (gateway OK, internet down)",
                "gateway answers, no internet target does"};
  if (kind == DropEvent::Kind::kStarted) {
    e.drop.failed_rounds = 3;
    e.drop.duration_sec = 4;
  } else {
    e.drop.failed_rounds = 62;
    e.drop.end = kStart + std::chrono::seconds(125);
    e.drop.duration_sec = 125;
  }
  return e;
}

TEST(EngineAlerts, DropStartSaysWhatIsDownSinceWhenAndWhy) {
  const AlertEvent a = DropAlert(Drop(DropEvent::Kind::kStarted), "wan0");
  EXPECT_EQ(a.kind, AlertKind::kDrop);
  EXPECT_EQ(a.phase, AlertPhase::kStart);
  EXPECT_EQ(a.timestamp, kStart);  // the first failed round, not the confirmation
  EXPECT_EQ(a.title, "Connection down: ISP / upstream issue (gateway OK, internet down)");
  EXPECT_EQ(a.message,
            "No internet target has answered since 2027-01-15T08:00:00+00:00 (3 failed probe "
            "rounds).");
  EXPECT_EQ(a.diagnosis, "ISP / upstream issue (gateway OK, internet down)");
  EXPECT_FALSE(a.duration_seconds);
  EXPECT_EQ(a.uplink, "");
  EXPECT_EQ(Field(a, "Diagnosis code"), "upstream");
  EXPECT_EQ(Field(a, "Evidence"), "gateway answers, no internet target does");
  EXPECT_EQ(Field(a, "Interface"), "wan0");
  EXPECT_EQ(Field(a, "Failed rounds"), "3");
}

TEST(EngineAlerts, DropEndCarriesItsDurationAndTheDiagnosisSeenDuringIt) {
  const AlertEvent a = DropAlert(Drop(DropEvent::Kind::kEnded), "wan0");
  EXPECT_EQ(a.phase, AlertPhase::kEnd);
  EXPECT_EQ(a.timestamp, kStart + std::chrono::seconds(125));
  ASSERT_TRUE(a.duration_seconds);
  EXPECT_DOUBLE_EQ(*a.duration_seconds, 125);
  EXPECT_EQ(a.title, "Connection restored after 2 min 5 s");
  EXPECT_EQ(a.message,
            "The internet answers again. The drop began at 2027-01-15T08:00:00+00:00 and lasted "
            "2 min 5 s (62 failed probe rounds); diagnosis during the drop: ISP / upstream issue "
            "(gateway OK, internet down).");
  EXPECT_EQ(Field(a, "Failed rounds"), "62");
}

UplinkStateChange Change(UplinkTransition::Kind kind, UplinkState from, UplinkState to) {
  UplinkStateChange c;
  c.uplink = "LTE (NAT)";
  c.name = "LTE (NAT)";
  c.transition.kind = kind;
  c.transition.from = from;
  c.transition.to = to;
  c.transition.at = kStart;
  c.reason = "gateway_unreachable";
  c.reason_text = "gateway 10.0.0.1 does not answer";
  return c;
}

TEST(EngineAlerts, UplinkGoingDownIsAStartNamingTheUplinkAndTheReason) {
  const AlertEvent a =
      UplinkAlert(Change(UplinkTransition::Kind::kStart, UplinkState::kUp, UplinkState::kDown));
  EXPECT_EQ(a.kind, AlertKind::kUplinkState);
  EXPECT_EQ(a.phase, AlertPhase::kStart);
  EXPECT_EQ(a.timestamp, kStart);
  EXPECT_EQ(a.uplink, "LTE (NAT)");
  EXPECT_EQ(a.title, "Uplink \u201cLTE (NAT)\u201d is DOWN: gateway 10.0.0.1 does not answer");
  EXPECT_EQ(a.message,
            "Uplink \u201cLTE (NAT)\u201d went from UP to DOWN: gateway 10.0.0.1 does not answer.");
  EXPECT_EQ(Field(a, "State"), "DOWN");
  EXPECT_EQ(Field(a, "Previous state"), "UP");
  EXPECT_EQ(Field(a, "Reason"), "gateway_unreachable");
}

TEST(EngineAlerts, UplinkBackUpIsAnEndWithHowLongItWasNotUp) {
  UplinkStateChange c =
      Change(UplinkTransition::Kind::kEnd, UplinkState::kDegraded, UplinkState::kUp);
  c.transition.not_up_seconds = 42;
  c.reason = "all_checks_passed";
  c.reason_text = "";
  const AlertEvent a = UplinkAlert(c);
  EXPECT_EQ(a.phase, AlertPhase::kEnd);
  ASSERT_TRUE(a.duration_seconds);
  EXPECT_DOUBLE_EQ(*a.duration_seconds, 42);
  EXPECT_EQ(a.title, "Uplink \u201cLTE (NAT)\u201d is UP again after 42 s");
  EXPECT_EQ(a.message, "Uplink \u201cLTE (NAT)\u201d is UP again (was DEGRADED) after 42 s.");
}

TEST(EngineAlerts, DownToDegradedIsAChangeSayingBothStates) {
  UplinkStateChange c =
      Change(UplinkTransition::Kind::kChange, UplinkState::kDown, UplinkState::kDegraded);
  c.reason = "partial_reachability";
  c.reason_text = "1 of 3 ICMP targets answer";
  const AlertEvent a = UplinkAlert(c);
  EXPECT_EQ(a.phase, AlertPhase::kChange);
  EXPECT_FALSE(a.duration_seconds);
  EXPECT_EQ(a.title,
            "Uplink \u201cLTE (NAT)\u201d is DEGRADED (was DOWN): 1 of 3 ICMP targets answer");
}

TEST(EngineAlerts, TheImplicitUplinkIsShownByItsInterfaceAndKeyedEmpty) {
  UplinkStateChange c =
      Change(UplinkTransition::Kind::kStart, UplinkState::kUp, UplinkState::kDegraded);
  c.uplink = "";
  c.name = "wan0";
  const AlertEvent a = UplinkAlert(c);
  EXPECT_EQ(a.uplink, "");
  EXPECT_EQ(a.title.rfind("Uplink \u201cwan0\u201d is DEGRADED", 0), 0u) << a.title;
}

}  // namespace
}  // namespace ww
