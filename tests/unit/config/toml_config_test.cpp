#include "config/toml_config.h"

#include <gtest/gtest.h>

#include "config/validate.h"

namespace ww {
namespace {

using Strings = std::vector<std::string>;

LayeredConfig Load(std::string_view text) {
  LayeredConfig layered;
  ApplyToml(text, "test.toml", layered);
  return layered;
}

TEST(TomlConfig, EmptyDocumentKeepsTheDefaults) {
  const LayeredConfig l = Load("# nothing\n");
  EXPECT_TRUE(l.errors.empty());
  EXPECT_TRUE(l.origins.empty());
  EXPECT_EQ(l.config.probe.targets, Config{}.probe.targets);
}

TEST(TomlConfig, ReadsEverySection) {
  const LayeredConfig l = Load(R"(
[general]
data_dir = "/var/lib/ww"
log_level = "debug"
timezone = "+05:30"
headless = true
[web]
bind = "127.0.0.1"
port = 9090
threads = 2
[probe]
interval_ms = 500
icmp_timeout_ms = 1500
targets = ["192.0.2.1", "example.net"]
gateway = "none"
tcp_targets = []
dns_servers = ["192.0.2.53:5353"]
dns_query = "example.org"
http_urls = ["https://example.com/"]
interface = "eth1"
[engine]
window_minutes = 30
drop_threshold = 5
high_loss_pct = 2.5
high_latency_ms = 150
[store]
raw_retention_days = 3
rollup_retention_days = 100
[security]
api_key = "0123456789abcdef0123456789abcdef"
rate_limit_per_minute = 0
cors_origins = ["https://a.example"]
)");
  ASSERT_TRUE(l.errors.empty()) << l.errors.front();
  const Config& c = l.config;
  EXPECT_EQ(c.general.data_dir, "/var/lib/ww");
  EXPECT_EQ(c.general.log_level, "debug");
  EXPECT_EQ(c.general.timezone, "+05:30");
  EXPECT_TRUE(c.general.headless);
  EXPECT_EQ(c.web.bind, "127.0.0.1");
  EXPECT_EQ(c.web.port, 9090);
  EXPECT_EQ(c.web.threads, 2);
  EXPECT_EQ(c.probe.interval, std::chrono::milliseconds{500});
  EXPECT_EQ(c.probe.icmp_timeout, std::chrono::milliseconds{1500});
  EXPECT_EQ(c.probe.targets, (Strings{"192.0.2.1", "example.net"}));
  EXPECT_EQ(c.probe.gateway, "none");
  EXPECT_TRUE(c.probe.tcp_targets.empty());
  EXPECT_EQ(c.probe.dns_servers, Strings{"192.0.2.53:5353"});
  EXPECT_EQ(c.probe.dns_query, "example.org");
  EXPECT_EQ(c.probe.http_urls, Strings{"https://example.com/"});
  EXPECT_EQ(c.probe.interface, "eth1");
  EXPECT_EQ(c.engine.window, std::chrono::minutes{30});
  EXPECT_EQ(c.engine.drop_threshold, 5);
  EXPECT_DOUBLE_EQ(c.engine.high_loss_pct, 2.5);
  EXPECT_DOUBLE_EQ(c.engine.high_latency_ms, 150);  // an integer is fine for a number
  EXPECT_EQ(c.store.raw_retention_days, 3);
  EXPECT_EQ(c.store.rollup_retention_days, 100);
  EXPECT_EQ(c.security.api_key.size(), 32u);
  EXPECT_EQ(c.security.rate_limit_per_minute, 0);
  EXPECT_EQ(c.security.cors_origins, Strings{"https://a.example"});
  EXPECT_TRUE(ValidateConfig(c).empty());
  // Untouched keys keep their defaults.
  EXPECT_EQ(c.probe.tcp_interval, std::chrono::milliseconds{5000});
}

TEST(TomlConfig, RecordsWhereEachKeyWasSet) {
  const LayeredConfig l = Load("[web]\n  port = 9090\n[probe]\ntcp_targets = []\n");
  ASSERT_TRUE(l.errors.empty());
  EXPECT_EQ(l.origins.at("web.port").where, "test.toml:2:10");
  EXPECT_EQ(l.origins.at("web.port").layer, ConfigLayer::kFile);
  EXPECT_TRUE(l.SetByUser("probe.tcp_targets"));
  EXPECT_FALSE(l.SetByUser("probe.dns_servers"));
}

TEST(TomlConfig, UnknownKeyIsAnErrorWithItsPath) {
  const LayeredConfig l = Load("[probe]\nintervall_ms = 500\n");
  EXPECT_EQ(l.errors, Strings{"test.toml:2:16: probe.intervall_ms: unknown key"});
}

TEST(TomlConfig, KeyInTheWrongSectionSuggestsTheRightOne) {
  const LayeredConfig l = Load("port = 1\n[web]\ninterval_ms = 500\n");
  EXPECT_EQ(l.errors, (Strings{"test.toml:1:8: port: unknown key; did you mean web.port?",
                               "test.toml:3:15: web.interval_ms: unknown key; did you mean "
                               "probe.interval_ms?"}));
}

TEST(TomlConfig, UnknownSectionAndNestedTable) {
  const LayeredConfig l = Load("[alarms]\nx = 1\n[probe.extra]\ny = 2\n");
  EXPECT_EQ(l.errors, (Strings{"test.toml:1:1: alarms: unknown section",
                               "test.toml:3:1: probe.extra: unknown key"}));
}

TEST(TomlConfig, WrongTypeNamesTheKeyAndBothTypes) {
  const LayeredConfig l = Load("[probe]\ninterval_ms = \"1000\"\n");
  EXPECT_EQ(l.errors,
            Strings{"test.toml:2:15: probe.interval_ms: expected an integer, got string"});
  EXPECT_EQ(l.config.probe.interval, std::chrono::milliseconds{1000});
}

TEST(TomlConfig, WrongTypesOfEveryKind) {
  const LayeredConfig l = Load(R"([general]
headless = "yes"
log_level = 3
[engine]
high_loss_pct = "5"
[probe]
targets = "1.1.1.1"
tcp_targets = ["192.0.2.1:53", 53]
[web]
port = 80.0
[store]
raw_retention_days = 1979-05-27
)");
  EXPECT_EQ(l.errors,
            (Strings{"test.toml:2:12: general.headless: expected a boolean, got string",
                     "test.toml:3:13: general.log_level: expected a string, got integer",
                     "test.toml:5:17: engine.high_loss_pct: expected a number, got string",
                     "test.toml:7:11: probe.targets: expected an array of strings, got string",
                     "test.toml:8:32: probe.tcp_targets[1]: expected a string, got integer",
                     "test.toml:10:8: web.port: expected an integer, got float",
                     "test.toml:12:22: store.raw_retention_days: expected an integer, got date"}));
  // A list with a bad element is not applied at all.
  EXPECT_EQ(l.config.probe.tcp_targets, Config{}.probe.tcp_targets);
}

TEST(TomlConfig, SectionThatIsNotATable) {
  const LayeredConfig l = Load("probe = 5\n");
  EXPECT_EQ(l.errors, Strings{"test.toml:1:9: probe: expected a table, got integer"});
}

TEST(TomlConfig, ValueTheFieldCannotHoldIsARangeError) {
  const LayeredConfig l = Load("[web]\nport = 70000\n[engine]\ndrop_threshold = 9999999999\n");
  EXPECT_EQ(l.errors, (Strings{"test.toml:2:8: web.port: must be 1-65535, got 70000",
                               "test.toml:4:18: engine.drop_threshold: must be 1-100, got "
                               "9999999999"}));
}

TEST(TomlConfig, SyntaxErrorNamesFileLineAndColumn) {
  const LayeredConfig l = Load("[web]\nport = 8080\nbind = \"0.0.0.0\n");
  ASSERT_EQ(l.errors.size(), 1u);
  EXPECT_TRUE(l.errors[0].starts_with("test.toml:3:")) << l.errors[0];
  EXPECT_NE(l.errors[0].find(": syntax error: "), std::string::npos) << l.errors[0];
  // Nothing from a broken file is applied.
  EXPECT_EQ(l.config.web.port, 8080);
  EXPECT_TRUE(l.origins.empty());
}

TEST(TomlConfig, DuplicateKeyIsASyntaxError) {
  const LayeredConfig l = Load("[web]\nport = 1\nport = 2\n");
  ASSERT_EQ(l.errors.size(), 1u);
  EXPECT_TRUE(l.errors[0].starts_with("test.toml:3:8: syntax error: ")) << l.errors[0];
  EXPECT_NE(l.errors[0].find("'port'"), std::string::npos) << l.errors[0];
}

TEST(TomlConfig, HostileKeysAreQuotedInMessages) {
  const LayeredConfig l = Load("[probe]\n\"a\\nb\" = 1\n");
  EXPECT_EQ(l.errors, Strings{"test.toml:2:10: probe.\"a\\x0ab\": unknown key"});
}

}  // namespace
}  // namespace ww
