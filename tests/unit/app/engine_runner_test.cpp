#include "app/engine_runner.h"

#include <gtest/gtest.h>

#include <chrono>
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

}  // namespace
}  // namespace ww
