// The [alerts] section (config/validate_alerts.h, the keys in config_schema.cpp):
// one bad value each with the exact message naming the key, the nested
// provider tables read from TOML, and their environment variables.
#include <gtest/gtest.h>

#include <functional>

#include "config/config_schema.h"
#include "config/layered_config.h"
#include "config/toml_config.h"
#include "config/validate.h"

namespace ww {
namespace {

struct AlertRuleCase {
  const char* name;
  std::function<void(AlertsConfig&)> change;
  std::string message;
};

void PrintTo(const AlertRuleCase& c, std::ostream* os) { *os << c.name; }

class AlertsRule : public testing::TestWithParam<AlertRuleCase> {};

TEST_P(AlertsRule, ReportsExactlyThisMessage) {
  Config c;
  GetParam().change(c.alerts);
  EXPECT_EQ(ValidateConfig(c), std::vector<std::string>{GetParam().message});
}

const AlertRuleCase kAlertRules[] = {
    {"ThresholdNegative", [](AlertsConfig& a) { a.failure_threshold = -1; },
     "alerts.failure_threshold: must be 0-100, got -1"},
    {"CooldownZero", [](AlertsConfig& a) { a.cooldown_minutes = 0; },
     "alerts.cooldown_minutes: must be 1-10080, got 0"},
    {"NtfyPriority", [](AlertsConfig& a) { a.ntfy.priority = 9; },
     "alerts.ntfy.priority: must be 1-5, got 9"},
    {"GotifyPriority", [](AlertsConfig& a) { a.gotify.priority = 11; },
     "alerts.gotify.priority: must be 0-10, got 11"},
    {"TimeoutZero", [](AlertsConfig& a) { a.timeout_seconds = 0; },
     "alerts.timeout_seconds: must be 1-60, got 0"},
    {"NegativeMinimum", [](AlertsConfig& a) { a.min_download_mbps = -1; },
     "alerts.min_download_mbps: must be 0 (off) or a positive number up to 1e6, got -1"},
    {"BadCidr",
     [](AlertsConfig& a) {
       a.allow_cidrs = {"192.168.1.0/24", "10.1.0.0/8"};
     },
     "alerts.allow_cidrs[1]: \"10.1.0.0/8\" has host bits set (network 10.0.0.0/8)"},
    {"WebhookNotHttp", [](AlertsConfig& a) { a.webhook.url = "ftp://example.com/x"; },
     "alerts.webhook.url: \"ftp://example.com/x\" is not an http:// or https:// URL with a host"},
    {"WebhookEnabledWithoutUrl", [](AlertsConfig& a) { a.webhook.enabled = true; },
     "alerts.webhook.url: required when alerts.webhook.enabled is true"},
    {"NtfyEnabledWithoutTopic", [](AlertsConfig& a) { a.ntfy.enabled = true; },
     "alerts.ntfy.topic: required when alerts.ntfy.enabled is true"},
    {"NtfyTopicWithSlash", [](AlertsConfig& a) { a.ntfy.topic = "a/b"; },
     "alerts.ntfy.topic: \"a/b\" must be 1-64 letters, digits, '-' or '_'"},
    {"NtfyTokenWithNewline", [](AlertsConfig& a) { a.ntfy.token = "abc\r\nX-Evil: 1"; },
     "alerts.ntfy.token: must not contain control characters"},
    {"GotifyEnabledWithoutToken",
     [](AlertsConfig& a) {
       a.gotify.enabled = true;
       a.gotify.url = "https://gotify.example.com";
     },
     "alerts.gotify.token: required when alerts.gotify.enabled is true"},
    {"AppriseServiceUrlWithoutScheme", [](AlertsConfig& a) { a.apprise.urls = {"nothing"}; },
     "alerts.apprise.urls[0]: \"nothing\" is not an Apprise URL (scheme://...)"},
    {"SlackEnabledWithoutUrl", [](AlertsConfig& a) { a.slack.enabled = true; },
     "alerts.slack.url: required when alerts.slack.enabled is true"},
};

INSTANTIATE_TEST_SUITE_P(Alerts, AlertsRule, testing::ValuesIn(kAlertRules),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(AlertsConfig, DefaultsAreValidAndSendNothing) {
  const Config c;
  EXPECT_EQ(ValidateConfig(c), std::vector<std::string>{});
  EXPECT_FALSE(c.alerts.webhook.enabled || c.alerts.ntfy.enabled || c.alerts.gotify.enabled ||
               c.alerts.apprise.enabled || c.alerts.discord.enabled || c.alerts.slack.enabled);
}

TEST(AlertsConfig, ProviderTablesReadFromToml) {
  LayeredConfig l;
  ApplyToml(R"([alerts]
failure_threshold = 2
allow_cidrs = ["127.0.0.0/8"]
[alerts.ntfy]
enabled = true
url = "http://127.0.0.1:9/"
topic = "wan_alerts"
priority = 5
[alerts.apprise]
urls = ["tgram://token/chat"]
)",
            "t.toml", l);
  ASSERT_EQ(l.errors, std::vector<std::string>{});
  EXPECT_EQ(l.config.alerts.failure_threshold, 2);
  EXPECT_EQ(l.config.alerts.allow_cidrs, std::vector<std::string>{"127.0.0.0/8"});
  EXPECT_TRUE(l.config.alerts.ntfy.enabled);
  EXPECT_EQ(l.config.alerts.ntfy.topic, "wan_alerts");
  EXPECT_EQ(l.config.alerts.ntfy.priority, 5);
  EXPECT_EQ(l.config.alerts.apprise.urls, std::vector<std::string>{"tgram://token/chat"});
  EXPECT_TRUE(l.origins.contains("alerts.ntfy.topic"));
  EXPECT_EQ(ValidateConfig(l.config), std::vector<std::string>{});
}

TEST(AlertsConfig, UnknownProviderKeysAndTablesAreErrors) {
  LayeredConfig l;
  ApplyToml("[alerts.ntfy]\ntopik = \"x\"\n[alerts.pager]\nurl = \"x\"\n", "t.toml", l);
  ASSERT_EQ(l.errors.size(), 2u);
  EXPECT_NE(l.errors[0].find("alerts.ntfy.topik: unknown key"), std::string::npos) << l.errors[0];
  EXPECT_NE(l.errors[1].find("alerts.pager: unknown key"), std::string::npos) << l.errors[1];
}

TEST(AlertsConfig, EnvironmentNamesFlattenTheTable) {
  const ConfigKey* k = FindConfigKeyByPath("alerts.ntfy.priority");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k, FindConfigKey("alerts.ntfy", "priority"));
  EXPECT_EQ(k->Path(), "alerts.ntfy.priority");
  EXPECT_EQ(k->EnvName(), "WANWATCH_ALERTS_NTFY_PRIORITY");
  Config c;
  EXPECT_EQ(SetFromText(*k, c, "4", k->EnvName()), "");
  EXPECT_EQ(c.alerts.ntfy.priority, 4);
}

}  // namespace
}  // namespace ww
