#include "api/handlers.h"
#include "api/json_format.h"
#include "api_test_util.h"

namespace ww::test_api {
namespace {

using namespace std::chrono_literals;

class StatusTest : public ApiTest {
 protected:
  std::shared_ptr<Snapshot> Busy() {
    auto s = std::make_shared<Snapshot>();
    s->generated_at = clock_.WallNow() - 500ms;
    s->session_start = clock_.WallNow() - 3723s;
    s->window = 900s;
    s->health_score = 87;
    s->health_grade = "A";
    s->uptime_pct = 99.93333;
    s->packet_loss_pct = 0.066666;
    s->avg_latency = 12.345678;
    s->min_latency = 9.001;
    s->max_latency = 48.5;
    s->jitter = 1.234;
    s->p50 = 11.1;
    s->p95 = 20.456;
    s->p99 = 40.0;
    s->trend = "degrading";
    s->trend_label = "rising";
    s->total_pings = 4500;
    s->total_success = 4497;
    s->baseline = 11.75;
    s->diagnosis = {DiagnosisCode::kUpstream, "ISP / upstream issue (gateway OK, internet down)",
                    "gateway 0.4 ms, 3/3 external targets failing"};
    s->is_down = true;
    DropRecord drop;
    drop.start = clock_.WallNow() - 12s;
    drop.duration_sec = 12.04;
    drop.diagnosis = s->diagnosis;
    drop.failed_rounds = 12;
    s->current_drop = drop;
    s->drops_this_session = 2;
    s->gateway_address = "10.77.0.1";
    s->interface = "eth0";
    s->interface_state = "up";
    return s;
  }
};

TEST_F(StatusTest, SeedFieldsWithTheSeedTypes) {
  snapshot_ = Busy();
  const auto body = Body(HandleStatus(Context(), Get("/api/status")));
  ExpectFields(body, {{"health_score", Kind::kInt},
                      {"health_grade", Kind::kString},
                      {"uptime_pct", Kind::kNumber},
                      {"packet_loss_pct", Kind::kNumber},
                      {"avg_latency", Kind::kNumber},
                      {"min_latency", Kind::kNumber},
                      {"max_latency", Kind::kNumber},
                      {"jitter", Kind::kNumber},
                      {"trend", Kind::kString},
                      {"total_pings", Kind::kInt},
                      {"diagnosis", Kind::kString}});
  EXPECT_EQ(body["health_score"], 87);
  EXPECT_EQ(body["health_grade"], "A");
  EXPECT_DOUBLE_EQ(body["uptime_pct"].get<double>(), 99.93);
  EXPECT_DOUBLE_EQ(body["packet_loss_pct"].get<double>(), 0.07);
  EXPECT_DOUBLE_EQ(body["avg_latency"].get<double>(), 12.35);
  EXPECT_DOUBLE_EQ(body["min_latency"].get<double>(), 9.0);
  EXPECT_DOUBLE_EQ(body["max_latency"].get<double>(), 48.5);
  EXPECT_DOUBLE_EQ(body["jitter"].get<double>(), 1.23);
  EXPECT_EQ(body["trend"], "degrading");
  EXPECT_EQ(body["total_pings"], 4500);
  EXPECT_EQ(body["diagnosis"], "ISP / upstream issue (gateway OK, internet down)");
  // Seed fields come first, in the seed's order.
  const auto ordered =
      nlohmann::ordered_json::parse(HandleStatus(Context(), Get("/api/status")).body);
  std::vector<std::string> first;
  for (const auto& [key, value] : ordered.items()) {
    if (first.size() < 11) first.push_back(key);
  }
  EXPECT_EQ(first,
            (std::vector<std::string>{
                "health_score", "health_grade", "uptime_pct", "packet_loss_pct", "avg_latency",
                "min_latency", "max_latency", "jitter", "trend", "total_pings", "diagnosis"}));
}

TEST_F(StatusTest, OriginalAliases) {
  snapshot_ = Busy();
  store_.drops.resize(3);
  const auto body = Body(HandleStatus(Context(), Get("/api/status")));
  ExpectFields(body, {{"uptime", Kind::kNumber},
                      {"loss", Kind::kNumber},
                      {"p95", Kind::kNumber},
                      {"p99", Kind::kNumber},
                      {"total_success", Kind::kInt},
                      {"drops_count", Kind::kInt},
                      {"baseline", Kind::kNumber},
                      {"is_down", Kind::kBool},
                      {"public_ip", Kind::kNull},
                      {"isp", Kind::kNull},
                      {"session_start", Kind::kString},
                      {"session_duration", Kind::kString},
                      {"session_duration_sec", Kind::kInt}});
  EXPECT_EQ(body["uptime"], body["uptime_pct"]);
  EXPECT_EQ(body["loss"], body["packet_loss_pct"]);
  EXPECT_DOUBLE_EQ(body["p95"].get<double>(), 20.46);
  EXPECT_EQ(body["total_success"], 4497);
  EXPECT_EQ(body["drops_count"], 3);
  EXPECT_DOUBLE_EQ(body["baseline"].get<double>(), 11.75);
  EXPECT_EQ(body["is_down"], true);
  EXPECT_EQ(body["session_start"], "2027-01-15T06:57:57.000+00:00");
  EXPECT_EQ(body["session_duration"], "1h 02m 03s");
  EXPECT_EQ(body["session_duration_sec"], 3723);
}

TEST_F(StatusTest, OurFields) {
  snapshot_ = Busy();
  const auto body = Body(HandleStatus(Context(), Get("/api/status")));
  ExpectFields(body, {{"trend_label", Kind::kString},
                      {"diagnosis_code", Kind::kString},
                      {"diagnosis_detail", Kind::kString},
                      {"p50", Kind::kNumber},
                      {"window_sec", Kind::kInt},
                      {"current_drop", Kind::kObject},
                      {"gateway", Kind::kString},
                      {"interface", Kind::kString},
                      {"interface_state", Kind::kString},
                      {"generated_at", Kind::kString}});
  EXPECT_EQ(body["trend_label"], "rising");
  EXPECT_EQ(body["diagnosis_code"], "upstream");
  EXPECT_EQ(body["diagnosis_detail"], "gateway 0.4 ms, 3/3 external targets failing");
  EXPECT_EQ(body["window_sec"], 900);
  EXPECT_EQ(body["gateway"], "10.77.0.1");
  EXPECT_EQ(body["interface"], "eth0");
  EXPECT_EQ(body["interface_state"], "up");
  EXPECT_EQ(body["generated_at"], "2027-01-15T07:59:59.500+00:00");
  const auto& drop = body["current_drop"];
  EXPECT_EQ(drop["start"], "2027-01-15T07:59:48.000+00:00");
  EXPECT_TRUE(drop["end"].is_null());
  EXPECT_DOUBLE_EQ(drop["duration_sec"].get<double>(), 12.0);
  EXPECT_EQ(drop["ongoing"], true);
  EXPECT_EQ(drop["diagnosis_code"], "upstream");
}

TEST_F(StatusTest, NoDataYetGivesNullsNotZeros) {
  auto s = std::make_shared<Snapshot>();
  s->generated_at = clock_.WallNow();
  s->session_start = clock_.WallNow() - 5s;
  snapshot_ = s;
  const auto body = Body(HandleStatus(Context(), Get("/api/status")));
  ExpectFields(body, {{"avg_latency", Kind::kNull},
                      {"min_latency", Kind::kNull},
                      {"max_latency", Kind::kNull},
                      {"jitter", Kind::kNull},
                      {"p50", Kind::kNull},
                      {"p95", Kind::kNull},
                      {"p99", Kind::kNull},
                      {"baseline", Kind::kNull},
                      {"current_drop", Kind::kNull},
                      {"gateway", Kind::kNull},
                      {"interface", Kind::kNull},
                      {"interface_state", Kind::kNull}});
  EXPECT_EQ(body["uptime_pct"], 100);
  EXPECT_EQ(body["session_duration"], "0h 00m 05s");
}

TEST_F(StatusTest, BeforeTheFirstSnapshotItSaysInitializing) {
  snapshot_ = nullptr;
  const HttpResponse r = HandleStatus(Context(), Get("/api/status"));
  EXPECT_EQ(r.status, 200);
  const auto body = Body(r);
  EXPECT_EQ(body["diagnosis"], "Initializing...");
  EXPECT_EQ(body["diagnosis_code"], "initializing");
  EXPECT_EQ(body["health_score"], 100);
  EXPECT_EQ(body["total_pings"], 0);
  EXPECT_EQ(body["session_duration_sec"], 0);
  EXPECT_EQ(body["generated_at"], "2027-01-15T08:00:00.000+00:00");
}

TEST_F(StatusTest, NonFiniteNumbersBecomeNullAndScoreIsClamped) {
  auto s = Busy();
  s->avg_latency = std::numeric_limits<double>::quiet_NaN();
  s->jitter = std::numeric_limits<double>::infinity();
  s->health_score = 140;
  snapshot_ = s;
  const auto body = Body(HandleStatus(Context(), Get("/api/status")));
  EXPECT_TRUE(body["avg_latency"].is_null());
  EXPECT_TRUE(body["jitter"].is_null());
  EXPECT_EQ(body["health_score"], 100);
}

TEST(HumanDurationTest, MatchesTheOriginalFormat) {
  EXPECT_EQ(HumanDuration(0), "0h 00m 00s");
  EXPECT_EQ(HumanDuration(3723), "1h 02m 03s");
  EXPECT_EQ(HumanDuration(26 * 3600 + 59), "26h 00m 59s");
  EXPECT_EQ(HumanDuration(-5), "0h 00m 00s");
}

// The served handler reuses its body while the snapshot and the second are
// the same, and rebuilds it when either changes.
TEST_F(StatusTest, CachedBodyFollowsSnapshotAndSecond) {
  snapshot_ = Busy();
  auto cache = std::make_shared<SnapshotResponseCache>();
  const ApiContext context = Context();
  const std::string first = HandleStatusCached(context, *cache, Get("/api/status")).body;
  EXPECT_EQ(first, HandleStatus(context, Get("/api/status")).body);
  store_.RecordDrop(DropRecord{});  // the store changes, snapshot and second do not
  EXPECT_EQ(HandleStatusCached(context, *cache, Get("/api/status")).body, first);
  clock_.Advance(1s);
  const Json next = Body(HandleStatusCached(context, *cache, Get("/api/status")));
  EXPECT_EQ(next["drops_count"], Body(HandleStatus(context, Get("/api/status")))["drops_count"]);
  EXPECT_NE(next.dump(), Json::parse(first).dump());
  auto other = Busy();
  other->health_score = 42;
  snapshot_ = other;
  EXPECT_EQ(Body(HandleStatusCached(context, *cache, Get("/api/status")))["health_score"], 42);
}

}  // namespace
}  // namespace ww::test_api
