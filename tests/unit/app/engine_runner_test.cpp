#include "app/engine_runner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

namespace ww {
namespace {

// Records what the runner sends to the store.
class RecordingStore : public Store {
 public:
  Status RegisterTargets(const std::vector<TargetSpec>&) override { return Status::Ok(); }
  void Append(const Sample& s) override {
    std::lock_guard lock(mu);
    samples.push_back(s);
  }
  void RecordDrop(const DropRecord& d) override {
    std::lock_guard lock(mu);
    drops.push_back(d);
  }
  void Flush() override {}
  std::vector<DropRecord> Drops(std::size_t) const override { return {}; }
  std::uint64_t DropCount() const override { return 0; }
  HistorySeries History(WallTime, WallTime, std::chrono::seconds) const override { return {}; }
  std::array<std::optional<HeatCell>, 24> Heatmap(WallTime, int) const override { return {}; }
  StoreHealth Health() const override { return {}; }

  std::mutex mu;
  std::vector<Sample> samples;
  std::vector<DropRecord> drops;
};

std::vector<TargetSpec> OneTarget() {
  TargetSpec t;
  t.name = "192.0.2.1";
  t.connectivity = true;
  return {t};
}

template <typename Pred>
bool WaitFor(Pred pred) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return pred();
}

TEST(EngineRunner, ForwardsSamplesAndDropsAndPublishesSnapshots) {
  SystemClock clock;
  RecordingStore store;
  Engine engine(OneTarget(), EngineOptions{.drop_threshold = 2}, clock.WallNow());
  EngineRunner runner(std::move(engine), &store, clock, {std::chrono::milliseconds(20), 1000});
  std::vector<DropEvent> seen;
  std::mutex seen_mu;
  runner.OnDrop([&](const DropEvent& e) {
    std::lock_guard lock(seen_mu);
    seen.push_back(e);
  });
  runner.Start();
  const WallTime t0 = clock.WallNow();
  for (int k = 0; k < 5; ++k) {
    Sample s;
    s.round = k;
    s.sent_at = t0 + Seconds(k);
    s.ok = k == 0 || k == 4;
    s.rtt_ms = 3;
    runner.Post(s);
  }
  ASSERT_TRUE(WaitFor([&] { return runner.snapshot()->total_pings == 5; }));
  runner.Stop();
  EXPECT_EQ(store.samples.size(), 5u);
  ASSERT_EQ(store.drops.size(), 2u);  // started, then ended
  EXPECT_FALSE(store.drops[0].end);
  EXPECT_EQ(*store.drops[1].end, t0 + Seconds(4));
  EXPECT_EQ(seen.size(), 2u);
  EXPECT_EQ(runner.snapshot()->drops_this_session, 1u);
}

TEST(EngineRunner, LinkStateReachesTheSnapshot) {
  SystemClock clock;
  EngineRunner runner(Engine(OneTarget(), EngineOptions{}, clock.WallNow()), nullptr, clock);
  runner.Start();
  runner.Post(LinkState{"10.0.0.1", "eth9", "up", ""});
  ASSERT_TRUE(WaitFor([&] { return runner.snapshot()->interface == "eth9"; }));
  EXPECT_EQ(*runner.snapshot()->gateway_address, "10.0.0.1");
}

// Records what the runner publishes (AlertSink must be thread-safe).
class RecordingSink : public AlertSink {
 public:
  void Publish(AlertEvent event) override {
    std::lock_guard lock(mu);
    events.push_back(std::move(event));
  }
  std::size_t size() {
    std::lock_guard lock(mu);
    return events.size();
  }
  std::mutex mu;
  std::vector<AlertEvent> events;
};

TEST(EngineRunner, PublishesDropAndUplinkAlertsInTheOrderTheyHappened) {
  SystemClock clock;
  UplinkSpec implicit;
  implicit.implicit = true;
  implicit.ping_targets = {0};
  implicit.hysteresis_rounds = 1;
  implicit.high_loss_pct = 100;  // else 3 lost of 5 leaves it DEGRADED (high_loss) at round 4
  Engine engine(OneTarget(), EngineOptions{.drop_threshold = 2}, clock.WallNow(), {implicit});
  EngineRunner runner(std::move(engine), nullptr, clock);
  auto sink = std::make_shared<RecordingSink>();
  runner.SetAlertSink(sink);
  runner.Start();
  runner.Post(LinkState{"10.0.0.1", "eth9", "up", ""});
  const WallTime t0 = clock.WallNow();
  for (int k = 0; k < 5; ++k) {
    Sample s;
    s.round = k;
    s.sent_at = t0 + Seconds(k);
    s.ok = k == 0 || k == 4;
    s.rtt_ms = 3;
    s.error = s.ok ? ProbeError::kNone : ProbeError::kTimeout;
    runner.Post(s);
  }
  ASSERT_TRUE(WaitFor([&] { return sink->size() >= 4; }));
  runner.Stop();
  std::vector<std::string> seen;
  for (const AlertEvent& e : sink->events) {
    seen.push_back(std::string(AlertKindName(e.kind)) + ":" + std::string(AlertPhaseName(e.phase)));
  }
  // Round 1 fails: the uplink (hysteresis 1) is DOWN; round 2: the drop is
  // confirmed; round 4 answers: the drop ends, then the uplink is UP again.
  ASSERT_EQ(seen, (std::vector<std::string>{"uplink_state:start", "drop:start", "drop:end",
                                            "uplink_state:end"}));
  EXPECT_EQ(sink->events[0].timestamp, t0 + Seconds(1));
  EXPECT_EQ(sink->events[0].title.rfind("Uplink \u201ceth9\u201d is DOWN", 0), 0u)
      << sink->events[0].title;
  EXPECT_EQ(sink->events[1].timestamp, t0 + Seconds(1));  // the drop began at its first failure
  ASSERT_TRUE(sink->events[2].duration_seconds);
  EXPECT_DOUBLE_EQ(*sink->events[2].duration_seconds, 3);
  ASSERT_TRUE(sink->events[3].duration_seconds);
  EXPECT_DOUBLE_EQ(*sink->events[3].duration_seconds, 3);
}

}  // namespace
}  // namespace ww
