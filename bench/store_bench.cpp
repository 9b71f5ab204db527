// Store benchmarks (Release build):
//  - BM_AppendAndFlush: samples per second through Append -> queue -> writer
//    thread -> SQLite (raw rows + 3 rollup levels), i.e. the writer's ceiling.
//  - BM_History*/BM_Heatmap: chart queries over 24 h of 1 s data, 4 targets
//    (3 external connectivity + gateway): 345,600 raw rows.

#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/clock.h"
#include "store/store.h"

namespace ww {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "ww-store-bench-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::vector<TargetSpec> Targets(int n) {
  std::vector<TargetSpec> out;
  for (int i = 0; i < n; ++i) {
    TargetSpec t;
    t.name = "target-" + std::to_string(i);
    t.role = i == n - 1 ? TargetRole::kGateway : TargetRole::kExternal;
    t.connectivity = t.role == TargetRole::kExternal;
    out.push_back(t);
  }
  return out;
}

Sample MakeSample(TargetId target, WallTime t, std::int64_t i) {
  Sample s;
  s.target = target;
  s.sent_at = t;
  s.ok = i % 97 != 0;  // about 1% loss
  s.rtt_ms = s.ok ? 8.0 + static_cast<double>((i * 7919) % 300) / 10.0 : 0;
  if (!s.ok) s.error = ProbeError::kTimeout;
  return s;
}

std::unique_ptr<Store> OpenStore(const fs::path& dir, const Clock& clock) {
  StoreOptions o;
  o.data_dir = dir;
  o.queue_capacity = 400'000;
  auto store = Store::Open(o, clock);
  if (!store.ok()) return nullptr;
  return std::move(store.value());
}

// state.range(0) targets, each probed once per simulated second; one iteration
// appends 100,000 samples and waits for them to be committed.
void BM_AppendAndFlush(benchmark::State& state) {
  TempDir dir;
  SystemClock clock;
  auto store = OpenStore(dir.path(), clock);
  if (!store) return state.SkipWithError("cannot open store");
  const int targets = static_cast<int>(state.range(0));
  store->RegisterTargets(Targets(targets));
  constexpr std::int64_t kPerIteration = 100'000;
  std::int64_t i = 0;
  const WallTime start = clock.WallNow() - std::chrono::hours(24);
  for (auto _ : state) {
    for (std::int64_t n = 0; n < kPerIteration; ++n, ++i) {
      const auto second = std::chrono::seconds(i / targets);
      store->Append(MakeSample(static_cast<TargetId>(i % targets), start + second, i));
    }
    store->Flush();
  }
  state.SetItemsProcessed(state.iterations() * kPerIteration);
  state.counters["queue_dropped"] = static_cast<double>(store->Health().queue_dropped);
}
BENCHMARK(BM_AppendAndFlush)->Arg(4)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();

// One day of 1 s data for 4 targets, written once per benchmark.
class DayOfData : public benchmark::Fixture {
 public:
  void SetUp(const benchmark::State&) override {
    dir_ = std::make_unique<TempDir>();
    store_ = OpenStore(dir_->path(), clock_);
    if (!store_) return;
    store_->RegisterTargets(Targets(4));
    const WallTime from = Day();
    for (std::int64_t s = 0; s < 86'400; ++s) {
      for (TargetId t = 0; t < 4; ++t) {
        store_->Append(MakeSample(t, from + std::chrono::seconds(s), s * 4 + t));
      }
      if (s % 20'000 == 0) store_->Flush();  // keep the queue well under its capacity
    }
    store_->Flush();
  }
  void TearDown(const benchmark::State&) override {
    store_.reset();
    dir_.reset();
  }
  static WallTime Day() { return WallTime{std::chrono::seconds{1'800'000'000}}; }

 protected:
  FakeClock clock_{Day() + std::chrono::hours(24)};
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<Store> store_;
};

BENCHMARK_DEFINE_F(DayOfData, History24hBySecond)(benchmark::State& state) {
  if (!store_) return state.SkipWithError("cannot open store");
  std::size_t points = 0;
  for (auto _ : state) {
    HistorySeries h =
        store_->History(Day(), Day() + std::chrono::hours(24), std::chrono::seconds(1));
    points = h.times.size();
    benchmark::DoNotOptimize(h);
  }
  state.counters["points"] = static_cast<double>(points);
}
BENCHMARK_REGISTER_F(DayOfData, History24hBySecond)->Unit(benchmark::kMillisecond);

BENCHMARK_DEFINE_F(DayOfData, History24hByMinute)(benchmark::State& state) {
  if (!store_) return state.SkipWithError("cannot open store");
  for (auto _ : state) {
    HistorySeries h =
        store_->History(Day(), Day() + std::chrono::hours(24), std::chrono::seconds(60));
    benchmark::DoNotOptimize(h);
  }
}
BENCHMARK_REGISTER_F(DayOfData, History24hByMinute)->Unit(benchmark::kMillisecond);

BENCHMARK_DEFINE_F(DayOfData, Heatmap)(benchmark::State& state) {
  if (!store_) return state.SkipWithError("cannot open store");
  for (auto _ : state) {
    auto cells = store_->Heatmap(Day() + std::chrono::hours(24), 60);
    benchmark::DoNotOptimize(cells);
  }
}
BENCHMARK_REGISTER_F(DayOfData, Heatmap)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ww

BENCHMARK_MAIN();
