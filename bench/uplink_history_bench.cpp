// isp-status history over 90 days (Release build):
//  - BM_HistoryJson/<range>: the whole /api/history?range=...&name=... handler
//    call: the Connectivity Monitor series (hourly rollups), the uplink's
//    minutes (store read), BuildUplinkHistory, the JSON text.
//  - BM_HistoryCsv/90d: the same for /api/history.csv.
//  - the parts, to see where time goes: BM_ReadMinutes90d (one query of all
//    the minutes), BM_Stream90d (read and built a day at a time, as the
//    handlers do), BM_Series90d (the Connectivity Monitor arrays), BM_Build90d,
//    BM_FormatJson90d / BM_FormatCsv90d (the bucket text alone).
// On the database of uplink_history_db.h (generated once into the build
// directory, ~1 minute, then reused). Goal: the 90-day calls under 100 ms.
//
//   build/<dir>/bench/ww_uplink_history_bench [--benchmark_min_time=0.5]

#include <benchmark/benchmark.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "api/handlers.h"
#include "api/uplink_bucket_format.h"
#include "api/uplink_history_stream.h"
#include "store/store.h"
#include "uplink_history_db.h"

#ifndef WW_BENCH_DATA_DIR
#define WW_BENCH_DATA_DIR "/tmp/ww-uplink-history-bench"
#endif

namespace ww::bench {
namespace {

constexpr const char* kUplink = "Liquid (BGP01)";

HttpRequest Request(const std::string& path, const std::string& range) {
  HttpRequest r;
  r.method = "GET";
  r.path = path;
  r.query.emplace("range", range);
  r.query.emplace("name", kUplink);
  return r;
}

void CallHandler(benchmark::State& state, const ApiContext& context, const std::string& path,
                 const std::string& range) {
  const HttpRequest request = Request(path, range);
  std::size_t bytes = 0;
  for (auto _ : state) {
    HttpResponse r = path.ends_with(".csv") ? HandleHistoryCsv(context, request)
                                            : HandleHistory(context, request);
    if (r.status != 200) return state.SkipWithError(r.body.c_str());
    bytes = r.body.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["body_kB"] = static_cast<double>(bytes) / 1000.0;
}

void Add(const std::string& name, std::function<void(benchmark::State&)> run) {
  benchmark::RegisterBenchmark(name.c_str(), std::move(run))
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
}

void Register(const ApiContext& context, const std::vector<UplinkMinute>& minutes,
              std::int64_t from_ms, std::int64_t now_ms) {
  for (const std::string range : {"24h", "7d", "30d", "90d"}) {
    Add("BM_HistoryJson/" + range,
        [&context, range](benchmark::State& s) { CallHandler(s, context, "/api/history", range); });
  }
  Add("BM_HistoryCsv/90d",
      [&context](benchmark::State& s) { CallHandler(s, context, "/api/history.csv", "90d"); });
  // The parts of the 90-day call.
  Add("BM_ReadMinutes90d", [&context, from_ms, now_ms](benchmark::State& s) {
    for (auto _ : s)
      benchmark::DoNotOptimize(context.store.UplinkMinutes(kUplink, from_ms, now_ms));
  });
  Add("BM_Series90d", [&context](benchmark::State& s) {
    const WallTime now = context.clock.WallNow();
    const auto span = std::chrono::hours(24 * 90);
    for (auto _ : s) {
      benchmark::DoNotOptimize(context.store.History(now - span, now, DefaultHistoryStep(span)));
    }
  });
  Add("BM_Build90d", [&minutes, from_ms, now_ms](benchmark::State& s) {
    for (auto _ : s) benchmark::DoNotOptimize(BuildUplinkHistory(minutes, from_ms, now_ms));
  });
  Add("BM_Stream90d", [&context](benchmark::State& s) {
    std::size_t n = 0;
    for (auto _ : s) {
      StreamUplinkHistory(context.store, kUplink, std::chrono::hours(24 * 90),
                          context.clock.WallNow(), [&n](const UplinkBucket&) { ++n; });
    }
    benchmark::DoNotOptimize(n);
  });
  const auto history =
      std::make_shared<UplinkHistory>(BuildUplinkHistory(minutes, from_ms, now_ms));
  for (const auto format : {BucketFormat::kJsonObject, BucketFormat::kCsvRow}) {
    const bool json = format == BucketFormat::kJsonObject;
    Add(json ? "BM_FormatJson90d" : "BM_FormatCsv90d", [history, format](benchmark::State& s) {
      for (auto _ : s) {
        std::string out;
        out.reserve(340 * history->buckets.size());  // as the handlers reserve
        for (const UplinkBucket& b : history->buckets) AppendBucket(out, b, format);
        benchmark::DoNotOptimize(out);
      }
    });
  }
}

int Main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  HistoryDbShape shape;
  // 2027-01-15T08:07:30Z: inside a 5-minute bucket, like a real request.
  shape.now = WallTime{std::chrono::seconds{1'800'000'000 + 450}};
  shape.uplinks = {"Liquid (BGP01)", "Vox (FTTH)", "LTE backup"};
  const std::filesystem::path dir = WW_BENCH_DATA_DIR;
  const auto started = std::chrono::steady_clock::now();
  auto made = EnsureHistoryDb(dir, shape);
  if (!made) {
    std::fprintf(stderr, "%s\n", made.error().c_str());
    return 1;
  }
  if (*made) {
    std::fprintf(stderr, "generated %s/wanwatch.db in %.1f s\n", dir.c_str(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  FakeClock clock(shape.now);
  StoreOptions options;
  options.data_dir = dir;
  auto store = Store::Open(options, clock);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().c_str());
    return 1;
  }
  auto snapshot = std::make_shared<Snapshot>();
  for (const std::string& name : shape.uplinks) {
    UplinkStatus u;
    u.name = u.key = name;
    snapshot->uplinks.push_back(u);
  }
  const ApiContext context{[snapshot] { return snapshot; }, **store, clock};
  const std::int64_t now_ms = ToUnixMillis(shape.now);
  const std::int64_t from_ms = now_ms - std::chrono::duration_cast<Millis>(shape.span).count();
  const std::vector<UplinkMinute> minutes = (*store)->UplinkMinutes(kUplink, from_ms, now_ms);
  std::fprintf(stderr, "%zu minutes of '%s', database %.0f MB\n", minutes.size(), kUplink,
               static_cast<double>((*store)->Health().db_bytes) / 1e6);
  Register(context, minutes, from_ms, now_ms);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace
}  // namespace ww::bench

int main(int argc, char** argv) { return ww::bench::Main(argc, argv); }
