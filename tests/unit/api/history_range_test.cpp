// /api/history?range= and /api/history.csv on a real temp-dir store, a fake
// clock and a hand-built snapshot: the padded 5-minute grid, bucket and
// summary values, uplink resolution and the error bodies, the CSV file, and
// both through the router with percent-encoded names.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "../common/temp_dir.h"
#include "api/handlers.h"
#include "api/history_csv.h"
#include "api/routes.h"
#include "http/request_decode.h"
#include "http/router.h"
#include "store/store.h"

namespace ww {
namespace {

using nlohmann::json;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::int64_t kT0 = 1'800'000'000'000;  // 2027-01-15T08:00:00Z
constexpr std::int64_t kMin = 60'000;
const std::string kLiquid = "Liquid (BGP01)";

UplinkMinute Minute(std::int64_t start_ms, UplinkState state, std::uint32_t samples,
                    std::uint32_t lost, double avg_ms) {
  UplinkMinute m;
  m.start_ms = start_ms;
  m.state = state;
  m.samples = samples;
  m.lost = lost;
  m.sum_ms = avg_ms * (samples - lost);
  if (samples > lost) {
    m.min_ms = avg_ms - 2;
    m.max_ms = avg_ms + 30;
  }
  return m;
}

UplinkStatus Shown(std::string name, std::string key) {
  UplinkStatus u;
  u.name = std::move(name);
  u.key = std::move(key);
  return u;
}

std::optional<std::string> HeaderOf(const HttpResponse& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

class HistoryRangeTest : public ::testing::Test {
 protected:
  // Now is 08:07:30: the bucket 08:05 is open, the last closed one starts at 08:00.
  HistoryRangeTest() : clock_(WallTime{seconds{1'800'000'000}} + minutes(7) + seconds(30)) {
    StoreOptions o;
    o.data_dir = dir_.path();
    o.batch_interval = hours(1);
    auto opened = Store::Open(o, clock_);
    EXPECT_TRUE(opened.ok()) << opened.error();
    if (opened.ok()) store_ = std::move(opened.value());
  }
  void SetUp() override { ASSERT_TRUE(store_); }

  ApiContext Context() {
    ApiContext c{[this] { return snapshot_; }, *store_, clock_};
    c.uplinks = uplinks_;
    return c;
  }
  // The last closed bucket of "" : one minute of each state, two missing.
  void RecordImplicit() {
    store_->RecordUplinkMinute("", Minute(kT0, UplinkState::kUp, 180, 0, 10));
    store_->RecordUplinkMinute("", Minute(kT0 + kMin, UplinkState::kDegraded, 180, 18, 50));
    store_->RecordUplinkMinute("", Minute(kT0 + 2 * kMin, UplinkState::kDown, 180, 180, 0));
    // The open bucket and before the range: not in the answer.
    store_->RecordUplinkMinute("", Minute(kT0 + 5 * kMin, UplinkState::kDown, 180, 180, 0));
    store_->RecordUplinkMinute("", Minute(kT0 - 24 * 60 * kMin, UplinkState::kDown, 1, 1, 0));
    store_->Flush();
  }
  void TwoUplinks() {
    auto s = std::make_shared<Snapshot>();
    s->uplinks = {Shown("eth0", ""), Shown(kLiquid, kLiquid)};
    snapshot_ = s;
  }
  HttpResponse Get(const std::string& path, std::vector<std::pair<std::string, std::string>> q) {
    HttpRequest r;
    r.method = "GET";
    r.path = path;
    for (auto& [k, v] : q) r.query.emplace(k, v);
    return path.ends_with(".csv") ? HandleHistoryCsv(Context(), r) : HandleHistory(Context(), r);
  }
  json Body(const HttpResponse& r) {
    EXPECT_EQ(r.content_type, "application/json");
    return json::parse(r.body);
  }

  unit_test::TempDir dir_{"ww-history-range"};
  FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::shared_ptr<Snapshot> snapshot_;
  std::vector<UplinkSpec> uplinks_;
};

TEST_F(HistoryRangeTest, EveryBucketOfTheRangeIsPresentOnTheUtcGrid) {
  RecordImplicit();
  const HttpResponse r = Get("/api/history", {{"range", "24h"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const json body = Body(r);
  EXPECT_EQ(body["range"], "24h");
  EXPECT_EQ(body["name"], "default") << "no uplink configured: the implicit one";
  EXPECT_EQ(body["from"], "2027-01-14T08:05:00.000+00:00");
  EXPECT_EQ(body["to"], "2027-01-15T08:05:00.000+00:00");
  EXPECT_EQ(body["bucket_seconds"], 300);
  const json& buckets = body["buckets"];
  ASSERT_EQ(buckets.size(), 288u);
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    EXPECT_EQ(buckets[i]["start_unix"], 1'799'913'900 + 300 * static_cast<std::int64_t>(i)) << i;
    EXPECT_EQ(buckets[i].size(), 14u);
  }
  EXPECT_EQ(buckets[0]["start"], "2027-01-14T08:05:00.000+00:00");
  EXPECT_EQ(buckets[287]["start"], "2027-01-15T08:00:00.000+00:00");
  // The Connectivity Monitor arrays over the same 24 h, at the default step.
  EXPECT_EQ(body["minutes"], 1440);
  EXPECT_EQ(body["step_sec"], 120);
  // 720 steps of 2 minutes; the store aligns points to the step, so a range
  // that starts between two (now is 08:07:30) gets one more (store/history_grid.h).
  EXPECT_EQ(body["timestamps"].size(), 721u);
  EXPECT_EQ(body["latencies"].size(), 721u);
  // Field order: the Connectivity Monitor's first, isp-status's after.
  EXPECT_EQ(body.size(), 14u);

  for (const char* range : {"72h", "7d", "30d", "90d"}) {
    const json b = Body(Get("/api/history", {{"range", range}}));
    const std::map<std::string, std::size_t> want = {
        {"72h", 864}, {"7d", 2016}, {"30d", 8640}, {"90d", 25920}};
    EXPECT_EQ(b["buckets"].size(), want.at(range)) << range;
    EXPECT_EQ(b["range"], range);
  }
}

TEST_F(HistoryRangeTest, BucketWorstMinuteCountsAndLatency) {
  RecordImplicit();
  const json body = Body(Get("/api/history", {{"range", "24h"}}));
  const json& last = body["buckets"][287];
  EXPECT_EQ(last, json::parse(R"({
    "start": "2027-01-15T08:00:00.000+00:00", "start_unix": 1800000000, "state": 0,
    "state_label": "DOWN", "up_minutes": 1, "degraded_minutes": 1, "down_minutes": 1,
    "missing_minutes": 2, "samples": 540, "lost": 198, "loss_pct": 36.67, "avg_ms": 28.95,
    "min_ms": 8.0, "max_ms": 80.0})"));
  EXPECT_EQ(body["summary"], json::parse(R"({
    "availability_pct": 66.67, "strict_up_pct": 33.33, "coverage_pct": 0.21, "up_minutes": 1,
    "degraded_minutes": 1, "down_minutes": 1, "missing_minutes": 1437, "outage_count": 1,
    "longest_outage_minutes": 1, "avg_latency_ms": 28.95, "loss_pct": 36.67})"));
}

TEST_F(HistoryRangeTest, BucketsWithoutDataAreNullNeverDown) {
  const json body = Body(Get("/api/history", {{"range", "24h"}}));
  for (const json& b : body["buckets"]) {
    ASSERT_EQ(b["state"], nullptr);
    ASSERT_EQ(b["state_label"], "NO_DATA");
    ASSERT_EQ(b["missing_minutes"], 5);
    ASSERT_EQ(b["down_minutes"], 0);
    ASSERT_EQ(b["samples"], 0);
    ASSERT_EQ(b["loss_pct"], nullptr);
    ASSERT_EQ(b["avg_ms"], nullptr);
    ASSERT_EQ(b["min_ms"], nullptr);
    ASSERT_EQ(b["max_ms"], nullptr);
  }
  EXPECT_EQ(body["summary"]["availability_pct"], nullptr);
  EXPECT_EQ(body["summary"]["strict_up_pct"], nullptr);
  EXPECT_EQ(body["summary"]["coverage_pct"], 0.0);
  EXPECT_EQ(body["summary"]["missing_minutes"], 1440);
  EXPECT_EQ(body["summary"]["outage_count"], 0);
}

TEST_F(HistoryRangeTest, TwoUplinksNeedANameShownOrKey) {
  RecordImplicit();
  store_->RecordUplinkMinute(kLiquid, Minute(kT0, UplinkState::kDegraded, 90, 9, 20));
  store_->Flush();
  TwoUplinks();
  HttpResponse r = Get("/api/history", {{"range", "24h"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r), json::parse(R"({"detail": "query parameter 'name' is required when more )"
                                 R"(than one uplink exists: one of 'eth0', 'Liquid (BGP01)'",)"
                                 R"( "error": "invalid_parameter"})"));
  EXPECT_EQ(Get("/api/history", {{"range", "24h"}, {"name", ""}}).status, 400);

  json body = Body(Get("/api/history", {{"range", "24h"}, {"name", kLiquid}}));
  EXPECT_EQ(body["name"], kLiquid);
  EXPECT_EQ(body["buckets"][287]["state_label"], "DEGRADED");
  EXPECT_EQ(body["summary"]["degraded_minutes"], 1);
  EXPECT_EQ(body["summary"]["down_minutes"], 0) << "the other uplink's minutes stay out";

  body = Body(Get("/api/history", {{"range", "24h"}, {"name", "eth0"}}));
  EXPECT_EQ(body["name"], "eth0") << "the implicit uplink, stored under key ''";
  EXPECT_EQ(body["summary"]["down_minutes"], 1);

  r = Get("/api/history", {{"range", "24h"}, {"name", "Liquid"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Body(r), json({{"detail", "Unknown uplink: Liquid"}, {"error", "unknown_uplink"}}));
}

TEST_F(HistoryRangeTest, BeforeTheFirstSnapshotTheConfiguredUplinksAnswer) {
  UplinkSpec implicit;
  implicit.implicit = true;
  UplinkSpec wan2;
  wan2.name = "wan2";
  uplinks_ = {implicit, wan2};
  EXPECT_EQ(Body(Get("/api/history", {{"range", "24h"}}))["detail"],
            "query parameter 'name' is required when more than one uplink exists: one of "
            "'default', 'wan2'");
  EXPECT_EQ(Body(Get("/api/history", {{"range", "24h"}, {"name", "default"}}))["name"], "default");
  EXPECT_EQ(Body(Get("/api/history", {{"range", "24h"}, {"name", "wan2"}}))["name"], "wan2");
  // Once the engine names the implicit uplink after its interface, that name counts.
  auto s = std::make_shared<Snapshot>();
  s->uplinks = {Shown("eth0", "")};
  snapshot_ = s;
  EXPECT_EQ(Get("/api/history", {{"range", "24h"}, {"name", "wan2"}}).status, 404);
  EXPECT_EQ(Body(Get("/api/history", {{"range", "24h"}}))["name"], "eth0");
}

TEST_F(HistoryRangeTest, InvalidParametersAre400NamingThemAndTheAllowedValues) {
  const std::pair<std::vector<std::pair<std::string, std::string>>, std::string> cases[] = {
      {{{"range", "1d"}},
       "invalid query parameter 'range': must be one of 24h, 72h, 7d, 30d, 90d, got '1d'"},
      {{{"range", ""}},
       "invalid query parameter 'range': must be one of 24h, 72h, 7d, 30d, 90d, got ''"},
      {{{"range", "24H"}},
       "invalid query parameter 'range': must be one of 24h, 72h, 7d, 30d, 90d, got '24H'"},
      {{{"range", std::string(100, 'x')}},
       "invalid query parameter 'range': must be one of 24h, 72h, 7d, 30d, 90d, got '" +
           std::string(40, 'x') + "...'"},
      {{{"range", "24h"}, {"step", "0"}},
       "invalid query parameter 'step': must be an integer from 1 to 86400, got '0'"},
      {{{"range", "90d"}, {"step", "60"}},
       "invalid query parameter 'step': 60 s over 129600 minutes gives 129600 points, at most "
       "10000 allowed"},
  };
  for (const auto& [query, detail] : cases) {
    const HttpResponse r = Get("/api/history", query);
    EXPECT_EQ(r.status, 400) << detail;
    EXPECT_EQ(Body(r), json({{"detail", detail}, {"error", "invalid_parameter"}}));
  }
  // With range, `minutes` is not used (the range is the span); an explicit step is.
  const json body =
      Body(Get("/api/history", {{"range", "24h"}, {"minutes", "abc"}, {"step", "3600"}}));
  EXPECT_EQ(body["minutes"], 1440);
  EXPECT_EQ(body["step_sec"], 3600);
  EXPECT_EQ(body["timestamps"].size(), 25u);  // hours aligned: one more, as above
  // Without range, the Connectivity Monitor answer as before.
  const json plain = Body(Get("/api/history", {{"name", "whatever"}}));
  EXPECT_FALSE(plain.contains("buckets"));
  EXPECT_EQ(plain["minutes"], 15);
}

TEST_F(HistoryRangeTest, CsvHasTheBucketColumnsOneRowPerBucketAndAnAttachmentName) {
  store_->RecordUplinkMinute(kLiquid, Minute(kT0, UplinkState::kDegraded, 180, 18, 50));
  store_->RecordUplinkMinute(kLiquid, Minute(kT0 - 5 * kMin, UplinkState::kUp, 180, 0, 12.345));
  store_->Flush();
  TwoUplinks();
  const HttpResponse r = Get("/api/history.csv", {{"name", kLiquid}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(HeaderOf(r, "Content-Disposition"),
            "attachment; filename=\"history_Liquid__BGP01__24h.csv\"; "
            "filename*=UTF-8''history_Liquid%20%28BGP01%29_24h.csv");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-store");
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < r.body.size();) {
    const std::size_t end = r.body.find("\r\n", at);
    ASSERT_NE(end, std::string::npos) << "every line ends with CRLF";
    lines.push_back(r.body.substr(at, end - at));
    at = end + 2;
  }
  ASSERT_EQ(lines.size(), 1u + 288u) << "range defaults to 24h";
  EXPECT_EQ(lines[0],
            "start,start_unix,state,state_label,up_minutes,degraded_minutes,down_minutes,"
            "missing_minutes,samples,lost,loss_pct,avg_ms,min_ms,max_ms");
  EXPECT_EQ(lines[1], "2027-01-14T08:05:00.000+00:00,1799913900,,NO_DATA,0,0,0,5,0,0,,,,");
  EXPECT_EQ(lines[287],
            "2027-01-15T07:55:00.000+00:00,1799999700,2,UP,1,0,0,4,180,0,0.0,12.35,10.35,42.35");
  EXPECT_EQ(lines[288],
            "2027-01-15T08:00:00.000+00:00,1800000000,1,DEGRADED,0,1,0,4,180,18,10.0,50.0,48.0,"
            "80.0");
  // The same values as the JSON buckets.
  const json body = Body(Get("/api/history", {{"range", "24h"}, {"name", kLiquid}}));
  EXPECT_EQ(body["buckets"][287]["avg_ms"], 50.0);
  EXPECT_EQ(body["buckets"][286]["loss_pct"], 0.0);

  const HttpResponse week = Get("/api/history.csv", {{"name", "eth0"}, {"range", "7d"}});
  EXPECT_EQ(HeaderOf(week, "Content-Disposition"),
            "attachment; filename=\"history_eth0_7d.csv\"; filename*=UTF-8''history_eth0_7d.csv");
  EXPECT_EQ(std::count(week.body.begin(), week.body.end(), '\n'), 1 + 2016);
}

TEST_F(HistoryRangeTest, CsvErrorsAreJson) {
  TwoUplinks();
  HttpResponse r = Get("/api/history.csv", {{"name", kLiquid}, {"range", "1y"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["error"], "invalid_parameter");
  r = Get("/api/history.csv", {});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["error"], "invalid_parameter");
  r = Get("/api/history.csv", {{"name", "nope"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Body(r), json({{"detail", "Unknown uplink: nope"}, {"error", "unknown_uplink"}}));
  EXPECT_FALSE(HeaderOf(r, "Content-Disposition"));
}

TEST(HistoryCsvDisposition, SafeNameKeepsAsciiAndOneUnderscorePerCharacter) {
  EXPECT_EQ(HistoryCsvDisposition("a.b_c-D9", "90d"),
            "attachment; filename=\"history_a.b_c-D9_90d.csv\"; "
            "filename*=UTF-8''history_a.b_c-D9_90d.csv");
  EXPECT_EQ(HistoryCsvDisposition("Köln \"1\"/x;", "24h"),
            "attachment; filename=\"history_K_ln__1__x__24h.csv\"; "
            "filename*=UTF-8''history_K%C3%B6ln%20%221%22%2Fx%3B_24h.csv");
}

// Through the router as the server calls it: the raw target decoded, both prefixes.
TEST_F(HistoryRangeTest, PercentEncodedNamesThroughTheRouterUnderBothPrefixes) {
  store_->RecordUplinkMinute(kLiquid, Minute(kT0, UplinkState::kUp, 180, 0, 9));
  store_->Flush();
  TwoUplinks();
  Router router;
  RegisterApiRoutes(router, Context());
  auto call = [&](const std::string& target, const std::string& method = "GET") {
    HttpRequest r;
    r.method = method;
    r.target = target;
    EXPECT_TRUE(DecodeTarget(r).ok()) << target;
    return router.Handle(r);
  };
  for (const char* prefix : {"/api/", "/api/v1/"}) {
    for (const char* name : {"Liquid%20%28BGP01%29", "Liquid+(BGP01)", "Liquid%20(BGP01)"}) {
      const std::string json_target = std::string(prefix) + "history?range=24h&name=" + name;
      const HttpResponse r = call(json_target);
      ASSERT_EQ(r.status, 200) << json_target << " " << r.body;
      const json body = json::parse(r.body);
      EXPECT_EQ(body["name"], kLiquid);
      EXPECT_EQ(body["buckets"][287]["state"], 2);
      const std::string csv_target = std::string(prefix) + "history.csv?name=" + name;
      const HttpResponse csv = call(csv_target);
      ASSERT_EQ(csv.status, 200) << csv_target;
      EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
      EXPECT_NE(csv.body.find("1800000000,2,UP,"), std::string::npos);
    }
    EXPECT_EQ(call(std::string(prefix) + "history.csv?name=eth0", "HEAD").status, 200);
    EXPECT_EQ(call(std::string(prefix) + "history.csv?name=eth0", "POST").status, 405);
    EXPECT_EQ(call(std::string(prefix) + "history?range=24h&name=Liquid%20%28BGP02%29").status,
              404);
  }
}

}  // namespace
}  // namespace ww
