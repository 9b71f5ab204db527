// PUT /api/config's validation and the stored form of the settings: each bad
// body is rejected with a message that names its field and changes nothing.

#include <gtest/gtest.h>

#include <map>

#include "speedtest/speedtest_settings.h"

namespace ww {
namespace {

using nlohmann::json;

SpeedtestSettings Current() {
  SpeedtestSettings s;
  s.interval_minutes = 60;
  s.scanning_enabled = true;
  s.enabled_exporters = {"csv", "sqlite"};
  return s;
}

TEST(SpeedtestSettings, EitherIntervalNameSetsTheInterval) {
  EXPECT_EQ(ApplySettingsUpdate(Current(), json{{"interval_minutes", 30}})->interval_minutes, 30);
  EXPECT_EQ(
      ApplySettingsUpdate(Current(), json{{"speedtest_interval_minutes", 5}})->interval_minutes, 5);
  EXPECT_EQ(ApplySettingsUpdate(
                Current(), json{{"interval_minutes", 1440}, {"speedtest_interval_minutes", 1440}})
                ->interval_minutes,
            1440);
}

TEST(SpeedtestSettings, AnySubsetLeavesTheRestAlone) {
  const auto empty = ApplySettingsUpdate(Current(), json::object());
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, Current());
  const auto off = ApplySettingsUpdate(Current(), json{{"scanning_enabled", false}});
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->scanning_enabled);
  EXPECT_EQ(off->interval_minutes, 60);
  const auto exporters = ApplySettingsUpdate(
      Current(), json{{"enabled_exporters", {"csv", "sqlite", "prometheus", "loki", "csv"}}});
  ASSERT_TRUE(exporters.ok());
  EXPECT_EQ(exporters->enabled_exporters,
            (std::vector<std::string>{"csv", "sqlite", "prometheus", "loki"}));
  EXPECT_TRUE(ApplySettingsUpdate(Current(), json{{"enabled_exporters", json::array()}})
                  ->enabled_exporters.empty());
}

struct BadBody {
  const char* body;
  const char* field;  // must appear in the message
};

TEST(SpeedtestSettings, BadBodiesNameTheirField) {
  const BadBody cases[] = {
      {R"([1, 2])", "JSON object"},
      {R"("text")", "JSON object"},
      {R"(null)", "JSON object"},
      {R"({"interval_minutes": 4})", "interval_minutes"},
      {R"({"interval_minutes": 1441})", "interval_minutes"},
      {R"({"interval_minutes": -5})", "interval_minutes"},
      {R"({"interval_minutes": 0})", "interval_minutes"},
      {R"({"interval_minutes": 30.5})", "interval_minutes"},
      {R"({"interval_minutes": 30.0})", "interval_minutes"},
      {R"({"interval_minutes": "30"})", "interval_minutes"},
      {R"({"interval_minutes": true})", "interval_minutes"},
      {R"({"interval_minutes": 18446744073709551615})", "interval_minutes"},
      {R"({"speedtest_interval_minutes": 2})", "speedtest_interval_minutes"},
      {R"({"interval_minutes": 30, "speedtest_interval_minutes": 31})",
       "speedtest_interval_minutes"},
      {R"({"enabled_exporters": "csv"})", "enabled_exporters"},
      {R"({"enabled_exporters": ["csv", 1]})", "enabled_exporters"},
      {R"({"enabled_exporters": ["csv", "graphite"]})", "graphite"},
      {R"({"enabled_exporters": null})", "enabled_exporters"},
      {R"({"scanning_enabled": "yes"})", "scanning_enabled"},
      {R"({"scanning_enabled": 1})", "scanning_enabled"},
      {R"({"interval": 30})", "'interval'"},
      {R"({"interval_minutes": 30, "extra": 1})", "'extra'"},
  };
  for (const BadBody& c : cases) {
    const auto r = ApplySettingsUpdate(Current(), json::parse(c.body));
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_NE(r.error().find(c.field), std::string::npos) << c.body << " -> " << r.error();
  }
}

TEST(SpeedtestSettings, StoredFormRoundTrips) {
  SpeedtestSettings s;
  s.interval_minutes = 15;
  s.scanning_enabled = false;
  s.enabled_exporters = {"sqlite", "influxdb"};
  std::map<std::string, std::string> table;
  for (const auto& [k, v] : SettingsToStored(s)) table[k] = v;
  std::vector<std::string> problems;
  const SpeedtestSettings back = SettingsFromStored(
      Current(),
      [&](const std::string& key) -> std::optional<std::string> {
        auto it = table.find(key);
        return it == table.end() ? std::nullopt : std::optional(it->second);
      },
      &problems);
  EXPECT_EQ(back, s);
  EXPECT_TRUE(problems.empty());

  s.enabled_exporters.clear();  // an empty list is a list, not "unset"
  table.clear();
  for (const auto& [k, v] : SettingsToStored(s)) table[k] = v;
  EXPECT_TRUE(SettingsFromStored(
                  Current(),
                  [&](const std::string& key) -> std::optional<std::string> {
                    auto it = table.find(key);
                    return it == table.end() ? std::nullopt : std::optional(it->second);
                  },
                  &problems)
                  .enabled_exporters.empty());
}

TEST(SpeedtestSettings, NothingStoredKeepsTheConfigFileValues) {
  std::vector<std::string> problems;
  EXPECT_EQ(
      SettingsFromStored(
          Current(), [](const std::string&) { return std::optional<std::string>(); }, &problems),
      Current());
  EXPECT_TRUE(problems.empty());
}

TEST(SpeedtestSettings, InvalidStoredValuesAreSkippedAndReported) {
  const std::map<std::string, std::string> table = {
      {"speedtest.interval_minutes", "2"},
      {"speedtest.scanning_enabled", "maybe"},
      {"speedtest.enabled_exporters", "csv,graphite"},
  };
  std::vector<std::string> problems;
  const SpeedtestSettings s = SettingsFromStored(
      Current(),
      [&](const std::string& key) -> std::optional<std::string> {
        auto it = table.find(key);
        return it == table.end() ? std::nullopt : std::optional(it->second);
      },
      &problems);
  EXPECT_EQ(s, Current());
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_NE(problems[0].find("speedtest.interval_minutes"), std::string::npos);
}

}  // namespace
}  // namespace ww
