// Cost of scheduling: the pure Schedule per probe, and the probe service's
// whole path per probe (timer, request, fake prober answering by post, sink)
// at 10,000 targets.
#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "probe/probe_service.h"
#include "probe/schedule.h"

namespace ww {
namespace {

// 90% every round, 9% every 5th, 1% every 30th: ICMP, TCP, DNS/HTTP cadences.
std::vector<TargetSpec> MixedTargets(int n, Millis base) {
  std::vector<TargetSpec> targets(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    TargetSpec& t = targets[static_cast<std::size_t>(i)];
    t.name = "t" + std::to_string(i);
    t.host = "198.51.100." + std::to_string(i % 250 + 1);
    const int m = i % 100 == 0 ? 30 : (i % 10 == 0 ? 5 : 1);
    t.interval = base * m;
  }
  return targets;
}

void BM_SchedulePop(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Schedule schedule = Schedule::Create(MixedTargets(n, Millis{1000}), Millis{1000}).value();
  schedule.Start(MonoTime{});
  for (auto _ : state) benchmark::DoNotOptimize(schedule.Pop());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SchedulePop)->Arg(10)->Arg(10'000);

void BM_ScheduleSkipLate(benchmark::State& state) {
  Schedule schedule = Schedule::Create(MixedTargets(10'000, Millis{1000}), Millis{1000}).value();
  schedule.Start(MonoTime{});
  MonoTime now{};
  for (auto _ : state) {
    now += std::chrono::hours{1};  // an hour-long stall each time
    benchmark::DoNotOptimize(schedule.SkipLate(now));
  }
}
BENCHMARK(BM_ScheduleSkipLate);

class PostingProber final : public Prober {
 public:
  explicit PostingProber(boost::asio::io_context& io) : io_(io) {}
  std::string_view name() const override { return "posting"; }
  void Start(const ProbeRequest& request, ProbeDone done) override {
    Sample s;
    s.ok = true;
    boost::asio::post(io_, [s, done = std::move(done)] { done(s); });
  }

 private:
  boost::asio::io_context& io_;
};

double ProcessCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Counts samples; wakes the benchmark thread (which sleeps, so the process's
// CPU time is the loop's) when a round is complete.
class RoundWaiter {
 public:
  void OnSample() {
    if (delivered_.fetch_add(1) + 1 == target_.load()) {
      std::lock_guard lock(mu_);
      cv_.notify_one();
    }
  }
  void WaitFor(std::uint64_t target) {
    std::unique_lock lock(mu_);
    target_.store(target);
    cv_.wait(lock, [&] { return delivered_.load() >= target; });
  }
  std::uint64_t delivered() const { return delivered_.load(); }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> target_{0};
};

// One iteration = one round of an n-target schedule through the service,
// from Poll to the last sample in the sink.
void BM_ServiceRound(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  FakeClock clock;
  RoundWaiter waiter;
  ProbeServiceOptions options;
  options.lookup = [](const std::string& h) { return Result<IpAddress>::Error(h); };
  std::vector<TargetSpec> targets = MixedTargets(n, Millis{1000});
  for (TargetSpec& t : targets) t.interval = Millis{1000};
  auto service = ProbeService::Create(clock, targets, options, [&](const Sample&) {
                   waiter.OnSample();
                 }).value();
  PostingProber prober(service->context());
  (void)service->RegisterProber(ProbeKind::kIcmp, &prober);
  (void)service->Start();
  clock.Advance(std::chrono::milliseconds{600});  // each Poll then finds one whole round due
  std::uint64_t expected = 0;
  const double cpu0 = ProcessCpuSeconds();
  for (auto _ : state) {
    expected += static_cast<std::uint64_t>(n);
    service->Poll();
    waiter.WaitFor(expected);
    clock.Advance(std::chrono::seconds{1});
  }
  const double cpu = ProcessCpuSeconds() - cpu0;
  state.SetItemsProcessed(static_cast<std::int64_t>(expected));
  state.counters["cpu_ns_per_probe"] = 1e9 * cpu / static_cast<double>(expected);
  state.counters["rounds_skipped"] = static_cast<double>(service->counters().rounds_skipped);
  service->Stop();
}
BENCHMARK(BM_ServiceRound)->Arg(10'000)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ww

BENCHMARK_MAIN();
