// Hermes's speed test API through the Router, on a temp-dir results store and
// a scheduler whose runner is a fake: results pages and their 400/404s,
// latest, GET/PUT /api/config (validation, nothing stored on error, stored
// values reload), trigger and its status, /api/health's Hermes fields, 503
// without a speed test part, and the API key on POST/PUT.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../common/temp_dir.h"
#include "api/routes.h"
#include "api/speedtest_api.h"
#include "fake_store.h"
#include "http/api_key_auth.h"
#include "http/request_decode.h"
#include "http/router.h"

namespace ww {
namespace {

using nlohmann::json;
using std::chrono::minutes;

SpeedtestResult Measured(WallTime at, double down) {
  SpeedtestResult r;
  r.timestamp = at;
  r.ok = true;
  r.engine = "librespeed";
  r.trigger = "scheduled";
  r.server_name = "127.0.0.1";
  r.isp = "Example ISP";
  r.download_mbps = down;
  r.upload_mbps = 35.2;
  r.ping_ms = 15.3;
  r.jitter_ms = 2.1;
  return r;
}

class SpeedtestApiTest : public ::testing::Test {
 protected:
  SpeedtestApiTest() : dir_("ww-speedtest-api") {
    auto opened = SpeedtestResultsStore::Open(dir_.path() / "wanwatch.db", clock_);
    EXPECT_TRUE(opened.ok()) << opened.error();
    if (opened.ok()) results_ = std::move(opened).value();
  }
  void SetUp() override {
    ASSERT_TRUE(results_);
    MakeScheduler(SpeedtestSettings{});
  }
  void TearDown() override {
    if (scheduler_) scheduler_->Stop();
  }

  void MakeScheduler(const SpeedtestSettings& settings) {
    scheduler_ = std::make_unique<SpeedtestScheduler>(
        [this](const std::string&, int, const SpeedtestProgressFn&, const std::atomic<bool>*) {
          std::unique_lock lock(mu_);
          ++runs_;
          cv_.notify_all();
          cv_.wait_for(lock, std::chrono::seconds(10), [this] { return released_; });
          return Measured(clock_.WallNow(), 99.5);
        },
        [this](SpeedtestResult& r, const SpeedtestSettings&) { r.id = *results_->Insert(r); },
        settings, clock_);
    router_ = Router{};
    ApiContext context{nullptr, store_, clock_};
    context.speedtest = std::make_shared<const SpeedtestApi>(
        SpeedtestApi{*results_, *scheduler_, {"http://127.0.0.1:8989"}, "librespeed", 4, 10});
    RegisterApiRoutes(router_, context);
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "") {
    HttpRequest r;
    r.method = method;
    r.target = target;
    r.body = body;
    EXPECT_TRUE(DecodeTarget(r).ok());
    return router_.Handle(r);
  }
  static json Body(const HttpResponse& r) { return json::parse(r.body); }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }
  bool WaitForRun() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [this] { return runs_ > 0; });
  }

  FakeClock clock_;
  unit_test::TempDir dir_;
  test_api::FakeStore store_;
  std::unique_ptr<SpeedtestResultsStore> results_;
  std::unique_ptr<SpeedtestScheduler> scheduler_;
  Router router_;
  std::mutex mu_;
  std::condition_variable cv_;
  int runs_ = 0;
  bool released_ = false;
};

TEST_F(SpeedtestApiTest, NoResultsIs404ForPagesAndLatest) {
  for (const char* target : {"/api/results", "/api/results/latest", "/api/v1/results"}) {
    const HttpResponse r = Call("GET", target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(Body(r)["detail"], "No results available") << target;
  }
}

TEST_F(SpeedtestApiTest, ResultsArePagedNewestFirstInBothShapes) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(results_->Insert(Measured(clock_.WallNow() + minutes(i), 100 + i)).ok());
  }
  const HttpResponse r = Call("GET", "/api/results?page=2&page_size=2");
  ASSERT_EQ(r.status, 200) << r.body;
  const json b = Body(r);
  ASSERT_EQ(b["results"].size(), 2u);
  EXPECT_EQ(b["results"][0]["download_mbps"], 102.0);
  EXPECT_EQ(b["results"][1]["download_mbps"], 101.0);
  EXPECT_EQ(b["results"][0]["isp"], "Example ISP");
  EXPECT_EQ(b["results"][0]["isp_name"], "Example ISP");
  EXPECT_EQ(b["pagination"],
            (json{{"page", 2}, {"page_size", 2}, {"total", 5}, {"total_pages", 3}}));
  EXPECT_EQ(b["source"], "sqlite");
  EXPECT_EQ(b["total"], 5);
  EXPECT_EQ(b["page"], 2);
  EXPECT_EQ(b["page_size"], 2);
  const json last = Body(Call("GET", "/api/results?page=3&page_size=2"));
  EXPECT_EQ(last["results"].size(), 1u);
  const json all = Body(Call("GET", "/api/results"));
  EXPECT_EQ(all["page_size"], 50);
  EXPECT_EQ(all["results"].size(), 5u);
  EXPECT_EQ(all["results"][0]["download_mbps"], 104.0);

  const HttpResponse past = Call("GET", "/api/results?page=4&page_size=2");
  EXPECT_EQ(past.status, 404);
  EXPECT_NE(Body(past)["detail"].get<std::string>().find("out of range"), std::string::npos);
  const json latest = Body(Call("GET", "/api/results/latest"));
  EXPECT_EQ(latest["download_mbps"], 104.0);
  EXPECT_EQ(latest["timestamp"], "2027-01-15T08:04:00+00:00");
}

TEST_F(SpeedtestApiTest, BadPageParametersAre400NamingThem) {
  ASSERT_TRUE(results_->Insert(Measured(clock_.WallNow(), 1)).ok());
  const std::pair<const char*, const char*> cases[] = {
      {"/api/results?page=0", "page"},           {"/api/results?page=-1", "page"},
      {"/api/results?page=x", "page"},           {"/api/results?page=1.5", "page"},
      {"/api/results?page_size=0", "page_size"}, {"/api/results?page_size=501", "page_size"},
      {"/api/results?page_size=", "page_size"},  {"/api/results?page=99999999999999999999", "page"},
  };
  for (const auto& [target, name] : cases) {
    const HttpResponse r = Call("GET", target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_NE(Body(r)["detail"].get<std::string>().find(std::string("'") + name + "'"),
              std::string::npos)
        << target << ": " << r.body;
  }
  EXPECT_EQ(Call("GET", "/api/results?page_size=500").status, 200);
}

TEST_F(SpeedtestApiTest, ConfigShowsBothIntervalNamesAndReadOnlyFacts) {
  const HttpResponse r = Call("GET", "/api/config");
  ASSERT_EQ(r.status, 200);
  const json b = Body(r);
  EXPECT_EQ(b["interval_minutes"], 60);
  EXPECT_EQ(b["speedtest_interval_minutes"], 60);
  EXPECT_EQ(b["enabled_exporters"], (json{"csv", "sqlite"}));
  EXPECT_EQ(b["scanning_enabled"], true);
  EXPECT_EQ(b["servers"], (json{"http://127.0.0.1:8989"}));
  EXPECT_EQ(b["protocol"], "librespeed");
  EXPECT_EQ(b["streams"], 4);
  EXPECT_EQ(b["duration_seconds"], 10);
  EXPECT_TRUE(b["next_run"].is_null()) << "the scheduler is not started";
}

TEST_F(SpeedtestApiTest, PutConfigStoresAndAppliesAValidSubset) {
  const HttpResponse r = Call(
      "PUT", "/api/config", R"({"speedtest_interval_minutes": 30, "enabled_exporters": ["csv"]})");
  ASSERT_EQ(r.status, 200) << r.body;
  const json b = Body(r);
  EXPECT_EQ(b["interval_minutes"], 30);
  EXPECT_EQ(b["speedtest_interval_minutes"], 30);
  EXPECT_EQ(b["enabled_exporters"], (json{"csv"}));
  EXPECT_EQ(b["scanning_enabled"], true);
  EXPECT_EQ(Body(Call("GET", "/api/config"))["interval_minutes"], 30);
  EXPECT_EQ(scheduler_->settings().interval_minutes, 30);
  EXPECT_EQ(**results_->GetSetting("speedtest.interval_minutes"), "30");
  EXPECT_EQ(**results_->GetSetting("speedtest.enabled_exporters"), "csv");
  ASSERT_EQ(Call("PUT", "/api/config", R"({"scanning_enabled": false})").status, 200);
  EXPECT_EQ(**results_->GetSetting("speedtest.scanning_enabled"), "false");
}

TEST_F(SpeedtestApiTest, BadPutIs400NamingTheFieldAndStoresNothing) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"interval_minutes": 4})", "interval_minutes"},
      {R"({"interval_minutes": 30, "enabled_exporters": ["ftp"]})", "ftp"},
      {R"({"scanning_enabled": "no"})", "scanning_enabled"},
      {R"({"colour": "red"})", "colour"},
      {R"([])", "JSON object"},
      {R"({"interval_minutes": )", "JSON"},
      {"", "JSON"},
  };
  for (const auto& [body, field] : cases) {
    const HttpResponse r = Call("PUT", "/api/config", body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_NE(Body(r)["detail"].get<std::string>().find(field), std::string::npos)
        << body << ": " << r.body;
  }
  EXPECT_FALSE(results_->GetSetting("speedtest.interval_minutes")->has_value());
  EXPECT_EQ(scheduler_->settings(), SpeedtestSettings{});
}

TEST_F(SpeedtestApiTest, TriggerStartsOnceAndStatusFollowsIt) {
  json idle = Body(Call("GET", "/api/trigger/status"));
  EXPECT_EQ(idle["is_running"], false);
  EXPECT_EQ(idle["running"], false);
  EXPECT_TRUE(idle["started_at"].is_null());
  scheduler_->Start();
  EXPECT_EQ(Body(Call("POST", "/api/trigger")), (json{{"status", "started"}}));
  json running = Body(Call("GET", "/api/trigger/status"));
  EXPECT_EQ(running["is_running"], true);
  EXPECT_EQ(running["running"], true);
  EXPECT_EQ(running["trigger"], "manual");
  EXPECT_EQ(running["started_at"], "2027-01-15T08:00:00.000+00:00");
  ASSERT_TRUE(WaitForRun());
  EXPECT_EQ(Body(Call("POST", "/api/trigger")), (json{{"status", "already_running"}}));
  Release();
  ASSERT_TRUE(scheduler_->WaitIdle(std::chrono::seconds(10)));
  json done = Body(Call("GET", "/api/trigger/status"));
  EXPECT_EQ(done["is_running"], false);
  EXPECT_EQ(done["last_run"], "2027-01-15T08:00:00.000+00:00");
  EXPECT_EQ(done["next_run"], "2027-01-15T09:00:00.000+00:00");
  EXPECT_EQ(Body(Call("GET", "/api/results/latest"))["download_mbps"], 99.5);
}

TEST_F(SpeedtestApiTest, HealthCarriesTheSpeedTestScheduler) {
  json h = Body(Call("GET", "/api/health"));
  EXPECT_EQ(h["scheduler_running"], false) << "not started";
  EXPECT_TRUE(h["last_test_timestamp"].is_null());
  EXPECT_TRUE(h["next_run"].is_null());
  ASSERT_TRUE(results_->Insert(Measured(clock_.WallNow() - minutes(90), 1)).ok());
  scheduler_->Start();
  h = Body(Call("GET", "/api/health"));
  EXPECT_EQ(h["scheduler_running"], true);
  EXPECT_EQ(h["last_test_timestamp"], "2027-01-15T06:30:00.000+00:00");
  EXPECT_EQ(h["last_run"], "2027-01-15T06:30:00.000+00:00");
  EXPECT_EQ(h["next_run"], "2027-01-15T09:00:00.000+00:00");
  ASSERT_EQ(Call("PUT", "/api/config", R"({"scanning_enabled": false})").status, 200);
  h = Body(Call("GET", "/api/health"));
  EXPECT_EQ(h["scheduler_running"], false) << "not scanning";
  EXPECT_TRUE(h["next_run"].is_null());
}

TEST(SpeedtestApiUnavailable, EveryRouteAnswers503WithoutASpeedTestPart) {
  FakeClock clock;
  test_api::FakeStore store;
  Router router;
  RegisterApiRoutes(router, ApiContext{nullptr, store, clock});
  const std::pair<const char*, const char*> routes[] = {
      {"GET", "/api/results"}, {"GET", "/api/results/latest"}, {"GET", "/api/config"},
      {"PUT", "/api/config"},  {"POST", "/api/trigger"},       {"GET", "/api/trigger/status"},
  };
  for (const auto& [method, path] : routes) {
    HttpRequest r;
    r.method = method;
    r.target = path;
    ASSERT_TRUE(DecodeTarget(r).ok());
    const HttpResponse response = router.Handle(r);
    EXPECT_EQ(response.status, 503) << method << " " << path;
    EXPECT_TRUE(json::parse(response.body).contains("detail"));
  }
}

TEST(SpeedtestApiKey, TriggerAndPutConfigNeedTheKeyReadsDoNot) {
  const ApiKeyAuth auth("0123456789abcdef0123456789abcdef");
  auto request = [](const char* method, const char* path, const char* key) {
    HttpRequest r;
    r.method = method;
    r.target = path;
    EXPECT_TRUE(DecodeTarget(r).ok());
    if (key) AddHeader(r, "X-Api-Key", key);
    return r;
  };
  EXPECT_EQ(auth.Check(request("POST", "/api/trigger", nullptr))->status, 401);
  EXPECT_EQ(auth.Check(request("PUT", "/api/config", "wrong"))->status, 401);
  EXPECT_FALSE(auth.Check(request("PUT", "/api/config", "0123456789abcdef0123456789abcdef")));
  EXPECT_FALSE(auth.Check(request("GET", "/api/config", nullptr)));
  EXPECT_FALSE(auth.Check(request("GET", "/api/trigger/status", nullptr)));
  EXPECT_FALSE(auth.Check(request("GET", "/api/results", nullptr)));
}

}  // namespace
}  // namespace ww
