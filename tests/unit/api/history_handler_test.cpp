#include "api/handlers.h"
#include "api_test_util.h"

namespace ww::test_api {
namespace {

using namespace std::chrono_literals;

class HistoryTest : public ApiTest {};

TEST_F(HistoryTest, DefaultIsFifteenMinutesAtOneSecond) {
  const HttpResponse r = HandleHistory(Context(), Get("/api/history"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(store_.last_to, clock_.WallNow());
  EXPECT_EQ(store_.last_from, clock_.WallNow() - 900s);
  EXPECT_EQ(store_.last_step, 1s);
  const auto body = Body(r);
  ExpectFields(body, {{"timestamps", Kind::kArray},
                      {"latencies", Kind::kArray},
                      {"gateway_latencies", Kind::kArray},
                      {"history", Kind::kArray},
                      {"gateway", Kind::kArray},
                      {"step_sec", Kind::kInt},
                      {"minutes", Kind::kInt}});
  EXPECT_EQ(body["timestamps"].size(), 900u);
  EXPECT_EQ(body["latencies"].size(), 900u);
  EXPECT_EQ(body["gateway_latencies"].size(), 900u);
  EXPECT_EQ(body["history"].size(), 900u);
  EXPECT_EQ(body["gateway"].size(), 900u);
  EXPECT_EQ(body["step_sec"], 1);
  EXPECT_EQ(body["minutes"], 15);
}

TEST_F(HistoryTest, SeriesValuesTimesAndNulls) {
  const auto body = Body(HandleHistory(Context(), Get("/api/history", {{"minutes", "1"}})));
  EXPECT_EQ(body["timestamps"][0], "2027-01-15T07:59:00.000+00:00");
  EXPECT_EQ(body["timestamps"][59], "2027-01-15T07:59:59.000+00:00");
  EXPECT_TRUE(body["latencies"][0].is_null());                  // i % 3 == 0: no data
  EXPECT_DOUBLE_EQ(body["latencies"][1].get<double>(), 10.12);  // 10.123456 rounded
  EXPECT_DOUBLE_EQ(body["latencies"][4].get<double>(), 10.49);  // 10.493824
  EXPECT_TRUE(body["gateway_latencies"][5].is_null());
  EXPECT_DOUBLE_EQ(body["gateway_latencies"][1].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(body["gateway_latencies"][7].get<double>(), 0.51);
  for (std::size_t i = 0; i < 60; ++i) {
    const auto& h = body["history"][i];
    ExpectFields(
        h, {{"time", Kind::kString}, {"latency", Kind::kNumberOrNull}, {"target", Kind::kString}});
    EXPECT_EQ(h["time"], body["timestamps"][i]);
    EXPECT_EQ(h["latency"], body["latencies"][i]);
    const auto& g = body["gateway"][i];
    ExpectFields(g, {{"time", Kind::kString}, {"latency", Kind::kNumberOrNull}});
    EXPECT_EQ(g["latency"], body["gateway_latencies"][i]);
  }
}

TEST_F(HistoryTest, ExplicitStepAndDefaultStepsForLongerSpans) {
  auto body =
      Body(HandleHistory(Context(), Get("/api/history", {{"minutes", "60"}, {"step", "60"}})));
  EXPECT_EQ(store_.last_step, 60s);
  EXPECT_EQ(body["timestamps"].size(), 60u);
  EXPECT_EQ(body["step_sec"], 60);
  Body(HandleHistory(Context(), Get("/api/history", {{"minutes", "10080"}})));
  EXPECT_EQ(store_.last_step, 900s);
  EXPECT_EQ(store_.last_from, clock_.WallNow() - std::chrono::hours(24 * 7));
}

TEST(DefaultHistoryStepTest, AtMostAThousandPointsOnAlignedSteps) {
  EXPECT_EQ(DefaultHistoryStep(60s), 1s);
  EXPECT_EQ(DefaultHistoryStep(1000s), 1s);
  EXPECT_EQ(DefaultHistoryStep(1001s), 2s);
  EXPECT_EQ(DefaultHistoryStep(3600s), 5s);
  EXPECT_EQ(DefaultHistoryStep(6h), 30s);
  EXPECT_EQ(DefaultHistoryStep(24h), 120s);
  EXPECT_EQ(DefaultHistoryStep(std::chrono::hours(24 * 7)), 900s);
  for (std::int64_t minutes = 1; minutes <= 10080; minutes += 7) {
    const std::chrono::seconds span(minutes * 60);
    const auto step = DefaultHistoryStep(span);
    EXPECT_LE(span / step, 1000) << minutes;
    // Coarser than a minute means whole minutes; coarser than 5 minutes, whole 5 minutes.
    if (step >= 60s) {
      EXPECT_EQ(step.count() % 60, 0) << minutes;
    }
    if (step > 300s && step < 3600s) {
      EXPECT_EQ(step.count() % 300, 0) << minutes;
    }
    if (step >= 3600s) {
      EXPECT_EQ(step.count() % 3600, 0) << minutes;
    }
  }
}

TEST_F(HistoryTest, InvalidParametersAre400NamingThem) {
  const std::pair<QueryList, std::string> cases[] = {
      {{{"minutes", "0"}},
       "invalid query parameter 'minutes': must be an integer from 1 to 10080, got '0'"},
      {{{"minutes", "10081"}},
       "invalid query parameter 'minutes': must be an integer from 1 to 10080, got '10081'"},
      {{{"minutes", "abc"}},
       "invalid query parameter 'minutes': must be an integer from 1 to 10080, got 'abc'"},
      {{{"minutes", "1.5"}},
       "invalid query parameter 'minutes': must be an integer from 1 to 10080, got '1.5'"},
      {{{"minutes", ""}},
       "invalid query parameter 'minutes': must be an integer from 1 to 10080, got ''"},
      {{{"step", "0"}},
       "invalid query parameter 'step': must be an integer from 1 to 86400, got '0'"},
      {{{"step", "-5"}},
       "invalid query parameter 'step': must be an integer from 1 to 86400, got '-5'"},
      {{{"step", "86401"}},
       "invalid query parameter 'step': must be an integer from 1 to 86400, got '86401'"},
      {{{"step", "x"}},
       "invalid query parameter 'step': must be an integer from 1 to 86400, got 'x'"},
      {{{"minutes", "10080"}, {"step", "1"}},
       "invalid query parameter 'step': 1 s over 10080 minutes gives 604800 points, at most 10000 "
       "allowed"},
  };
  for (const auto& [query, detail] : cases) {
    store_.last_step = 0s;
    const HttpResponse r = HandleHistory(Context(), Get("/api/history", query));
    EXPECT_EQ(r.status, 400) << detail;
    EXPECT_EQ(Body(r), nlohmann::json({{"detail", detail}}));
    EXPECT_EQ(store_.last_step, 0s) << "the store must not be queried for " << detail;
  }
}

TEST_F(HistoryTest, RaggedStoreDataIsCutToTheShortestSeries) {
  store_.ragged = true;
  const auto body = Body(HandleHistory(Context(), Get("/api/history", {{"minutes", "1"}})));
  EXPECT_EQ(body["timestamps"].size(), 59u);
  EXPECT_EQ(body["gateway_latencies"].size(), 59u);
}

}  // namespace
}  // namespace ww::test_api
