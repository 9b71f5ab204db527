#include "api/handlers.h"
#include "api_test_util.h"

namespace ww::test_api {
namespace {

using namespace std::chrono_literals;

class DropsTest : public ApiTest {
 protected:
  DropRecord Stored(std::int64_t id, std::chrono::seconds ago, double duration) {
    DropRecord d;
    d.id = id;
    d.start = clock_.WallNow() - ago;
    d.end = d.start + std::chrono::milliseconds(static_cast<std::int64_t>(duration * 1000));
    d.duration_sec = duration;
    d.diagnosis = {DiagnosisCode::kLocalNetwork, "Local network down (gateway unreachable)",
                   "gateway 10.77.0.1 silent"};
    return d;
  }
  std::shared_ptr<Snapshot> WithCurrent(WallTime start, double so_far) {
    auto s = std::make_shared<Snapshot>();
    DropRecord d;
    d.start = start;
    d.duration_sec = so_far;
    d.diagnosis = {DiagnosisCode::kUpstream, "ISP / upstream issue (gateway OK, internet down)",
                   ""};
    s->current_drop = d;
    s->is_down = true;
    return s;
  }
};

TEST_F(DropsTest, StoredDropsOldestFirstWithSeedFields) {
  store_.drops = {Stored(1, 7200s, 12.34), Stored(2, 600s, 4.0)};
  const HttpResponse r = HandleDrops(Context(), Get("/api/drops"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(store_.last_drops_limit, 1000u);
  const auto body = Body(r);
  ASSERT_TRUE(body.is_array());
  ASSERT_EQ(body.size(), 2u);
  for (const auto& d : body) {
    ExpectFields(d, {{"start", Kind::kString},
                     {"end", Kind::kString},
                     {"duration_sec", Kind::kNumber},
                     {"diagnosis", Kind::kString},
                     {"id", Kind::kInt},
                     {"diagnosis_code", Kind::kString},
                     {"detail", Kind::kString},
                     {"ongoing", Kind::kBool}});
  }
  EXPECT_EQ(body[0]["id"], 1);
  EXPECT_EQ(body[0]["start"], "2027-01-15T06:00:00.000+00:00");
  EXPECT_EQ(body[0]["end"], "2027-01-15T06:00:12.340+00:00");
  EXPECT_DOUBLE_EQ(body[0]["duration_sec"].get<double>(), 12.3);
  EXPECT_EQ(body[0]["diagnosis"], "Local network down (gateway unreachable)");
  EXPECT_EQ(body[0]["diagnosis_code"], "local_network");
  EXPECT_EQ(body[0]["ongoing"], false);
  EXPECT_EQ(body[1]["id"], 2);
}

TEST_F(DropsTest, OngoingDropIsAppendedWhenNotStored) {
  store_.drops = {Stored(1, 7200s, 12.34)};
  snapshot_ = WithCurrent(clock_.WallNow() - 30s, 30.0);
  const auto body = Body(HandleDrops(Context(), Get("/api/drops")));
  ASSERT_EQ(body.size(), 2u);
  const auto& current = body[1];
  EXPECT_TRUE(current["end"].is_null());
  EXPECT_EQ(current["ongoing"], true);
  EXPECT_EQ(current["id"], 0);
  EXPECT_DOUBLE_EQ(current["duration_sec"].get<double>(), 30.0);
  EXPECT_EQ(current["diagnosis_code"], "upstream");
}

TEST_F(DropsTest, OngoingDropAlreadyStoredIsNotDuplicated) {
  DropRecord stored_ongoing = Stored(7, 30s, 3.0);
  stored_ongoing.end.reset();  // the engine recorded it when confirmed
  store_.drops = {Stored(1, 7200s, 12.34), stored_ongoing};
  snapshot_ = WithCurrent(stored_ongoing.start, 30.0);
  const auto body = Body(HandleDrops(Context(), Get("/api/drops")));
  ASSERT_EQ(body.size(), 2u);
  EXPECT_EQ(body[1]["id"], 7);                                    // the stored row's id
  EXPECT_DOUBLE_EQ(body[1]["duration_sec"].get<double>(), 30.0);  // the snapshot's fresher duration
  EXPECT_EQ(body[1]["ongoing"], true);
  EXPECT_EQ(body[0]["ongoing"], false);
}

TEST_F(DropsTest, LimitKeepsTheNewest) {
  store_.drops = {Stored(1, 900s, 1), Stored(2, 800s, 1), Stored(3, 700s, 1)};
  auto body = Body(HandleDrops(Context(), Get("/api/drops", {{"limit", "2"}})));
  EXPECT_EQ(store_.last_drops_limit, 2u);
  ASSERT_EQ(body.size(), 2u);
  EXPECT_EQ(body[0]["id"], 2);
  EXPECT_EQ(body[1]["id"], 3);
  snapshot_ = WithCurrent(clock_.WallNow() - 5s, 5.0);
  body = Body(HandleDrops(Context(), Get("/api/drops", {{"limit", "2"}})));
  ASSERT_EQ(body.size(), 2u);
  EXPECT_EQ(body[0]["id"], 3);
  EXPECT_EQ(body[1]["ongoing"], true);
}

TEST_F(DropsTest, EmptyIsAnEmptyArray) {
  EXPECT_EQ(HandleDrops(Context(), Get("/api/drops")).body, "[]");
}

TEST_F(DropsTest, InvalidLimitIs400) {
  for (const std::string bad : {"0", "10001", "-1", "ten", "5x"}) {
    const HttpResponse r = HandleDrops(Context(), Get("/api/drops", {{"limit", bad}}));
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(
        Body(r)["detail"],
        "invalid query parameter 'limit': must be an integer from 1 to 10000, got '" + bad + "'");
  }
}

}  // namespace
}  // namespace ww::test_api
