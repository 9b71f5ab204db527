// The probe service driven by a FakeClock with fake probers: what is sent,
// when, where to, and what reaches the sink.
#include "probe/probe_service.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "probe_service_fakes.h"

namespace ww::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Key = std::pair<TargetId, std::int64_t>;  // (target, round)

class ProbeServiceTest : public ServiceHarness {};

TEST_F(ProbeServiceTest, EveryDueProbeIsStartedOnceAndEverySampleDeliveredOnce) {
  std::vector<TargetSpec> targets = {
      Spec("a", ProbeKind::kIcmp, "192.0.2.1"),
      Spec("b", ProbeKind::kIcmp, "192.0.2.2"),
      Spec("c", ProbeKind::kTcp, "198.51.100.1", seconds{2}),
      Spec("d", ProbeKind::kDns, "203.0.113.1", seconds{3}),
  };
  const std::vector<int> multiple = {1, 1, 2, 3};
  Create(targets);
  auto* icmp = Add<DelayedProber>(ProbeKind::kIcmp, milliseconds{5});
  auto* tcp = Add<FailingProber>(ProbeKind::kTcp, ProbeError::kRefused);
  auto* dns = Add<ImmediateProber>(ProbeKind::kDns);
  Start();

  constexpr int kRounds = 30;
  std::set<Key> expected;
  for (int k = 0; k < kRounds; ++k) {
    // 600 ms into round k: all of it is due (spread over 500 ms), none of k + 1.
    RunTo(seconds{k} + milliseconds{600});
    for (TargetId t = 0; t < 4; ++t) {
      if (k % multiple[t] == 0) expected.insert({t, k});
    }
    ASSERT_EQ(log_.size(), expected.size()) << "round " << k;
  }

  std::set<Key> started;
  std::set<std::thread::id> threads;
  for (auto* p : std::vector<RecordingProber*>{icmp, tcp, dns}) {
    for (const StartRecord& s : p->starts()) {
      EXPECT_TRUE(started.insert({s.target, s.round}).second) << "started twice";
      EXPECT_EQ(s.address->ToString(), targets[s.target].host);
      EXPECT_EQ(s.timeout, milliseconds{900});
      EXPECT_EQ(s.bind_device, "wan0");
      threads.insert(s.thread);
    }
  }
  EXPECT_EQ(started, expected);
  EXPECT_EQ(threads.size(), 1u);
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 0u) << "probes start on the loop";

  std::set<Key> delivered;
  for (const Sample& s : log_.samples()) {
    EXPECT_TRUE(delivered.insert({s.target, s.round}).second) << "delivered twice";
    EXPECT_EQ(s.sent_at, wall0_ + seconds{s.round}) << "round start on the wall clock";
    switch (targets[s.target].kind) {
      case ProbeKind::kIcmp:
        EXPECT_TRUE(s.ok);
        EXPECT_EQ(s.rtt_ms, 5.0);
        break;
      case ProbeKind::kTcp:
        EXPECT_EQ(s.error, ProbeError::kRefused);
        break;
      default:
        EXPECT_TRUE(s.ok);
    }
  }
  EXPECT_EQ(delivered, expected);
  const ProbeServiceCounters c = service_->counters();
  EXPECT_EQ(c.probes_started, expected.size());
  EXPECT_EQ(c.samples_delivered, expected.size());
  EXPECT_EQ(c.rounds_skipped, 0u);
  EXPECT_EQ(c.in_flight, 0u);
  EXPECT_EQ(c.round, kRounds - 1);
}

TEST_F(ProbeServiceTest, SendTimesFollowTheSpreadWithinARound) {
  std::vector<TargetSpec> targets;
  for (int i = 0; i < 5; ++i) targets.push_back(Spec("t", ProbeKind::kIcmp, "192.0.2.1"));
  Create(targets);
  auto* icmp = Add<ImmediateProber>(ProbeKind::kIcmp);
  Start();
  for (int ms = 0; ms <= 1000; ms += 10) RunTo(milliseconds{ms});
  const std::vector<StartRecord> starts = icmp->starts();
  ASSERT_EQ(starts.size(), 6u);
  for (TargetId t = 0; t < 5; ++t) {
    EXPECT_EQ(starts[t].target, t);
    EXPECT_EQ(starts[t].at - t0_, milliseconds{100 * t}) << "offset i * 500 ms / 5";
  }
  EXPECT_EQ(starts[5].at - t0_, seconds{1});
}

TEST_F(ProbeServiceTest, CoalescesProbesDueWithinTheWindow) {
  std::vector<TargetSpec> targets;
  for (int i = 0; i < 5; ++i) targets.push_back(Spec("t", ProbeKind::kIcmp, "192.0.2.1"));
  ProbeServiceOptions options = Options();
  options.coalesce = milliseconds{150};
  Create(targets, options);
  auto* icmp = Add<ImmediateProber>(ProbeKind::kIcmp);
  Start();
  RunTo(Duration::zero());
  EXPECT_EQ(icmp->start_count(), 2u) << "offsets 0 and 100 ms";
  RunTo(milliseconds{160});
  EXPECT_EQ(icmp->start_count(), 4u) << "200 and 300 ms, at most 150 ms early";
}

TEST_F(ProbeServiceTest, GatewayAddressChangesTakeEffect) {
  TargetSpec gw = Spec("gateway", ProbeKind::kIcmp, "");
  gw.role = TargetRole::kGateway;
  Create({gw});
  auto* icmp = Add<ImmediateProber>(ProbeKind::kIcmp);
  Start();
  RunTo(Duration::zero());  // round 0: not discovered yet
  service_->SetGatewayAddress(IpAddress::Parse("192.0.2.1"));
  RunTo(seconds{1});
  EXPECT_EQ(service_->Addresses()[0]->ToString(), "192.0.2.1");
  service_->SetGatewayAddress(IpAddress::Parse("198.51.100.7"));
  RunTo(seconds{2});
  service_->SetGatewayAddress(std::nullopt);  // no route
  RunTo(seconds{3});
  EXPECT_FALSE(service_->Addresses()[0]);

  const std::vector<StartRecord> starts = icmp->starts();
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_EQ(starts[0].round, 1);
  EXPECT_EQ(starts[0].address->ToString(), "192.0.2.1");
  EXPECT_EQ(starts[1].round, 2);
  EXPECT_EQ(starts[1].address->ToString(), "198.51.100.7");
  const std::vector<Sample> samples = log_.samples();
  ASSERT_EQ(samples.size(), 4u);
  EXPECT_EQ(samples[0].error, ProbeError::kNoAddress);
  EXPECT_TRUE(samples[1].ok);
  EXPECT_TRUE(samples[2].ok);
  EXPECT_EQ(samples[3].error, ProbeError::kNoAddress);
  EXPECT_EQ(samples[3].round, 3);
  EXPECT_EQ(service_->counters().no_address, 2u);
}

TEST_F(ProbeServiceTest, UnresolvedHostYieldsNoAddressOnItsSchedule) {
  ScriptedLookup lookup(clock_,
                        {{"good.test", *IpAddress::Parse("203.0.113.9")},
                         {"bad.test", Result<IpAddress>::Error("resolve 'bad.test': "
                                                               "Name or service not known")}});
  ProbeServiceOptions options = Options();
  options.lookup = lookup.Fn();
  Create({Spec("good", ProbeKind::kIcmp, "good.test"), Spec("bad", ProbeKind::kTcp, "bad.test")},
         options);
  auto* icmp = Add<ImmediateProber>(ProbeKind::kIcmp);
  auto* tcp = Add<ImmediateProber>(ProbeKind::kTcp);
  Start();
  for (int k = 0; k < 4; ++k) RunTo(seconds{k} + milliseconds{600});

  // Round 0 was sent before the first lookup came back.
  std::vector<std::int64_t> good_rounds;
  for (const StartRecord& s : icmp->starts()) {
    EXPECT_EQ(s.address->ToString(), "203.0.113.9");
    good_rounds.push_back(s.round);
  }
  EXPECT_EQ(good_rounds, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(tcp->start_count(), 0u);
  std::vector<std::int64_t> bad_rounds;
  for (const Sample& s : log_.samples()) {
    if (s.target != 1) continue;
    EXPECT_EQ(s.error, ProbeError::kNoAddress);
    bad_rounds.push_back(s.round);
  }
  EXPECT_EQ(bad_rounds, (std::vector<std::int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(service_->Addresses()[0]->ToString(), "203.0.113.9");
  EXPECT_FALSE(service_->Addresses()[1]);
  EXPECT_EQ(service_->counters().lookups_ok, 1u);
  EXPECT_GE(service_->counters().lookups_failed, 1u);
}

TEST_F(ProbeServiceTest, LookupsRetryWithBackoffRefreshAndKeepTheLastAddress) {
  const Result<IpAddress> fail = Result<IpAddress>::Error("resolve 'flaky.test': timed out");
  const IpAddress a = *IpAddress::Parse("192.0.2.10");
  const IpAddress b = *IpAddress::Parse("192.0.2.20");
  ScriptedLookup lookup(clock_, {{"flaky.test", fail},
                                 {"flaky.test", fail},
                                 {"flaky.test", a},
                                 {"flaky.test", fail},
                                 {"flaky.test", fail},
                                 {"flaky.test", b}});
  ProbeServiceOptions options = Options();
  options.lookup = lookup.Fn();
  options.resolve.min_backoff = seconds{5};
  options.resolve.max_backoff = seconds{20};
  options.resolve.refresh = seconds{60};
  Create({Spec("flaky", ProbeKind::kIcmp, "flaky.test")}, options);
  auto* icmp = Add<ImmediateProber>(ProbeKind::kIcmp);
  Start();
  for (int k = 0; k <= 160; ++k) RunTo(seconds{k});

  std::vector<Duration> call_times;
  for (const auto& [host, at] : lookup.calls()) call_times.push_back(at - t0_);
  EXPECT_EQ(call_times, (std::vector<Duration>{seconds{0}, seconds{5}, seconds{15}, seconds{75},
                                               seconds{80}, seconds{90}, seconds{150}}));
  // A round is sent before the lookup that its wake-up started comes back.
  for (const StartRecord& s : icmp->starts()) {
    ASSERT_GE(s.round, 16);
    EXPECT_EQ(*s.address, s.round <= 90 ? a : b) << "round " << s.round;
  }
  EXPECT_EQ(icmp->start_count(), 160u - 15u);
  EXPECT_EQ(service_->counters().no_address, 16u);
}

TEST_F(ProbeServiceTest, SkipsMissedRoundsInsteadOfBursting) {
  Create({Spec("a", ProbeKind::kIcmp, "192.0.2.1"), Spec("b", ProbeKind::kIcmp, "192.0.2.2"),
          Spec("c", ProbeKind::kIcmp, "192.0.2.3")});
  auto* icmp = Add<ImmediateProber>(ProbeKind::kIcmp);
  Start();
  for (int k = 0; k < 3; ++k) RunTo(seconds{k} + milliseconds{600});
  RunTo(seconds{7} + milliseconds{600});  // stalled for five rounds
  std::set<std::int64_t> rounds;
  for (const StartRecord& s : icmp->starts()) rounds.insert(s.round);
  EXPECT_EQ(rounds, (std::set<std::int64_t>{0, 1, 2, 7}));
  EXPECT_EQ(icmp->start_count(), 12u);
  const ProbeServiceCounters c = service_->counters();
  EXPECT_EQ(c.rounds_skipped, 4u);
  EXPECT_EQ(c.probes_skipped, 12u);
  EXPECT_EQ(c.samples_delivered, 12u);
}

TEST_F(ProbeServiceTest, KindWithoutAProberYieldsUnavailable) {
  Create({Spec("web", ProbeKind::kHttp, "")});
  Start();
  RunTo(Duration::zero());
  const std::vector<Sample> samples = log_.samples();
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_EQ(samples[0].error, ProbeError::kUnavailable);
  EXPECT_EQ(service_->counters().no_prober, 1u);
}

TEST_F(ProbeServiceTest, ASecondAnswerForOneProbeIsCountedNotDelivered) {
  Create({Spec("a", ProbeKind::kIcmp, "192.0.2.1"), Spec("b", ProbeKind::kIcmp, "192.0.2.2")});
  Add<ImmediateProber>(ProbeKind::kIcmp, 2);
  Start();
  RunTo(milliseconds{600});
  EXPECT_EQ(log_.size(), 2u);
  EXPECT_EQ(service_->counters().stray_completions, 2u);
}

TEST_F(ProbeServiceTest, RunOnLoopRunsOnTheProbeThread) {
  Create({Spec("a", ProbeKind::kIcmp, "192.0.2.1")});
  auto* icmp = Add<ImmediateProber>(ProbeKind::kIcmp);
  Start();
  RunTo(Duration::zero());
  std::promise<std::thread::id> id;
  service_->RunOnLoop([&] { id.set_value(std::this_thread::get_id()); });
  std::future<std::thread::id> f = id.get_future();
  ASSERT_EQ(f.wait_for(seconds{20}), std::future_status::ready);
  EXPECT_EQ(f.get(), icmp->starts().at(0).thread);
}

}  // namespace
}  // namespace ww::testing
