// AlertSettings <-> JSON (notify/alert_settings_json.h): GET's shape and
// masks, PUT's partial merge, masked values kept, a table of bad bodies each
// refused naming its field with nothing changed, the URL check, and the
// stored copy's round trip.
#include "notify/alert_settings_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ww {
namespace {

using nlohmann::json;

AlertSettings Configured() {
  AlertSettings s;
  s.webhook = {true, "https://hooks.example.com/T000/B000/XXXXsecretpath"};
  s.ntfy.enabled = true;
  s.ntfy.topic = "wan";
  s.ntfy.token = "tk_0123456789abcdef";
  s.gotify = {false, "https://gotify.example.com", "Axyz0123456789", 5};
  s.apprise.url = "https://apprise.example.com";
  s.apprise.urls = {"tgram://bottoken123/chat42", "mailto://user:pw@example.com"};
  s.discord.url = "https://discord.com/api/webhooks/123/abcdefSECRET";
  return s;
}

// A URL check that records what it saw and refuses "bad" hosts.
struct RecordingCheck {
  std::vector<std::string> seen;
  AlertUrlCheck fn() {
    return [this](std::string_view url) {
      seen.emplace_back(url);
      if (url.find("10.0.0.1") != std::string_view::npos) {
        return Status::Error("refused: 10.0.0.1 is a private address");
      }
      return Status::Ok();
    };
  }
};

TEST(AlertSettingsMask, SecretsAndUrls) {
  EXPECT_EQ(MaskSecret(""), "");
  EXPECT_EQ(MaskSecret("short"), "****");
  EXPECT_EQ(MaskSecret("12345678"), "****");
  EXPECT_EQ(MaskSecret("tk_0123456789abcdef"), "****cdef");
  EXPECT_EQ(MaskUrlPath("https://discord.com/api/webhooks/123/abcdefSECRET"),
            "https://discord.com/****CRET");
  EXPECT_EQ(MaskUrlPath("http://127.0.0.1:8080/"), "http://127.0.0.1:8080/");
  EXPECT_EQ(MaskUrlPath("http://127.0.0.1:8080"), "http://127.0.0.1:8080/");
  EXPECT_EQ(MaskUrlPath("https://user:pw@example.com"), "https://example.com/");
  EXPECT_EQ(MaskUrlPath("https://example.com?token=abcdefghijk"), "https://example.com/****hijk");
  EXPECT_EQ(MaskServiceUrl("tgram://bottoken123/chat42"), "tgram://****at42");
  EXPECT_EQ(MaskServiceUrl("json://x"), "json://****");
}

TEST(AlertSettingsJson, GetShapeMasksSecrets) {
  const Json j = AlertSettingsToJson(Configured());
  EXPECT_EQ(j["enabled"], true);
  EXPECT_EQ(j["failure_threshold"], 3);
  EXPECT_EQ(j["cooldown_minutes"], 60);
  EXPECT_EQ(j["min_download_mbps"], nullptr);
  std::vector<std::string> providers;
  for (const auto& [name, value] : j["providers"].items()) providers.push_back(name);
  EXPECT_EQ(providers,
            (std::vector<std::string>{"webhook", "gotify", "ntfy", "apprise", "discord", "slack"}));
  EXPECT_EQ(j["providers"]["webhook"]["url"], "https://hooks.example.com/****path");
  EXPECT_EQ(j["providers"]["ntfy"]["token"], "****cdef");
  EXPECT_EQ(j["providers"]["ntfy"]["url"], "https://ntfy.sh");
  EXPECT_EQ(j["providers"]["gotify"]["token"], "****6789");
  EXPECT_EQ(j["providers"]["gotify"]["url"], "https://gotify.example.com");
  EXPECT_EQ(j["providers"]["apprise"]["urls"],
            json::array({"tgram://****at42", "mailto://****.com"}));
  EXPECT_EQ(j["providers"]["discord"]["url"], "https://discord.com/****CRET");
  const std::string text = j.dump();
  for (const char* secret : {"tk_0123456789abcdef", "Axyz0123456789", "bottoken123", "SECRET",
                             "secretpath", "user:pw"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
  }
}

TEST(AlertSettingsJson, PartialUpdateKeepsWhatItDoesNotName) {
  RecordingCheck check;
  const AlertSettings before = Configured();
  const auto after = ApplyAlertSettingsUpdate(
      before, json::parse(R"({"failure_threshold": 0, "min_upload_mbps": 12.5,
                      "providers": {"ntfy": {"priority": 5}, "slack": {"enabled": true,
                      "url": "https://hooks.slack.com/services/T/B/x"}}})"),
      check.fn());
  ASSERT_TRUE(after.ok()) << after.error();
  EXPECT_EQ(after->failure_threshold, 0);
  EXPECT_EQ(after->min_upload_mbps, 12.5);
  EXPECT_EQ(after->ntfy.priority, 5);
  EXPECT_EQ(after->ntfy.token, before.ntfy.token);
  EXPECT_EQ(after->ntfy.topic, "wan");
  EXPECT_EQ(after->webhook.url, before.webhook.url);
  EXPECT_TRUE(after->slack.enabled);
  EXPECT_EQ(after->slack.url, "https://hooks.slack.com/services/T/B/x");
  EXPECT_EQ(check.seen, std::vector<std::string>{"https://hooks.slack.com/services/T/B/x"});
}

TEST(AlertSettingsJson, GetOutputSentBackChangesNothing) {
  RecordingCheck check;
  const AlertSettings before = Configured();
  const auto after =
      ApplyAlertSettingsUpdate(before, json::parse(AlertSettingsToJson(before).dump()), check.fn());
  ASSERT_TRUE(after.ok()) << after.error();
  EXPECT_EQ(AlertSettingsToStored(*after), AlertSettingsToStored(before));
  EXPECT_TRUE(check.seen.empty()) << "unchanged URLs are not checked again";
}

TEST(AlertSettingsJson, NewSecretReplacesTheMaskedOne) {
  const auto after = ApplyAlertSettingsUpdate(
      Configured(), json::parse(R"({"providers": {"ntfy": {"token": "new-token-value"}}})"),
      nullptr);
  ASSERT_TRUE(after.ok()) << after.error();
  EXPECT_EQ(after->ntfy.token, "new-token-value");
}

struct BadBody {
  const char* body;
  std::string detail;
};

class AlertSettingsBadBody : public testing::TestWithParam<BadBody> {};

TEST_P(AlertSettingsBadBody, IsRefusedNamingTheField) {
  RecordingCheck check;
  const json body = json::parse(GetParam().body);
  const auto after = ApplyAlertSettingsUpdate(Configured(), body, check.fn());
  ASSERT_FALSE(after.ok()) << GetParam().body;
  EXPECT_EQ(after.error(), GetParam().detail);
}

const BadBody kBadBodies[] = {
    {R"([1])", "body: must be a JSON object, got an array"},
    {R"({"failure_threshold": -1})", "failure_threshold: must be an integer 0-100, got -1"},
    {R"({"failure_threshold": "3"})", "failure_threshold: must be an integer 0-100, got a string"},
    {R"({"failure_threshold": 2.5})", "failure_threshold: must be an integer 0-100, got a number"},
    {R"({"cooldown_minutes": 0})", "cooldown_minutes: must be an integer 1-10080, got 0"},
    {R"({"cooldown_minutes": 18446744073709551615})",
     "cooldown_minutes: must be an integer 1-10080, got 18446744073709551615"},
    {R"({"enabled": "yes"})", "enabled: must be true or false, got a string"},
    {R"({"colour": 1})", "colour: unknown field"},
    {R"({"allow_cidrs": ["0.0.0.0/0"]})",
     "allow_cidrs: set in the config file only ([alerts] allow_cidrs)"},
    {R"({"min_download_mbps": -5})",
     "min_download_mbps: must be a number > 0 and <= 1000000, or null (off), got -5"},
    {R"({"providers": []})", "providers: must be a JSON object, got an array"},
    {R"({"providers": {"pager": {}}})",
     "providers.pager: unknown provider (webhook, gotify, ntfy, apprise, discord, slack)"},
    {R"({"providers": {"ntfy": {"priority": 6}}})",
     "providers.ntfy.priority: must be an integer 1-5, got 6"},
    {R"({"providers": {"gotify": {"priority": 11}}})",
     "providers.gotify.priority: must be an integer 0-10, got 11"},
    {R"({"providers": {"ntfy": {"topic": ""}}})",
     "providers.ntfy.topic: required when providers.ntfy.enabled is true"},
    {R"({"providers": {"ntfy": {"topic": "../admin"}}})",
     "providers.ntfy.topic: may hold only letters, digits, '-' and '_'"},
    {R"({"providers": {"ntfy": {"tags": "a\r\nX-Injected: 1"}}})",
     "providers.ntfy.tags: must not contain control characters"},
    {R"({"providers": {"gotify": {"enabled": true, "token": ""}}})",
     "providers.gotify.token: required when providers.gotify.enabled is true"},
    {R"({"providers": {"webhook": {"url": "http://10.0.0.1/hook"}}})",
     "providers.webhook.url: refused: 10.0.0.1 is a private address"},
    {R"({"providers": {"webhook": {"secret": "x"}}})", "providers.webhook.secret: unknown field"},
    {R"({"providers": {"discord": {"enabled": 1}}})",
     "providers.discord.enabled: must be true or false, got a number"},
    {R"({"providers": {"apprise": {"urls": "tgram://x"}}})",
     "providers.apprise.urls: must be an array of strings, got a string"},
    {R"({"providers": {"apprise": {"urls": ["nothing"]}}})",
     "providers.apprise.urls[0]: must be an Apprise URL (scheme://...)"},
    {R"({"providers": {"slack": {"enabled": true}}})",
     "providers.slack.url: required when providers.slack.enabled is true"},
};

INSTANTIATE_TEST_SUITE_P(Table, AlertSettingsBadBody, testing::ValuesIn(kBadBodies));

TEST(AlertSettingsJson, LongUrlIsRefused) {
  json body = {{"providers", {{"webhook", {{"url", "https://e.com/" + std::string(3000, 'a')}}}}}};
  const auto after = ApplyAlertSettingsUpdate(Configured(), body, nullptr);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error(), "providers.webhook.url: must be at most 2048 characters");
}

TEST(AlertSettingsJson, StoredCopyRoundTripsSecretsInClear) {
  AlertSettings s = Configured();
  s.max_ping_ms = 80;
  s.on_drops = false;
  const std::string stored = AlertSettingsToStored(s);
  EXPECT_NE(stored.find("tk_0123456789abcdef"), std::string::npos);
  const auto back = AlertSettingsFromStored(AlertSettings{}, stored);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(AlertSettingsToStored(*back), stored);
  EXPECT_EQ(back->max_ping_ms, 80);
  EXPECT_FALSE(back->on_drops);
}

TEST(AlertSettingsJson, BrokenStoredCopyIsAnError) {
  EXPECT_FALSE(AlertSettingsFromStored(AlertSettings{}, "{not json").ok());
  const auto bad = AlertSettingsFromStored(AlertSettings{}, R"({"cooldown_minutes": 0})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), "stored alerts: cooldown_minutes: must be an integer 1-10080, got 0");
}

}  // namespace
}  // namespace ww
