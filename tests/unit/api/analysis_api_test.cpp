// /api/analysis/* through the Router on a temp-dir database (the real sample
// store and results store, a fake clock): the JSON of each endpoint with its
// rounding, the lookback windows, every parameter's 400, the ping target's
// 404, and 503 without a speed test part.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../common/targets.h"
#include "../common/temp_dir.h"
#include "api/analysis_api.h"
#include "api/routes.h"
#include "api/speedtest_api.h"
#include "core/time_format.h"
#include "http/request_decode.h"
#include "http/router.h"

namespace ww {
namespace {

using nlohmann::json;
using std::chrono::hours;
using std::chrono::minutes;

WallTime At(const char* iso) { return *ParseIso8601(iso); }

SpeedtestResult Measured(WallTime at, double down, double up, double ping) {
  SpeedtestResult r;
  r.timestamp = at;
  r.ok = true;
  r.server_name = "speed.example";
  r.server_location = "Berlin, DE";
  r.isp = "Example ISP";
  r.download_mbps = down;
  r.upload_mbps = up;
  r.ping_ms = ping;
  r.jitter_ms = 1.234;
  return r;
}

class AnalysisApiTest : public ::testing::Test {
 protected:
  AnalysisApiTest() : dir_("ww-analysis-api"), clock_(At("2026-05-17T12:00:00Z")) {}

  void SetUp() override {
    StoreOptions o;
    o.data_dir = dir_.path();
    o.batch_interval = hours(1);
    auto store = Store::Open(o, clock_);
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(store).value();
    ASSERT_TRUE(store_->RegisterTargets(
        {unit_test::MakeTarget("192.0.2.10", TargetRole::kExternal, true, ProbeKind::kIcmp),
         unit_test::MakeTarget("gw", TargetRole::kGateway, false, ProbeKind::kIcmp)}));
    auto results = SpeedtestResultsStore::Open(dir_.path() / "wanwatch.db", clock_);
    ASSERT_TRUE(results.ok()) << results.error();
    results_ = std::move(results).value();
    scheduler_ = std::make_unique<SpeedtestScheduler>(
        [](const std::string&, int, const SpeedtestProgressFn&, const std::atomic<bool>*) {
          return SpeedtestResult{};
        },
        [](SpeedtestResult&, const SpeedtestSettings&) {}, SpeedtestSettings{}, clock_);
    ApiContext context{nullptr, *store_, clock_};
    context.speedtest =
        std::make_shared<const SpeedtestApi>(SpeedtestApi{*results_, *scheduler_, {}});
    RegisterApiRoutes(router_, context);
    RegisterApiRoutes(bare_router_, ApiContext{nullptr, *store_, clock_});
  }

  static HttpResponse CallOn(Router& router, const std::string& target) {
    HttpRequest r;
    r.method = "GET";
    r.target = target;
    EXPECT_TRUE(DecodeTarget(r).ok()) << target;
    return router.Handle(r);
  }
  json Get(const std::string& target, int status = 200) {
    const HttpResponse r = CallOn(router_, target);
    EXPECT_EQ(r.status, status) << target << ": " << r.body;
    return json::parse(r.body);
  }
  void Insert(const SpeedtestResult& r) { ASSERT_TRUE(results_->Insert(r).ok()); }

  unit_test::TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SpeedtestResultsStore> results_;
  std::unique_ptr<SpeedtestScheduler> scheduler_;
  Router router_, bare_router_;
};

TEST_F(AnalysisApiTest, AnomaliesNewestFirstWithRoundedSignedFlags) {
  // analysis_reference.py's series (one result an hour); a failed test between them.
  const double down[] = {100, 110, 90, 40, 105, 95, 300, 100};
  const double up[] = {20, 20, 20, 20, 21, 19, 20, 5};
  const double ping[] = {10, 12, 11, 11, 50, 10, 11, 12};
  const WallTime t0 = At("2026-05-01T00:00:00Z");
  for (int i = 0; i < 8; ++i) Insert(Measured(t0 + hours(i), down[i], up[i], ping[i]));
  SpeedtestResult failed;
  failed.timestamp = t0 + hours(6) + minutes(30);
  failed.error = "refused";
  Insert(failed);

  const json rows = Get("/api/analysis/anomalies?limit=3&window=4&threshold=2");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["timestamp"], "2026-05-01T07:00:00+00:00");
  EXPECT_EQ(rows[0]["id"], 8);
  EXPECT_EQ(rows[0]["jitter_ms"], 1.23);
  EXPECT_EQ(rows[0]["isp_name"], "Example ISP");
  EXPECT_EQ(rows[0]["server_location"], "Berlin, DE");
  EXPECT_EQ(rows[0]["is_anomaly"], true);
  // Upload 5 vs {20, 21, 19, 20}: mean 20, stdev 0.8165, z -18.3712.
  EXPECT_EQ(rows[0]["anomaly_flags"],
            json::parse(R"([{"metric": "upload_mbps", "value": 5.0, "baseline_mean": 20.0,
                             "baseline_stdev": 0.82, "z_score": -18.37}])"));
  // Download 300 vs {90, 40, 105, 95}: mean 82.5, stdev 29.011491975882, z 7.49702911455961
  // (analysis_reference.py).
  ASSERT_EQ(rows[1]["anomaly_flags"].size(), 1u);
  EXPECT_EQ(rows[1]["anomaly_flags"][0]["metric"], "download_mbps");
  EXPECT_EQ(rows[1]["anomaly_flags"][0]["baseline_mean"], 82.5);
  EXPECT_EQ(rows[1]["anomaly_flags"][0]["baseline_stdev"], 29.01);
  EXPECT_EQ(rows[1]["anomaly_flags"][0]["z_score"], 7.5);
  // Upload 19 vs {20, 20, 20, 21}: mean 20.25, stdev 0.5, z -2.5: flagged at 2, not at 3.
  EXPECT_EQ(rows[2]["anomaly_flags"][0]["z_score"], -2.5);
  EXPECT_EQ(Get("/api/v1/analysis/anomalies?limit=3&window=4&threshold=3")[2]["is_anomaly"], false);
  // Defaults: limit 50 (all 8 successful), window 20.
  const json all = Get("/api/analysis/anomalies");
  ASSERT_EQ(all.size(), 8u);
  EXPECT_EQ(all[7]["is_anomaly"], false);  // the oldest has no baseline
}

TEST_F(AnalysisApiTest, EveryBadParameterIs400NamingIt) {
  const std::pair<const char*, const char*> cases[] = {
      {"/api/analysis/anomalies?limit=0", "limit"},
      {"/api/analysis/anomalies?limit=501", "limit"},
      {"/api/analysis/anomalies?limit=abc", "limit"},
      {"/api/analysis/anomalies?limit=", "limit"},
      {"/api/analysis/anomalies?window=2", "window"},
      {"/api/analysis/anomalies?window=201", "window"},
      {"/api/analysis/anomalies?window=5.5", "window"},
      {"/api/analysis/anomalies?threshold=0.4", "threshold"},
      {"/api/analysis/anomalies?threshold=10.5", "threshold"},
      {"/api/analysis/anomalies?threshold=nan", "threshold"},
      {"/api/analysis/anomalies?threshold=", "threshold"},
      {"/api/analysis/time-of-day?days=-1", "days"},
      {"/api/analysis/time-of-day?days=3651", "days"},
      {"/api/analysis/time-of-day?days=x", "days"},
      {"/api/analysis/trends?months=-1", "months"},
      {"/api/analysis/trends?months=121", "months"},
      {"/api/analysis/trends?months=", "months"},
      {"/api/analysis/ping/anomalies?threshold=11", "threshold"},
      {"/api/analysis/ping/anomalies?resolution=1m", "resolution"},
      {"/api/analysis/ping/anomalies?target=", "target"},
      {"/api/analysis/ping/time-of-day?days=4000", "days"},
      {"/api/v1/analysis/trends?months=1000", "months"},
  };
  for (const auto& [target, name] : cases) {
    const json body = Get(target, 400);
    const std::string detail = body["detail"];
    EXPECT_NE(detail.find(std::string("'") + name + "'"), std::string::npos) << target << detail;
  }
  // The bounds themselves are accepted.
  for (const char* ok : {"/api/analysis/anomalies?limit=1&window=3&threshold=0.5",
                         "/api/analysis/anomalies?limit=500&window=200&threshold=10",
                         "/api/analysis/time-of-day?days=0", "/api/analysis/time-of-day?days=3650",
                         "/api/analysis/trends?months=0", "/api/analysis/trends?months=120"}) {
    Get(ok, 200);
  }
}

TEST_F(AnalysisApiTest, TimeOfDayByUtcHourRoundedWithinDays) {
  const WallTime now = clock_.WallNow();                               // 12:00 UTC
  Insert(Measured(now - hours(24) + hours(2), 300.0, 40.0, 12.0));     // day -1, 14:00
  Insert(Measured(now - hours(48) + hours(2), 310.5, 42.5, 13.0));     // day -2, 14:00
  Insert(Measured(now - hours(72) + hours(2), 290.25, 41.0, 14.5));    // day -3, 14:00
  Insert(Measured(now - hours(24 * 40) - hours(3), 50.0, 5.0, 99.0));  // 40 days ago, 09:00
  json hours_json = Get("/api/analysis/time-of-day");
  ASSERT_EQ(hours_json.size(), 1u);  // the 40-day-old result is outside 30 days
  EXPECT_EQ(hours_json[0], json::parse(R"({"hour": 14, "sample_count": 3,
      "avg_download_mbps": 300.25, "avg_upload_mbps": 41.17, "avg_ping_ms": 13.17,
      "min_download_mbps": 290.25, "max_download_mbps": 310.5})"));
  hours_json = Get("/api/analysis/time-of-day?days=0");
  ASSERT_EQ(hours_json.size(), 2u);
  EXPECT_EQ(hours_json[0]["hour"], 9);
  EXPECT_EQ(hours_json[1]["hour"], 14);
  EXPECT_EQ(Get("/api/analysis/time-of-day?days=1").size(), 1u);
  EXPECT_EQ(Get("/api/analysis/time-of-day?days=1")[0]["sample_count"], 1);
}

TEST_F(AnalysisApiTest, TrendsLookbackCountsCalendarMonths) {
  // Now is 2026-05-17. December 2025 is the 6th month back (months=6 starts
  // 2025-12-01); November falls outside. March has no results (a gap).
  Insert(Measured(At("2025-11-30T23:59:59Z"), 500.0, 50.0, 5.0));
  Insert(Measured(At("2025-12-01T00:00:00Z"), 100.0, 10.0, 20.0));
  Insert(Measured(At("2026-01-15T00:00:00Z"), 98.0, 10.0, 20.0));
  Insert(Measured(At("2026-02-15T00:00:00Z"), 96.0, 10.0, 20.0));
  Insert(Measured(At("2026-04-15T00:00:00Z"), 92.0, 10.0, 20.0));
  Insert(Measured(At("2026-05-10T00:00:00Z"), 90.0, 10.0, 20.0));
  Insert(Measured(At("2026-05-11T00:00:00Z"), 90.0, 10.0, 20.0));
  const json t = Get("/api/analysis/trends");
  EXPECT_EQ(t["months_available"], 5);
  ASSERT_EQ(t["monthly_stats"].size(), 5u);
  EXPECT_EQ(t["monthly_stats"][0], json::parse(R"({"month": "2025-12", "sample_count": 1,
      "avg_download_mbps": 100.0, "avg_upload_mbps": 10.0, "avg_ping_ms": 20.0})"));
  EXPECT_EQ(t["monthly_stats"][4]["month"], "2026-05");
  EXPECT_EQ(t["monthly_stats"][4]["sample_count"], 2);
  // x = 0, 1, 2, 4, 5; y = 100, 98, 96, 92, 90: exactly -2 a month.
  EXPECT_EQ(t["download_slope"], -2.0);
  EXPECT_EQ(t["upload_slope"], 0.0);
  EXPECT_EQ(t["ping_slope"], 0.0);
  EXPECT_EQ(t["degradation_detected"], true);  // -2 < -1% of 95.2
  EXPECT_EQ(t["degraded_metrics"], json::array({"download_mbps"}));
  EXPECT_EQ(t["tolerance_pct_per_month"], 1.0);
  EXPECT_EQ(Get("/api/analysis/trends?months=0")["months_available"], 6);

  const json one = Get("/api/analysis/trends?months=1");
  EXPECT_EQ(one["months_available"], 1);
  EXPECT_TRUE(one["download_slope"].is_null());
  EXPECT_TRUE(one["ping_slope"].is_null());
  EXPECT_EQ(one["degradation_detected"], false);
}

TEST_F(AnalysisApiTest, SlopesKeepFourDecimals) {
  // Months 0..2 with download means 100, 99.9, 99.77: Sxy = 99.77 - 100,
  // Sxx = 2 → -0.115; ping 20, 20, 20.12346 → 0.06173 → 0.0617.
  Insert(Measured(At("2026-03-10T00:00:00Z"), 100.0, 10.0, 20.0));
  Insert(Measured(At("2026-04-10T00:00:00Z"), 99.9, 10.0, 20.0));
  Insert(Measured(At("2026-05-10T00:00:00Z"), 99.77, 10.0, 20.12346));
  const json t = Get("/api/analysis/trends");
  EXPECT_EQ(t["download_slope"], -0.115);
  EXPECT_EQ(t["ping_slope"], 0.0617);
  EXPECT_EQ(t["degradation_detected"], false);  // within 1% of the means
}

TEST_F(AnalysisApiTest, EmptyDatabaseGivesEmptyAnswers) {
  EXPECT_EQ(Get("/api/analysis/anomalies"), json::array());
  EXPECT_EQ(Get("/api/analysis/time-of-day"), json::array());
  const json t = Get("/api/analysis/trends");
  EXPECT_EQ(t["monthly_stats"], json::array());
  EXPECT_EQ(t["months_available"], 0);
  EXPECT_TRUE(t["download_slope"].is_null());
  EXPECT_EQ(Get("/api/analysis/ping/anomalies"), json::array());
  EXPECT_EQ(Get("/api/analysis/ping/time-of-day"), json::array());
}

TEST_F(AnalysisApiTest, WithoutResultsStoreSpeedAnalysisIs503) {
  for (const char* path :
       {"/api/analysis/anomalies", "/api/analysis/time-of-day", "/api/analysis/trends"}) {
    EXPECT_EQ(CallOn(bare_router_, path).status, 503) << path;
  }
  EXPECT_EQ(CallOn(bare_router_, "/api/analysis/ping/time-of-day").status, 200);
}

TEST_F(AnalysisApiTest, PingAnalysisPerTarget) {
  // Target 0 (192.0.2.10): 4 hours of 10 ms with one 12 ms, then an hour at 80 ms
  // with half lost. Target 1 (gw): one hour.
  const WallTime start = At("2026-05-17T06:00:00Z");
  for (int h = 0; h < 5; ++h) {
    for (int i = 0; i < 10; ++i) {
      Sample s;
      s.target = 0;
      s.sent_at = start + hours(h) + minutes(i);
      s.ok = !(h == 4 && i % 2 == 1);
      if (s.ok) s.rtt_ms = h == 4 ? 80.0 : (h == 2 && i == 0 ? 12.0 : 10.0);
      store_->Append(s);
    }
  }
  Sample gw;
  gw.target = 1;
  gw.sent_at = start;
  gw.ok = true;
  gw.rtt_ms = 0.5;
  store_->Append(gw);
  store_->Flush();

  const json one = Get("/api/analysis/ping/anomalies?target=192.0.2.10&window=4&limit=2");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0]["target"], "192.0.2.10");
  EXPECT_EQ(one[0]["kind"], "icmp");
  EXPECT_EQ(one[0]["role"], "external");
  EXPECT_EQ(one[0]["resolution"], "1h");
  const json& buckets = one[0]["buckets"];
  ASSERT_EQ(buckets.size(), 2u);
  EXPECT_EQ(buckets[0]["timestamp"], "2026-05-17T10:00:00+00:00");
  EXPECT_EQ(buckets[0]["sample_count"], 10);
  EXPECT_EQ(buckets[0]["lost"], 5);
  EXPECT_EQ(buckets[0]["loss_pct"], 50.0);
  EXPECT_EQ(buckets[0]["avg_latency_ms"], 80.0);
  EXPECT_EQ(buckets[0]["is_anomaly"], true);
  // Latency baseline {10, 10, 10.2, 10}: mean 10.05, stdev 0.1, z 699.5.
  // Loss baseline all 0: stdev 0, not judged.
  EXPECT_EQ(buckets[0]["anomaly_flags"],
            json::parse(R"([{"metric": "avg_latency_ms", "value": 80.0, "baseline_mean": 10.05,
                             "baseline_stdev": 0.1, "z_score": 699.5}])"));
  EXPECT_EQ(buckets[1]["is_anomaly"], false);

  const json all = Get("/api/analysis/ping/anomalies?resolution=5m");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1]["target"], "gw");
  EXPECT_EQ(all[1]["resolution"], "5m");
  EXPECT_EQ(all[0]["buckets"].size(), 10u);  // two 5-minute buckets an hour

  const json tod = Get("/api/analysis/ping/time-of-day?target=192.0.2.10&days=1");
  ASSERT_EQ(tod.size(), 1u);
  ASSERT_EQ(tod[0]["hours"].size(), 5u);
  EXPECT_EQ(tod[0]["hours"][2], json::parse(R"({"hour": 8, "sample_count": 10, "lost": 0,
      "loss_pct": 0.0, "avg_latency_ms": 10.2, "min_latency_ms": 10.0, "max_latency_ms": 12.0})"));
  EXPECT_EQ(tod[0]["hours"][4]["loss_pct"], 50.0);
  EXPECT_EQ(Get("/api/analysis/ping/time-of-day").size(), 2u);

  const json missing = Get("/api/analysis/ping/anomalies?target=192.0.2.99", 404);
  EXPECT_EQ(missing["detail"], "unknown target '192.0.2.99'");
  Get("/api/analysis/ping/time-of-day?target=nope", 404);
}

}  // namespace
}  // namespace ww
