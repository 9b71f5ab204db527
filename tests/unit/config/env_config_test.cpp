#include "config/env_config.h"

#include <gtest/gtest.h>

#include "config/toml_config.h"

namespace ww {
namespace {

using Strings = std::vector<std::string>;

LayeredConfig FromEnv(const Environment& env) {
  LayeredConfig l;
  ApplyEnvironment(env, l);
  return l;
}

TEST(EnvConfig, EveryKeyHasAWanwatchVariable) {
  const LayeredConfig l = FromEnv({{"WANWATCH_WEB_PORT", "9090"},
                                   {"WANWATCH_PROBE_INTERVAL_MS", "500"},
                                   {"WANWATCH_GENERAL_DATA_DIR", "/srv/ww"},
                                   {"WANWATCH_PROBE_TARGETS", "192.0.2.1, 192.0.2.2"},
                                   {"WANWATCH_GENERAL_HEADLESS", "true"},
                                   {"WANWATCH_ENGINE_HIGH_LOSS_PCT", "7.5"},
                                   {"WANWATCH_ENGINE_WINDOW_MINUTES", "5"}});
  EXPECT_TRUE(l.errors.empty());
  EXPECT_TRUE(l.warnings.empty());
  EXPECT_EQ(l.config.web.port, 9090);
  EXPECT_EQ(l.config.probe.interval, std::chrono::milliseconds{500});
  EXPECT_EQ(l.config.general.data_dir, "/srv/ww");
  EXPECT_EQ(l.config.probe.targets, (Strings{"192.0.2.1", "192.0.2.2"}));
  EXPECT_TRUE(l.config.general.headless);
  EXPECT_DOUBLE_EQ(l.config.engine.high_loss_pct, 7.5);
  EXPECT_EQ(l.config.engine.window, std::chrono::minutes{5});
  EXPECT_EQ(l.origins.at("web.port").where, "WANWATCH_WEB_PORT");
  EXPECT_EQ(l.origins.at("web.port").layer, ConfigLayer::kEnvironment);
  EXPECT_TRUE(l.SetByUser("probe.targets"));
}

TEST(EnvConfig, ShortForms) {
  const LayeredConfig l = FromEnv(
      {{"WANWATCH_DATA_DIR", "/d"}, {"WANWATCH_PORT", "81"}, {"WANWATCH_LOG_LEVEL", "warn"}});
  EXPECT_TRUE(l.errors.empty());
  EXPECT_TRUE(l.warnings.empty());
  EXPECT_EQ(l.config.general.data_dir, "/d");
  EXPECT_EQ(l.config.web.port, 81);
  EXPECT_EQ(l.config.general.log_level, "warn");
}

TEST(EnvConfig, LongFormWinsOverShortForm) {
  const LayeredConfig l = FromEnv({{"WANWATCH_PORT", "81"}, {"WANWATCH_WEB_PORT", "82"}});
  EXPECT_EQ(l.config.web.port, 82);
  EXPECT_EQ(l.origins.at("web.port").where, "WANWATCH_WEB_PORT");
}

TEST(EnvConfig, HermesVariablesAsHermesReadsThem) {
  const std::string key(40, 'k');
  const LayeredConfig l = FromEnv({{"API_KEY", key},
                                   {"RATE_LIMIT_PER_MINUTE", "0"},
                                   {"CORS_ORIGINS", "https://a.example, http://b.example:8080,"}});
  EXPECT_TRUE(l.errors.empty());
  EXPECT_EQ(l.config.security.api_key, key);
  EXPECT_EQ(l.config.security.rate_limit_per_minute, 0);
  EXPECT_EQ(l.config.security.cors_origins,
            (Strings{"https://a.example", "http://b.example:8080"}));
  EXPECT_EQ(l.origins.at("security.api_key").where, "API_KEY");
}

TEST(EnvConfig, EmptyApiKeyMeansUnsetAsInHermes) {
  LayeredConfig l;
  ApplyToml("[security]\napi_key = \"0123456789abcdef0123456789abcdef\"\n", "f.toml", l);
  ApplyEnvironment({{"API_KEY", ""}}, l);
  EXPECT_EQ(l.config.security.api_key, "0123456789abcdef0123456789abcdef");
}

TEST(EnvConfig, WanwatchNameWinsOverHermesName) {
  const LayeredConfig l =
      FromEnv({{"RATE_LIMIT_PER_MINUTE", "10"}, {"WANWATCH_SECURITY_RATE_LIMIT_PER_MINUTE", "20"}});
  EXPECT_EQ(l.config.security.rate_limit_per_minute, 20);
}

TEST(EnvConfig, EnvironmentOverridesTheFile) {
  LayeredConfig l;
  ApplyToml("[web]\nport = 9000\nthreads = 3\n", "f.toml", l);
  ApplyEnvironment({{"WANWATCH_WEB_PORT", "9001"}}, l);
  EXPECT_EQ(l.config.web.port, 9001);
  EXPECT_EQ(l.config.web.threads, 3);
  EXPECT_EQ(l.origins.at("web.port").where, "WANWATCH_WEB_PORT");
}

TEST(EnvConfig, BadValuesNameTheVariable) {
  const LayeredConfig l = FromEnv({{"WANWATCH_WEB_PORT", "http"},
                                   {"RATE_LIMIT_PER_MINUTE", "sixty"},
                                   {"WANWATCH_GENERAL_HEADLESS", "maybe"},
                                   {"WANWATCH_PORT", "65536"}});
  EXPECT_EQ(l.errors, (Strings{"RATE_LIMIT_PER_MINUTE: expected an integer, got \"sixty\"",
                               "WANWATCH_PORT: must be 1-65535, got 65536",
                               "WANWATCH_GENERAL_HEADLESS: expected true or false, got \"maybe\"",
                               "WANWATCH_WEB_PORT: expected an integer, got \"http\""}));
  EXPECT_EQ(l.config.web.port, 8080);
  EXPECT_TRUE(l.origins.empty());
}

TEST(EnvConfig, UnknownWanwatchVariableIsOnlyAWarning) {
  const LayeredConfig l = FromEnv({{"WANWATCH_PROBE_INTERVL_MS", "5"},
                                   {"WANWATCH_CONFIG", "/etc/wanwatch.toml"},
                                   {"WANWATCHER", "x"},
                                   {"PATH", "/bin"}});
  EXPECT_TRUE(l.errors.empty());
  EXPECT_EQ(l.warnings, Strings{"WANWATCH_PROBE_INTERVL_MS: unknown variable, ignored"});
}

TEST(EnvConfig, EnvironmentFromEnvironCopiesNameValuePairs) {
  const char* envp[] = {"A=1", "B=x=y", "C=", "junk", "=nameless", "A=2", nullptr};
  const Environment env = EnvironmentFromEnviron(envp);
  EXPECT_EQ(env, (Environment{{"A", "1"}, {"B", "x=y"}, {"C", ""}}));
  EXPECT_EQ(GetEnv(env, "C"), std::optional<std::string_view>(""));
  EXPECT_EQ(GetEnv(env, "D"), std::nullopt);
}

}  // namespace
}  // namespace ww
