#include "api/handlers.h"
#include "api_test_util.h"

#include <gmock/gmock.h>

namespace ww::test_api {
namespace {

class HeatmapTest : public ApiTest {};

TEST_F(HeatmapTest, AllHoursInOrderWithAveragesOrNull) {
  store_.heat[0] = HeatCell{12.345, 10.0, 20.0, 3600, 2};
  store_.heat[13] = HeatCell{25.0, 20.5, 80.25, 100, 0};
  store_.heat[23] = HeatCell{0, 0, 0, 0, 60};  // every probe lost that hour
  const HttpResponse r = HandleHeatmap(Context(), Get("/api/heatmap"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(store_.last_heatmap_now, clock_.WallNow());
  EXPECT_EQ(store_.last_offset, 0);
  const auto body = Body(r);
  ExpectFields(body, {{"hours", Kind::kObject},
                      {"detail", Kind::kObject},
                      {"timezone", Kind::kString},
                      {"utc_offset_minutes", Kind::kInt}});
  const auto& hours = body["hours"];
  ASSERT_EQ(hours.size(), 24u);
  int expected = 0;
  const auto ordered = nlohmann::ordered_json::parse(r.body)["hours"];
  for (const auto& [key, value] : ordered.items()) {
    EXPECT_EQ(key, std::to_string(expected++));
    EXPECT_TRUE(value.is_number() || value.is_null()) << key;
  }
  EXPECT_DOUBLE_EQ(hours["0"].get<double>(), 12.35);
  EXPECT_DOUBLE_EQ(hours["13"].get<double>(), 25.0);
  EXPECT_TRUE(hours["1"].is_null());
  EXPECT_TRUE(hours["23"].is_null());
  // The raw text keeps hours in numeric order, as the original's dict did.
  EXPECT_LT(r.body.find("\"2\":"), r.body.find("\"10\":"));

  const auto& detail = body["detail"];
  ASSERT_EQ(detail.size(), 24u);
  ExpectFields(detail["13"], {{"avg", Kind::kNumber},
                              {"min", Kind::kNumber},
                              {"max", Kind::kNumber},
                              {"count", Kind::kInt},
                              {"lost", Kind::kInt}});
  EXPECT_DOUBLE_EQ(detail["13"]["max"].get<double>(), 80.25);
  EXPECT_EQ(detail["0"]["lost"], 2);
  EXPECT_EQ(
      detail["23"],
      nlohmann::json(
          {{"avg", nullptr}, {"min", nullptr}, {"max", nullptr}, {"count", 0}, {"lost", 60}}));
  EXPECT_EQ(detail["5"]["count"], 0);
  EXPECT_TRUE(detail["5"]["avg"].is_null());
  EXPECT_EQ(body["timezone"], "UTC");
}

TEST_F(HeatmapTest, ConfiguredOffsetReachesTheStore) {
  timezone_ = "+05:30";
  const auto body = Body(HandleHeatmap(Context(), Get("/api/heatmap")));
  EXPECT_EQ(store_.last_offset, 330);
  EXPECT_EQ(body["utc_offset_minutes"], 330);
  EXPECT_EQ(body["timezone"], "+05:30");
}

TEST_F(HeatmapTest, InvalidConfiguredTimezoneIs500NamingIt) {
  timezone_ = "Mars/Olympus";
  const HttpResponse r = HandleHeatmap(Context(), Get("/api/heatmap"));
  EXPECT_EQ(r.status, 500);
  EXPECT_THAT(Body(r)["detail"].get<std::string>(), ::testing::HasSubstr("\"Mars/Olympus\""));
  EXPECT_EQ(store_.last_offset, -9999);
}

}  // namespace
}  // namespace ww::test_api
