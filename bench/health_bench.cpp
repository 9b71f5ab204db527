// /api/health cost (Release build), against a real store holding 24 h of
// minutes for 4 uplinks (5,760 rows):
//  - BM_HealthRequest: one request as served, the gap scan cached (the
//    common case: it is recomputed at most every 10 s).
//  - BM_HealthRequestWithGapScan: one request that also reads the 24 h of
//    minutes of every uplink (the first request, then one per 10 s).

#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "api/handlers.h"
#include "core/clock.h"
#include "store/store.h"

namespace ww {
namespace {

namespace fs = std::filesystem;
constexpr int kUplinks = 4;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "ww-health-bench-XXXXXX").string();
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

// A store with every minute of the last 24 h for each uplink.
struct Fixture {
  Fixture() {
    StoreOptions options;
    options.data_dir = dir.path();
    auto opened = Store::Open(options, clock);
    if (!opened.ok()) std::abort();
    store = std::move(opened).value();
    const std::int64_t now_ms = ToUnixMillis(clock.WallNow());
    const std::int64_t last = now_ms - now_ms % kMinuteMs;
    for (int u = 0; u < kUplinks; ++u) {
      UplinkSpec spec;
      spec.name = "uplink " + std::to_string(u);
      uplinks.push_back(spec);
      for (std::int64_t ms = last - 1440 * kMinuteMs; ms <= last; ms += kMinuteMs) {
        UplinkMinute m;
        m.start_ms = ms;
        m.state = UplinkState::kUp;
        m.samples = 60;
        m.sum_ms = 600;
        store->RecordUplinkMinute(spec.name, m);
      }
    }
    store->Flush();
  }

  ApiContext Context() const {
    ApiContext c{nullptr, *store, clock};
    c.data_dir = dir.path();
    c.uplinks = uplinks;
    c.started_at = clock.WallNow() - std::chrono::hours(1);
    c.probe_loop = [this] {
      ProbeLoopHealth h;
      h.running = true;
      h.round = 3600;
      h.last_round_at = clock.WallNow();
      h.round_interval = std::chrono::seconds(1);
      return h;
    };
    return c;
  }

  SystemClock clock;
  TempDir dir;
  std::unique_ptr<Store> store;
  std::vector<UplinkSpec> uplinks;
};

Fixture& Shared() {
  static Fixture* f = new Fixture();  // lives for the process: the benchmarks share it
  return *f;
}

HttpRequest Get() {
  HttpRequest r;
  r.method = "GET";
  r.path = r.target = "/api/health";
  return r;
}

void BM_HealthRequest(benchmark::State& state) {
  const ApiContext context = Shared().Context();
  HealthState health;
  const HttpRequest request = Get();
  HandleHealth(context, health, request);  // fills the gap cache
  for (auto _ : state) {
    HttpResponse r = HandleHealth(context, health, request);
    benchmark::DoNotOptimize(r.body);
  }
}
BENCHMARK(BM_HealthRequest)->Unit(benchmark::kMicrosecond);

void BM_HealthRequestWithGapScan(benchmark::State& state) {
  const ApiContext context = Shared().Context();
  const HttpRequest request = Get();
  for (auto _ : state) {
    HealthState health;  // empty cache: the scan runs
    HttpResponse r = HandleHealth(context, health, request);
    benchmark::DoNotOptimize(r.body);
  }
  state.counters["minutes_read"] = kUplinks * 1440.0;
}
BENCHMARK(BM_HealthRequestWithGapScan)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace ww

BENCHMARK_MAIN();
