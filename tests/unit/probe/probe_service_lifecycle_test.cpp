// The probe service's start, stop and validation, and one real-time check
// of the schedule's mean interval.
#include <gtest/gtest.h>

#include <thread>

#include "probe/probe_service.h"
#include "probe_service_fakes.h"

namespace ww::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class ProbeServiceLifecycleTest : public ServiceHarness {};

TEST_F(ProbeServiceLifecycleTest, StopAbandonsOutstandingProbesWithoutCallingTheSink) {
  Create({Spec("a", ProbeKind::kIcmp, "192.0.2.1"), Spec("b", ProbeKind::kIcmp, "192.0.2.2"),
          Spec("c", ProbeKind::kIcmp, "192.0.2.3")});
  Add<DelayedProber>(ProbeKind::kIcmp, milliseconds{60'000});
  Start();
  clock_.Advance(milliseconds{600});
  service_->Poll();
  Barrier();
  ASSERT_EQ(service_->counters().in_flight, 3u);
  const auto before = std::chrono::steady_clock::now();
  service_->Stop();
  log_.stop_returned = true;
  EXPECT_LT(std::chrono::steady_clock::now() - before, seconds{10});
  EXPECT_FALSE(service_->running());
  EXPECT_EQ(log_.size(), 0u);
  EXPECT_EQ(service_->counters().samples_delivered, 0u);
  service_->Poll();  // ignored once stopped
  service_->SetGatewayAddress(IpAddress::Parse("192.0.2.9"));
  service_->Stop();  // idempotent
  EXPECT_FALSE(log_.called_after_stop);
}

TEST_F(ProbeServiceLifecycleTest, StopWhileSamplesAreFlowing) {
  std::vector<TargetSpec> targets;
  for (int i = 0; i < 200; ++i) targets.push_back(Spec("t", ProbeKind::kIcmp, "192.0.2.1"));
  Create(targets);
  Add<ImmediateProber>(ProbeKind::kIcmp);
  Start();
  std::atomic<bool> stop_pump{false};
  std::thread pump([&] {
    for (int i = 0; i < 100'000 && !stop_pump; ++i) {
      clock_.Advance(milliseconds{10});
      service_->Poll();
      std::this_thread::yield();
    }
  });
  const bool flowing = WaitFor([&] { return log_.size() > 2000; });
  service_->Stop();
  log_.stop_returned = true;
  const std::size_t at_stop = log_.size();
  stop_pump = true;
  pump.join();
  EXPECT_TRUE(flowing);
  EXPECT_EQ(log_.size(), at_stop);
  EXPECT_FALSE(log_.called_after_stop);
}

TEST_F(ProbeServiceLifecycleTest, RegisterAfterStartAndStartTwiceAreErrors) {
  Create({Spec("a", ProbeKind::kIcmp, "192.0.2.1")});
  Start();
  ImmediateProber late(service_->context(), clock_);
  EXPECT_EQ(service_->RegisterProber(ProbeKind::kIcmp, &late).message(),
            "probe service: RegisterProber after Start");
  EXPECT_EQ(service_->Start().message(), "probe service: already started");
  service_->Stop();
}

TEST_F(ProbeServiceLifecycleTest, CreateRejectsBadTargetsNamingThem) {
  auto create = [&](std::vector<TargetSpec> targets) {
    return ProbeService::Create(clock_, std::move(targets), Options(), log_.Sink()).error();
  };
  EXPECT_EQ(create({Spec("slow", ProbeKind::kTcp, "192.0.2.1", milliseconds{2500})}),
            "target 'slow': interval 2500 ms is not a positive multiple of the base interval "
            "1000 ms");
  EXPECT_EQ(create({Spec("nowhere", ProbeKind::kIcmp, "")}), "target 'nowhere': no host to probe");
  TargetSpec t = Spec("hasty", ProbeKind::kIcmp, "192.0.2.1");
  t.timeout = milliseconds{0};
  EXPECT_EQ(create({t}), "target 'hasty': timeout must be positive, got 0 ms");
  EXPECT_EQ(ProbeService::Create(clock_, {}, Options(), nullptr).error(),
            "probe service: no sample sink");
}

TEST_F(ProbeServiceLifecycleTest, NoTargetsIsAQuietLoop) {
  Create({});
  Start();
  RunTo(seconds{10});
  EXPECT_EQ(log_.size(), 0u);
  EXPECT_TRUE(service_->running());
}

// Real time: over ~3 s at a 100 ms base the mean interval between one
// target's sends is within 1% of nominal. Measured from round numbers, so a
// stall (skipped rounds) cannot fake a drift; the tolerance (1 ms mean, i.e.
// 30 ms of difference between the first and last send's lateness) is wide
// for a loop that wakes within a millisecond.
TEST(ProbeServiceRealTimeTest, MeanIntervalIsNominal) {
  SystemClock clock;
  SampleLog log;
  ProbeServiceOptions options;
  options.base_interval = milliseconds{100};
  options.lookup = [](const std::string& h) { return Result<IpAddress>::Error("unused " + h); };
  Result<std::unique_ptr<ProbeService>> r = ProbeService::Create(
      clock, {Spec("a", ProbeKind::kIcmp, "127.0.0.1", milliseconds{100})}, options, log.Sink());
  ASSERT_TRUE(r.ok()) << r.error();
  std::unique_ptr<ProbeService> service = std::move(r).value();
  auto prober = std::make_unique<ImmediateProber>(service->context(), clock);
  ASSERT_TRUE(service->RegisterProber(ProbeKind::kIcmp, prober.get()).ok());
  ASSERT_TRUE(service->Start().ok());
  const bool enough = WaitFor([&] { return prober->start_count() >= 31; }, seconds{30});
  service->Stop();
  ASSERT_TRUE(enough);
  const std::vector<StartRecord> starts = prober->starts();
  const StartRecord& first = starts.front();
  const StartRecord& last = starts.back();
  ASSERT_GE(last.round - first.round, 30);
  const double mean_ms = std::chrono::duration<double, std::milli>(last.at - first.at).count() /
                         static_cast<double>(last.round - first.round);
  EXPECT_NEAR(mean_ms, 100.0, 1.0);
  RecordProperty("mean_interval_us", static_cast<int>(mean_ms * 1000));
}

}  // namespace
}  // namespace ww::testing
