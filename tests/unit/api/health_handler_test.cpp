// GET /api/health through the handler and the router: a fake store with
// minute history and health, fake machine readings, a fake clock.

#include <atomic>

#include "api/handlers.h"
#include "api/json_format.h"
#include "api/routes.h"
#include "api_test_util.h"

namespace ww::test_api {
namespace {

using namespace std::chrono_literals;
constexpr std::uint64_t kMiB = 1ull << 20;

class HealthStore : public FakeStore {
 public:
  StoreHealth Health() const override { return health; }
  std::vector<UplinkMinute> UplinkMinutes(const std::string& uplink, std::int64_t from_ms,
                                          std::int64_t to_ms) const override {
    ++minute_queries;
    std::vector<UplinkMinute> out;
    auto it = minutes.find(uplink);
    if (it == minutes.end()) return out;
    for (const UplinkMinute& m : it->second) {
      if (m.start_ms >= from_ms && m.start_ms < to_ms) out.push_back(m);
    }
    return out;
  }
  std::optional<std::int64_t> NewestUplinkMinute() const override {
    std::optional<std::int64_t> newest;
    for (const auto& [name, list] : minutes) {
      for (const UplinkMinute& m : list) newest = std::max(newest.value_or(m.start_ms), m.start_ms);
    }
    return newest;
  }

  // Every minute of uplink `key` from `from` up to and including `to`.
  void Fill(const std::string& key, WallTime from, WallTime to) {
    for (std::int64_t ms = ToUnixMillis(from); ms <= ToUnixMillis(to); ms += kMinuteMs) {
      UplinkMinute m;
      m.start_ms = ms - ms % kMinuteMs;
      m.state = UplinkState::kUp;
      minutes[key].push_back(m);
    }
  }

  StoreHealth health;
  std::map<std::string, std::vector<UplinkMinute>> minutes;
  mutable std::atomic<int> minute_queries{0};
};

class HealthHandlerTest : public ::testing::Test {
 protected:
  HealthHandlerTest() : clock_(WallTime{std::chrono::seconds{1'800'000'000}}) {
    started_at_ = clock_.WallNow() - 2h;
    store_.health.open = store_.health.writable = true;
    store_.health.schema_version = 5;
    store_.health.quick_check_ok = true;
    store_.health.quick_check_detail = "ok";
    store_.Fill("", started_at_, clock_.WallNow());
    store_.Fill("LTE backup", started_at_, clock_.WallNow());
    loop_.running = true;
    loop_.round = 7200;
    loop_.last_round_at = clock_.WallNow() - 500ms;
    loop_.samples_delivered = 21600;
    loop_.round_interval = 1000ms;
    UplinkSpec implicit;
    implicit.implicit = true;
    UplinkSpec lte;
    lte.name = "LTE backup";
    uplinks_ = {implicit, lte};
    auto snapshot = std::make_shared<Snapshot>();
    UplinkStatus shown;
    shown.key = "";
    shown.name = "eth0";
    snapshot->uplinks = {shown};
    snapshot_ = snapshot;
  }

  SystemReaders Readers() {
    SystemReaders r;
    r.memory = [this] { return memory_; };
    r.process = [this] { return process_; };
    r.disk = [this](const std::filesystem::path& p) {
      disk_path_ = p;
      return disk_;
    };
    r.dir = [this](const std::filesystem::path&) { return dir_; };
    return r;
  }

  ApiContext Context() {
    ApiContext c{[this] { return snapshot_; }, store_, clock_};
    c.data_dir = "/var/lib/wanwatch";
    c.uplinks = uplinks_;
    c.started_at = started_at_;
    c.probe_loop = [this] { return loop_; };
    c.components = [this] { return components_; };
    return c;
  }

  Json Health() {
    const HttpResponse r = HandleHealth(Context(), state_, Get("/api/health"));
    EXPECT_EQ(r.status, 200);
    return Body(r);
  }

  FakeClock clock_;
  HealthStore store_;
  WallTime started_at_;
  ProbeLoopHealth loop_;
  std::vector<UplinkSpec> uplinks_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::vector<ComponentHealth> components_{{"csv_logs", true, "0 rows dropped", 0}};
  Result<MemoryInfo> memory_ = MemoryInfo{16'000 * kMiB, 12'000 * kMiB};
  Result<ProcessMemory> process_ = ProcessMemory{20 * kMiB, 24 * kMiB};
  Result<DiskSpace> disk_ = DiskSpace{100'000 * kMiB, 60'000 * kMiB};
  Result<DirInfo> dir_ = DirInfo{0750, 998, true};
  std::filesystem::path disk_path_;
  HealthState state_{Readers()};
};

TEST_F(HealthHandlerTest, HealthyDaemonHasEveryFieldWithItsType) {
  const Json body = Health();
  ExpectFields(body, {{"ok", Kind::kBool},
                      {"status", Kind::kString},
                      {"scheduler_running", Kind::kBool},
                      {"uptime_seconds", Kind::kInt},
                      {"last_test_timestamp", Kind::kNull},
                      {"checked_at", Kind::kString},
                      {"problems", Kind::kArray},
                      {"history_freshness", Kind::kObject},
                      {"history_gaps", Kind::kObject},
                      {"sqlite", Kind::kObject},
                      {"disk", Kind::kObject},
                      {"memory", Kind::kObject},
                      {"process", Kind::kObject},
                      {"permissions", Kind::kObject},
                      {"scheduler", Kind::kObject},
                      {"components", Kind::kArray},
                      {"last_run", Kind::kNull},
                      {"next_run", Kind::kNull},
                      {"version", Kind::kString}});
  EXPECT_EQ(body["ok"], true) << body.dump(2);
  EXPECT_EQ(body["status"], "healthy");
  EXPECT_EQ(body["scheduler_running"], true);
  EXPECT_EQ(body["uptime_seconds"], 7200);
  EXPECT_EQ(body["checked_at"], "2027-01-15T08:00:00.000+00:00");
  EXPECT_TRUE(body["problems"].empty()) << body["problems"].dump();
  ExpectFields(body["history_freshness"], {{"ok", Kind::kBool},
                                           {"newest_minute", Kind::kString},
                                           {"age_seconds", Kind::kInt},
                                           {"limit_seconds", Kind::kInt}});
  EXPECT_EQ(body["history_freshness"]["age_seconds"], 0);
  ExpectFields(body["history_gaps"], {{"ok", Kind::kBool},
                                      {"largest_gap_minutes", Kind::kInt},
                                      {"limit_minutes", Kind::kInt},
                                      {"window_hours", Kind::kInt}});
  ASSERT_EQ(body["history_gaps"]["uplinks"].size(), 2u);
  EXPECT_EQ(body["history_gaps"]["uplinks"][0]["name"], "eth0");  // the implicit uplink as shown
  EXPECT_EQ(body["history_gaps"]["uplinks"][1]["name"], "LTE backup");
  EXPECT_EQ(body["history_gaps"]["uplinks"][1]["stored_minutes"], 120);  // [now-24h, now)
  ExpectFields(body["sqlite"], {{"ok", Kind::kBool},
                                {"open", Kind::kBool},
                                {"writable", Kind::kBool},
                                {"quick_check", Kind::kString},
                                {"quick_check_at", Kind::kNull},
                                {"last_error", Kind::kNull},
                                {"write_errors", Kind::kInt},
                                {"queue_dropped", Kind::kInt},
                                {"schema_version", Kind::kInt},
                                {"db_bytes", Kind::kInt}});
  ExpectFields(body["disk"], {{"ok", Kind::kBool},
                              {"path", Kind::kString},
                              {"free_bytes", Kind::kInt},
                              {"total_bytes", Kind::kInt},
                              {"free_pct", Kind::kNumber}});
  EXPECT_EQ(disk_path_, "/var/lib/wanwatch");
  ExpectFields(body["memory"], {{"ok", Kind::kBool},
                                {"total_bytes", Kind::kInt},
                                {"available_bytes", Kind::kInt},
                                {"available_pct", Kind::kNumber}});
  EXPECT_EQ(body["memory"]["available_pct"], 75.0);
  ExpectFields(body["process"],
               {{"ok", Kind::kBool}, {"rss_bytes", Kind::kInt}, {"limit_bytes", Kind::kInt}});
  ExpectFields(body["permissions"], {{"ok", Kind::kBool},
                                     {"data_dir", Kind::kString},
                                     {"writable", Kind::kBool},
                                     {"mode", Kind::kString},
                                     {"owner_uid", Kind::kInt},
                                     {"world_writable", Kind::kBool}});
  ExpectFields(body["scheduler"], {{"ok", Kind::kBool},
                                   {"running", Kind::kBool},
                                   {"round", Kind::kInt},
                                   {"last_round_age_seconds", Kind::kNumber}});
  ASSERT_EQ(body["components"].size(), 2u);
  EXPECT_EQ(body["components"][0]["name"], "engine_queue");
  EXPECT_EQ(body["components"][1]["name"], "csv_logs");
}

TEST_F(HealthHandlerTest, AnyFailingCheckIsDegradedButStill200) {
  dir_ = DirInfo{0777, 0, true};
  memory_ = MemoryInfo{100 * kMiB, 1 * kMiB};
  const Json body = Health();
  EXPECT_EQ(body["ok"], false);
  EXPECT_EQ(body["status"], "degraded");
  EXPECT_EQ(body["permissions"]["ok"], false);
  EXPECT_EQ(body["memory"]["ok"], false);
  EXPECT_EQ(body["sqlite"]["ok"], true);
  ASSERT_EQ(body["problems"].size(), 2u) << body["problems"].dump();
  EXPECT_EQ(body["problems"][0].get<std::string>().rfind("memory: ", 0), 0u);
  EXPECT_EQ(body["problems"][1].get<std::string>().rfind("permissions: ", 0), 0u);
}

TEST_F(HealthHandlerTest, StaleHistoryAndStoppedSchedulerAreProblems) {
  clock_.Advance(3min);  // nothing stored for 3 minutes, no round either
  const Json body = Health();
  EXPECT_EQ(body["ok"], false);
  EXPECT_EQ(body["history_freshness"]["ok"], false);
  EXPECT_EQ(body["history_freshness"]["age_seconds"], 180);
  EXPECT_EQ(body["scheduler"]["ok"], false);
  EXPECT_EQ(body["history_gaps"]["ok"], true);  // only 08:01 is missing so far
  loop_.running = false;
  EXPECT_EQ(Health()["scheduler_running"], false);
}

TEST_F(HealthHandlerTest, GapScanIsCachedForTenSeconds) {
  Health();
  const int first = store_.minute_queries.load();
  EXPECT_EQ(first, 2);  // one per uplink
  clock_.Advance(9s);
  Health();
  EXPECT_EQ(store_.minute_queries.load(), first);
  clock_.Advance(1s);
  Health();
  EXPECT_EQ(store_.minute_queries.load(), 2 * first);
}

TEST_F(HealthHandlerTest, AGapAppearsAfterTheCacheExpires) {
  auto& lte = store_.minutes["LTE backup"];
  // Drop 20..15 minutes ago of the LTE uplink: 6 minutes missing.
  const std::int64_t now_ms = ToUnixMillis(clock_.WallNow());
  lte.erase(std::remove_if(lte.begin(), lte.end(),
                           [&](const UplinkMinute& m) {
                             return m.start_ms >= now_ms - 20 * kMinuteMs &&
                                    m.start_ms <= now_ms - 15 * kMinuteMs;
                           }),
            lte.end());
  const Json body = Health();
  EXPECT_EQ(body["ok"], false);
  EXPECT_EQ(body["history_gaps"]["largest_gap_minutes"], 6);
  EXPECT_EQ(body["history_gaps"]["uplink"], "LTE backup");
  EXPECT_EQ(body["problems"].size(), 1u) << body["problems"].dump();
}

TEST_F(HealthHandlerTest, ComponentFailuresCountForTenMinutesAfterTheyGrow) {
  EXPECT_EQ(Health()["ok"], true);
  components_[0].failures = 3;
  components_[0].detail = "3 rows dropped";
  Json body = Health();
  EXPECT_EQ(body["ok"], false);
  EXPECT_EQ(body["components"][1]["ok"], false);
  EXPECT_EQ(body["components"][1]["failures"], 3);
  // Keep history and rounds fresh while time passes.
  clock_.Advance(10min);
  store_.Fill("", clock_.WallNow() - 10min, clock_.WallNow());
  store_.Fill("LTE backup", clock_.WallNow() - 10min, clock_.WallNow());
  loop_.last_round_at = clock_.WallNow();
  body = Health();
  EXPECT_EQ(body["components"][1]["ok"], true);
  EXPECT_EQ(body["ok"], true) << body["problems"].dump();
}

TEST_F(HealthHandlerTest, EngineQueueDropsAndStoreErrorsUseTheSameRule) {
  Health();
  loop_.engine_queue_dropped = 5;
  store_.health.write_errors = 1;
  const Json body = Health();
  EXPECT_EQ(body["components"][0]["ok"], false);
  EXPECT_EQ(body["components"][0]["failures"], 5);
  EXPECT_EQ(body["sqlite"]["ok"], false);
  EXPECT_EQ(body["problems"].size(), 2u) << body["problems"].dump();
}

TEST_F(HealthHandlerTest, NoProbeLoopAndNoComponents) {
  ApiContext c = Context();
  c.probe_loop = nullptr;
  c.components = nullptr;
  const Json body = Body(HandleHealth(c, state_, Get("/api/health")));
  EXPECT_EQ(body["scheduler_running"], false);
  EXPECT_EQ(body["scheduler"]["ok"], false);
  EXPECT_TRUE(body["components"].empty());
}

TEST_F(HealthHandlerTest, ServedAtBothPathsThroughTheRouter) {
  Router router;
  const ApiContext context = Context();
  RegisterApiRoutes(router, context);
  for (const char* path : {"/api/health", "/api/v1/health"}) {
    const HttpResponse r = router.Handle(Get(path));
    ASSERT_EQ(r.status, 200) << path;
    const Json body = Body(r);
    EXPECT_TRUE(body.contains("ok")) << path;
    EXPECT_TRUE(body.contains("history_freshness")) << path;
    EXPECT_TRUE(body.contains("status")) << path;
  }
}

}  // namespace
}  // namespace ww::test_api
