#include "engine/diagnosis.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

DiagnosisInputs Healthy() {
  DiagnosisInputs in;
  in.any_round = true;
  in.gateway = GatewayState::kOk;
  in.dns_monitored = true;
  in.avg_ms = 12;
  return in;
}

TEST(Diagnose, InitializingBeforeFirstRound) {
  DiagnosisInputs in;
  EXPECT_EQ(Diagnose(in).text, "Initializing...");
  EXPECT_EQ(Diagnose(in).code, DiagnosisCode::kInitializing);
}

TEST(Diagnose, AllClear) { EXPECT_EQ(Diagnose(Healthy()).text, "All clear"); }

TEST(Diagnose, InternetDownWithGatewayOkIsUpstream) {
  auto in = Healthy();
  in.internet_down = true;
  EXPECT_EQ(Diagnose(in).text, "ISP / upstream issue (gateway OK, internet down)");
  EXPECT_EQ(Diagnose(in).code, DiagnosisCode::kUpstream);
}

TEST(Diagnose, InternetDownWithGatewayFailingIsLocal) {
  auto in = Healthy();
  in.internet_down = true;
  in.gateway = GatewayState::kFailing;
  EXPECT_EQ(Diagnose(in).text, "Local network down (gateway unreachable)");
  in.gateway = GatewayState::kNoRoute;
  EXPECT_EQ(Diagnose(in).code, DiagnosisCode::kLocalNetwork);
  EXPECT_EQ(Diagnose(in).detail, "no default route");
  in.gateway = GatewayState::kOk;
  in.interface_down = true;
  EXPECT_EQ(Diagnose(in).code, DiagnosisCode::kLocalNetwork);
}

TEST(Diagnose, InternetDownWithoutGatewayMonitoringIsUpstream) {
  auto in = Healthy();
  in.internet_down = true;
  in.gateway = GatewayState::kNotMonitored;
  EXPECT_EQ(Diagnose(in).code, DiagnosisCode::kUpstream);
}

TEST(Diagnose, DnsFailureWhileInternetUp) {
  auto in = Healthy();
  in.dns_failing = true;
  EXPECT_EQ(Diagnose(in).code, DiagnosisCode::kDns);
  EXPECT_EQ(Diagnose(in).text, "DNS failure (internet reachable, name resolution failing)");
  in.dns_monitored = false;  // no DNS checks configured: nothing to say about DNS
  EXPECT_EQ(Diagnose(in).code, DiagnosisCode::kAllClear);
}

TEST(Diagnose, HighLossThenHighLatencyThenUnusual) {
  auto in = Healthy();
  in.loss_pct = 5;  // at the threshold
  EXPECT_EQ(Diagnose(in).text, "High packet loss");
  EXPECT_EQ(Diagnose(in).detail, "5.0% of probes lost in the statistics window");
  in.loss_pct = 4.9;
  in.avg_ms = 100;  // not above
  EXPECT_EQ(Diagnose(in).code, DiagnosisCode::kAllClear);
  in.avg_ms = 100.5;
  EXPECT_EQ(Diagnose(in).text, "High latency");
  in.avg_ms = 20;
  in.gateway = GatewayState::kFailing;
  EXPECT_EQ(Diagnose(in).text, "Unusual state");
}

TEST(Diagnose, CodeNames) {
  EXPECT_EQ(DiagnosisCodeName(DiagnosisCode::kLocalNetwork), "local_network");
  EXPECT_EQ(DiagnosisCodeName(DiagnosisCode::kHighLatency), "high_latency");
  EXPECT_EQ(DiagnosisCodeName(DiagnosisCode::kAllClear), "all_clear");
}

}  // namespace
}  // namespace ww
