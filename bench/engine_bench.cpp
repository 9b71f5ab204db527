// The engine's hot path: OnSample for every probe result, and the once-a-second
// snapshot over full 15-minute windows.
#include <benchmark/benchmark.h>

#include "engine/engine.h"
#include "engine/uplink_history.h"

namespace ww {
namespace {

const WallTime kStart = FromUnixMillis(1'800'000'000'000);

std::vector<TargetSpec> MakeTargets(int n) {
  std::vector<TargetSpec> targets(static_cast<std::size_t>(n) + 1);
  targets[0].name = "gateway";
  targets[0].role = TargetRole::kGateway;
  for (int i = 1; i <= n; ++i) {
    targets[i].name = "198.51.100." + std::to_string(i);
    targets[i].connectivity = true;
  }
  return targets;
}

void FeedRounds(Engine& engine, int targets, std::int64_t first, std::int64_t rounds) {
  for (std::int64_t k = first; k < first + rounds; ++k) {
    for (int t = 0; t <= targets; ++t) {
      Sample s;
      s.target = static_cast<TargetId>(t);
      s.round = k;
      s.sent_at = kStart + Seconds(k);
      s.ok = (k + t) % 50 != 0;
      s.rtt_ms = 10.0 + static_cast<double>((k * 7 + t) % 13);
      engine.OnSample(s);
    }
  }
}

void BM_OnSample(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Engine engine(MakeTargets(n), EngineOptions{}, kStart);
  std::int64_t k = 0;
  for (auto _ : state) {
    FeedRounds(engine, n, k++, 1);
    if (k % 900 == 0) engine.MakeSnapshot(kStart + Seconds(k));  // keep windows bounded
  }
  state.SetItemsProcessed(state.iterations() * (n + 1));
}
BENCHMARK(BM_OnSample)->Arg(3)->Arg(100)->Arg(1000);

void BM_SnapshotFullWindow(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Engine engine(MakeTargets(n), EngineOptions{}, kStart);
  FeedRounds(engine, n, 0, 900);  // 15 minutes at 1 s
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine.MakeSnapshot(kStart + Seconds(900)));
  }
}
BENCHMARK(BM_SnapshotFullWindow)->Arg(3)->Arg(100)->Unit(benchmark::kMillisecond);

// /api/history?range=90d for one uplink: 129,600 minute records into 25,920
// five-minute buckets and the summary (the store query is measured apart).
void BM_UplinkHistory90Days(benchmark::State& state) {
  constexpr std::int64_t kFrom = 1'800'000'000'000;
  constexpr std::int64_t kMinutes = 90LL * 24 * 60;
  std::vector<UplinkMinute> minutes(kMinutes);
  for (std::int64_t i = 0; i < kMinutes; ++i) {
    UplinkMinute& m = minutes[static_cast<std::size_t>(i)];
    m.start_ms = kFrom + i * kMinuteMs;
    m.state = i % 997 == 0 ? UplinkState::kDown : UplinkState::kUp;
    m.samples = 60;
    m.lost = i % 997 == 0 ? 60 : 0;
    m.sum_ms = 10.0 * (m.samples - m.lost);
    m.min_ms = 9;
    m.max_ms = 11;
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(BuildUplinkHistory(minutes, kFrom, kFrom + kMinutes * kMinuteMs));
  }
}
BENCHMARK(BM_UplinkHistory90Days)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ww

BENCHMARK_MAIN();
