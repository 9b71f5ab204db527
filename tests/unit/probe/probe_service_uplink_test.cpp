// The probe service's isp-status parts: each uplink's targets bound to its
// interface and source address, each uplink's own discovered gateway, and
// on-demand rounds (/api/status?live=1) outside the schedule.
#include <gtest/gtest.h>

#include <future>

#include "probe/probe_service.h"
#include "probe_service_fakes.h"

namespace ww::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class ProbeServiceUplinkTest : public ServiceHarness {
 protected:
  // 0: the default route's gateway, 1: uplink "LTE (NAT)"'s gateway on wwan0,
  // 2: an external target through wwan0 from 10.9.0.2, 3: a default-route target.
  std::vector<TargetSpec> Targets() {
    TargetSpec gw = Spec("gateway", ProbeKind::kIcmp, "");
    gw.role = TargetRole::kGateway;
    TargetSpec lte_gw = Spec("LTE (NAT)/gateway", ProbeKind::kIcmp, "");
    lte_gw.role = TargetRole::kGateway;
    TargetSpec lte_ping = Spec("LTE (NAT)/198.51.100.1", ProbeKind::kIcmp, "198.51.100.1");
    for (TargetSpec* t : {&lte_gw, &lte_ping}) {
      t->uplink = "LTE (NAT)";
      t->bind_device = "wwan0";
      t->source = "10.9.0.2";
    }
    return {gw, lte_gw, lte_ping, Spec("192.0.2.9", ProbeKind::kIcmp, "192.0.2.9")};
  }
};

TEST_F(ProbeServiceUplinkTest, UplinkTargetsUseTheirOwnBindingAndGateway) {
  Create(Targets());
  auto* icmp = Add<ImmediateProber>(ProbeKind::kIcmp);
  Start();
  service_->SetGatewayAddress(IpAddress::Parse("192.0.2.1"));
  service_->SetGatewayAddress(IpAddress::Parse("10.9.0.1"), "LTE (NAT)");
  RunTo(milliseconds{600});
  RunTo(seconds{1} + milliseconds{600});
  std::map<TargetId, StartRecord> round1;
  for (const StartRecord& s : icmp->starts()) {
    if (s.round == 1) round1[s.target] = s;
  }
  ASSERT_EQ(round1.size(), 4u);
  EXPECT_EQ(round1[0].address->ToString(), "192.0.2.1");
  EXPECT_EQ(round1[0].bind_device, "wan0");  // the service-wide device (Options())
  EXPECT_FALSE(round1[0].source);
  EXPECT_EQ(round1[1].address->ToString(), "10.9.0.1");
  EXPECT_EQ(round1[1].bind_device, "wwan0");
  EXPECT_EQ(round1[1].source->ToString(), "10.9.0.2");
  EXPECT_EQ(round1[2].bind_device, "wwan0");
  EXPECT_EQ(round1[3].bind_device, "wan0");
  // Losing the default route does not take the uplink's gateway with it.
  service_->SetGatewayAddress(std::nullopt);
  RunTo(seconds{2} + milliseconds{600});
  const auto addresses = service_->Addresses();
  EXPECT_FALSE(addresses[0]);
  EXPECT_EQ(addresses[1]->ToString(), "10.9.0.1");
  EXPECT_TRUE(service_->counters().last_round_at.has_value());
}

TEST_F(ProbeServiceUplinkTest, ProbeNowAnswersEveryTargetOnceOutsideTheSchedule) {
  Create(Targets());
  auto* icmp = Add<ImmediateProber>(ProbeKind::kIcmp);
  Start();
  RunTo(milliseconds{600});  // round 0; the LTE gateway is not known yet
  const std::size_t delivered = log_.size();
  std::promise<std::vector<Sample>> result;
  service_->ProbeNow({1, 2, 3}, [&](std::vector<Sample> s) { result.set_value(std::move(s)); });
  auto future = result.get_future();
  ASSERT_EQ(future.wait_for(seconds{10}), std::future_status::ready);
  const std::vector<Sample> samples = future.get();
  ASSERT_EQ(samples.size(), 3u);
  EXPECT_EQ(samples[0].target, 1u);
  EXPECT_EQ(samples[0].error, ProbeError::kNoAddress);
  EXPECT_EQ(samples[1].target, 2u);
  EXPECT_TRUE(samples[1].ok);
  EXPECT_EQ(samples[1].round, -1);
  EXPECT_EQ(samples[2].target, 3u);
  EXPECT_TRUE(samples[2].ok);
  EXPECT_EQ(log_.size(), delivered) << "live samples do not reach the sink";
  std::size_t live_starts = 0;
  for (const StartRecord& s : icmp->starts()) {
    if (s.round != -1) continue;
    ++live_starts;
    if (s.target == 2) {
      EXPECT_EQ(s.bind_device, "wwan0");
    }
  }
  EXPECT_EQ(live_starts, 2u);
}

TEST_F(ProbeServiceUplinkTest, ProbeNowWithNothingToProbeAnswersEmpty) {
  Create(Targets());
  Add<ImmediateProber>(ProbeKind::kIcmp);
  Start();
  std::promise<std::size_t> result;
  service_->ProbeNow({}, [&](std::vector<Sample> s) { result.set_value(s.size()); });
  auto future = result.get_future();
  ASSERT_EQ(future.wait_for(seconds{10}), std::future_status::ready);
  EXPECT_EQ(future.get(), 0u);
}

}  // namespace
}  // namespace ww::testing
