#include "config/config_schema.h"

#include <gtest/gtest.h>

#include <set>

namespace ww {
namespace {

TEST(ConfigSchema, KeysAreUniqueAndInKnownSections) {
  std::set<std::string> paths, env_names;
  const auto sections = ConfigSections();
  for (const ConfigKey& k : ConfigKeys()) {
    EXPECT_TRUE(paths.insert(k.Path()).second) << k.Path();
    EXPECT_TRUE(env_names.insert(k.EnvName()).second) << k.EnvName();
    EXPECT_NE(std::find(sections.begin(), sections.end(), k.section), sections.end()) << k.Path();
    if (k.IsIntegral()) {
      EXPECT_LT(k.min, k.max) << k.Path();
    }
  }
  EXPECT_EQ(paths.size(), 94u);  // grows with config.h; update docs and the example with it
}

TEST(ConfigSchema, UplinkEntryKeysAreUniqueAndReachTheirFields) {
  std::set<std::string_view> names;
  for (const UplinkKey& k : UplinkKeys()) {
    EXPECT_TRUE(names.insert(k.name).second) << k.name;
    EXPECT_EQ(FindUplinkKey(k.name), &k);
  }
  EXPECT_EQ(names.size(), 10u);  // UplinkConfig's fields
  EXPECT_EQ(FindUplinkKey("gatway"), nullptr);
  UplinkConfig u;
  *std::get<std::string*>(FindUplinkKey("gateway")->field(u)) = "none";
  EXPECT_EQ(u.gateway, "none");
  *std::get<std::optional<int>*>(FindUplinkKey("hysteresis_rounds")->field(u)) = 7;
  EXPECT_EQ(u.hysteresis_rounds, 7);
}

TEST(ConfigSchema, UplinkDefaultsKeys) {
  const ConfigKey* live = FindConfigKeyByPath("uplink_defaults.live_min_interval_ms");
  ASSERT_NE(live, nullptr);
  EXPECT_EQ(live->EnvName(), "WANWATCH_UPLINK_DEFAULTS_LIVE_MIN_INTERVAL_MS");
  EXPECT_EQ(live->RangeRule(), "must be 1000-3600000");
  const ConfigKey* rounds = FindConfigKeyByPath("uplink_defaults.hysteresis_rounds");
  ASSERT_NE(rounds, nullptr);
  EXPECT_EQ(rounds->RangeRule(), "must be 1-60");
  Config c;
  EXPECT_EQ(SetFromText(*live, c, "2500", "V"), "");
  EXPECT_EQ(c.uplinks.live_min_interval, std::chrono::milliseconds{2500});
  EXPECT_EQ(SetFromText(*rounds, c, "5", "V"), "");
  EXPECT_EQ(c.uplinks.hysteresis_rounds, 5);
}

TEST(ConfigSchema, NamesPathsAndEnvironmentVariables) {
  const ConfigKey* k = FindConfigKey("probe", "interval_ms");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->Path(), "probe.interval_ms");
  EXPECT_EQ(k->EnvName(), "WANWATCH_PROBE_INTERVAL_MS");
  EXPECT_EQ(k->RangeRule(), "must be 100-60000");
  EXPECT_EQ(FindConfigKeyByPath("general.data_dir")->EnvName(), "WANWATCH_GENERAL_DATA_DIR");
  EXPECT_EQ(FindConfigKey("probe", "nope"), nullptr);
  EXPECT_EQ(FindConfigKeyByPath("nodot"), nullptr);
}

TEST(ConfigSchema, EveryKeyReachesItsField) {
  // Setting each key from text changes exactly that key's formatted value.
  const Config defaults;
  for (const ConfigKey& k : ConfigKeys()) {
    Config c;
    const FieldRef field = k.field(c);
    bool* const* flag = std::get_if<bool*>(&field);  // booleans: the opposite of the default
    // Integers: min + 1, or min + 2 where min + 1 is the default (web.threads).
    const std::int64_t number =
        std::to_string(k.min + 1) == FormatValue(k, defaults) ? k.min + 2 : k.min + 1;
    const std::string text = k.IsIntegral() ? std::to_string(number)
                             : flag         ? (**flag ? "false" : "true")
                             : k.name.ends_with("_pct") || k.name == "high_latency_ms" ||
                                     k.name == "line_rate_factor" || k.name.ends_with("_mbps") ||
                                     k.name == "max_ping_ms"
                                 ? "42.5"
                                 : "x,y";
    ASSERT_EQ(SetFromText(k, c, text, "T"), "") << k.Path();
    for (const ConfigKey& other : ConfigKeys()) {
      const bool same = &other == &k;
      EXPECT_EQ(FormatValue(other, c) != FormatValue(other, defaults), same)
          << "setting " << k.Path() << " vs " << other.Path();
    }
  }
}

TEST(ConfigSchema, SetFromTextDecodesEachType) {
  Config c;
  EXPECT_EQ(SetFromText(*FindConfigKeyByPath("web.port"), c, " 9090 ", "V"), "");
  EXPECT_EQ(c.web.port, 9090);
  EXPECT_EQ(SetFromText(*FindConfigKeyByPath("general.headless"), c, "YES", "V"), "");
  EXPECT_TRUE(c.general.headless);
  EXPECT_EQ(SetFromText(*FindConfigKeyByPath("general.headless"), c, "off", "V"), "");
  EXPECT_FALSE(c.general.headless);
  EXPECT_EQ(SetFromText(*FindConfigKeyByPath("probe.targets"), c, " a, b ,,c ", "V"), "");
  EXPECT_EQ(c.probe.targets, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(SetFromText(*FindConfigKeyByPath("probe.tcp_targets"), c, "", "V"), "");
  EXPECT_TRUE(c.probe.tcp_targets.empty());
  EXPECT_EQ(SetFromText(*FindConfigKeyByPath("engine.high_loss_pct"), c, "2.5", "V"), "");
  EXPECT_DOUBLE_EQ(c.engine.high_loss_pct, 2.5);
  EXPECT_EQ(SetFromText(*FindConfigKeyByPath("engine.window_minutes"), c, "60", "V"), "");
  EXPECT_EQ(c.engine.window, std::chrono::minutes{60});
  EXPECT_EQ(SetFromText(*FindConfigKeyByPath("general.data_dir"), c, "/d", "V"), "");
  EXPECT_EQ(c.general.data_dir, "/d");
}

TEST(ConfigSchema, SetFromTextNamesTheLabelOnBadValues) {
  Config c;
  const ConfigKey& port = *FindConfigKeyByPath("web.port");
  EXPECT_EQ(SetFromText(port, c, "http", "WANWATCH_WEB_PORT"),
            "WANWATCH_WEB_PORT: expected an integer, got \"http\"");
  EXPECT_EQ(SetFromText(port, c, "70000", "WANWATCH_WEB_PORT"),
            "WANWATCH_WEB_PORT: must be 1-65535, got 70000");
  EXPECT_EQ(SetFromText(port, c, "99999999999999999999", "P"),
            "P: must be 1-65535, got 99999999999999999999");
  EXPECT_EQ(SetFromText(port, c, "", "P"), "P: expected an integer, got \"\"");
  EXPECT_EQ(SetFromText(port, c, "80x", "P"), "P: expected an integer, got \"80x\"");
  EXPECT_EQ(c.web.port, 8080);  // unchanged by the failures
  EXPECT_EQ(SetFromText(*FindConfigKeyByPath("general.headless"), c, "maybe", "H"),
            "H: expected true or false, got \"maybe\"");
  EXPECT_EQ(SetFromText(*FindConfigKeyByPath("engine.high_loss_pct"), c, "5%", "L"),
            "L: expected a number, got \"5%\"");
  EXPECT_EQ(SetFromText(*FindConfigKeyByPath("engine.drop_threshold"), c, "3000000000", "D"),
            "D: must be 1-100, got 3000000000");
}

TEST(ConfigSchema, FormatValueWritesToml) {
  Config c;
  EXPECT_EQ(FormatValue(*FindConfigKeyByPath("probe.targets"), c),
            "[\"1.1.1.1\", \"8.8.8.8\", \"9.9.9.9\"]");
  EXPECT_EQ(FormatValue(*FindConfigKeyByPath("probe.interval_ms"), c), "1000");
  EXPECT_EQ(FormatValue(*FindConfigKeyByPath("general.headless"), c), "false");
  EXPECT_EQ(FormatValue(*FindConfigKeyByPath("engine.high_loss_pct"), c), "5");
  c.general.log_level = "a\"b\n";
  EXPECT_EQ(FormatValue(*FindConfigKeyByPath("general.log_level"), c), "\"a\\\"b\\u000a\"");
}

}  // namespace
}  // namespace ww
