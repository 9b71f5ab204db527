// Keeps packaging/wanwatch.example.toml and docs/configuration.md from drifting away from
// config.h and config_schema.cpp.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "config/config_schema.h"
#include "config/layered_config.h"
#include "config/toml_config.h"
#include "config/validate.h"

namespace ww {
namespace {

std::string ReadSourceFile(const std::string& relative) {
  auto text = ReadConfigFile(std::string(WW_SOURCE_DIR) + "/" + relative);
  EXPECT_TRUE(text.ok()) << text.error();
  return text.ok() ? text.value() : "";
}

// "# key = value" and "# [[uplinks]]" lines lose their "# "; prose comments stay comments.
std::string Uncomment(const std::string& text) {
  std::istringstream in(text);
  std::string out, line;
  while (std::getline(in, line)) {
    const std::size_t eq = line.find(" = ");
    const bool value_line = line.starts_with("# ") && eq != std::string::npos && eq > 2 &&
                            line.find_first_not_of("abcdefghijklmnopqrstuvwxyz_", 2) == eq;
    const bool table_line = line == "# [[uplinks]]";
    out += (value_line || table_line ? line.substr(2) : line) + "\n";
  }
  return out;
}

TEST(ExampleConfig, AsShippedItChangesNothing) {
  LayeredConfig l;
  ApplyToml(ReadSourceFile("packaging/wanwatch.example.toml"), "wanwatch.example.toml", l);
  EXPECT_EQ(l.errors, std::vector<std::string>{});
  EXPECT_TRUE(l.origins.empty()) << "a key is active: " << l.origins.begin()->first;
}

TEST(ExampleConfig, ListsEveryKeyWithItsDefault) {
  LayeredConfig l;
  ApplyToml(Uncomment(ReadSourceFile("packaging/wanwatch.example.toml")), "example", l);
  EXPECT_EQ(l.errors, std::vector<std::string>{});
  const Config defaults;
  for (const ConfigKey& key : ConfigKeys()) {
    EXPECT_TRUE(l.origins.contains(key.Path())) << key.Path() << " is missing";
    EXPECT_EQ(FormatValue(key, l.config), FormatValue(key, defaults)) << key.Path();
  }
}

TEST(ExampleConfig, ShowsTwoUplinksThatUseEveryUplinkKey) {
  LayeredConfig l;
  ApplyToml(Uncomment(ReadSourceFile("packaging/wanwatch.example.toml")), "example", l);
  EXPECT_EQ(l.errors, std::vector<std::string>{});
  EXPECT_EQ(ValidateConfig(l.config), std::vector<std::string>{});
  const auto& list = l.config.uplinks.list;
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].name, "Liquid (BGP01)");
  EXPECT_FALSE(list[0].nat);
  EXPECT_TRUE(list[1].nat);
  for (const UplinkKey& key : UplinkKeys()) {
    const std::string k(key.name);
    EXPECT_TRUE(l.origins.contains("uplinks[0]." + k) || l.origins.contains("uplinks[1]." + k))
        << k << " is not in the example";
  }
}

TEST(ConfigurationDocs, HaveARowForEveryUplinkKey) {
  const std::string docs = ReadSourceFile("docs/configuration.md");
  const std::size_t table = docs.find("### `[[uplinks]]`");
  ASSERT_NE(table, std::string::npos);
  for (const UplinkKey& key : UplinkKeys()) {
    EXPECT_NE(docs.find("| `" + std::string(key.name) + "` |", table), std::string::npos)
        << key.name;
  }
}

TEST(ConfigurationDocs, MentionEveryKeyVariableAndFlag) {
  const std::string docs = ReadSourceFile("docs/configuration.md");
  const Config defaults;
  for (const ConfigKey& key : ConfigKeys()) {
    EXPECT_NE(docs.find("`" + std::string(key.name) + "`"), std::string::npos) << key.Path();
    EXPECT_NE(docs.find(key.EnvName()), std::string::npos) << key.EnvName();
  }
  for (const char* name :
       {"WANWATCH_CONFIG", "WANWATCH_DATA_DIR", "WANWATCH_PORT", "WANWATCH_LOG_LEVEL", "API_KEY",
        "RATE_LIMIT_PER_MINUTE", "CORS_ORIGINS", "STATE_DIRECTORY", "XDG_STATE_HOME", "--headless",
        "--web-port", "--config", "--data-dir", "--target", "--gateway", "--log-level",
        "--check-config", "--version", "--help"}) {
    EXPECT_NE(docs.find(name), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace ww
