// The providers' requests, byte for byte where the format is fixed (URL,
// headers, JSON key order), and the limits where the provider sets them.

#include "notify/provider_requests.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "notify/alert_policy.h"
#include "notify/alert_text.h"

namespace ww {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// 2027-01-15 08:00:00 UTC.
WallTime At() { return WallTime{std::chrono::seconds{1'800'000'000}}; }

AlertEvent OutageStart() {
  AlertEvent e;
  e.kind = AlertKind::kOutage;
  e.phase = AlertPhase::kStart;
  e.timestamp = At();
  e.title = "Connection down: ISP outage";
  e.message = "2 of 3 probes failed in 2 rounds.";
  e.diagnosis = "ISP outage";
  e.fields = {{"Probes", "1.1.1.1:53 down"}};
  return e;
}

AlertEvent SpeedtestFailure(AlertPhase phase) {
  AlertEvent e;
  e.kind = AlertKind::kSpeedtestFailure;
  e.phase = phase;
  e.timestamp = At();
  e.title = "Speed tests failing";
  e.message = "3 failed.";
  e.error = "connect: refused";
  e.consecutive_failures = 3;
  if (phase == AlertPhase::kEnd) e.duration_seconds = 1234.56789;
  return e;
}

TEST(ProviderRequestsTest, HermesTypeWords) {
  EXPECT_EQ(HermesAlertType(SpeedtestFailure(AlertPhase::kStart)), "speedtest_failure");
  EXPECT_EQ(HermesAlertType(SpeedtestFailure(AlertPhase::kEnd)), "speedtest_recovery");
  EXPECT_EQ(HermesAlertType(OutageStart()), "outage_start");
  AlertEvent e = OutageStart();
  e.kind = AlertKind::kUplinkState;
  e.phase = AlertPhase::kChange;
  EXPECT_EQ(HermesAlertType(e), "uplink_state_change");
  e.kind = AlertKind::kTest;
  e.phase = AlertPhase::kTest;
  EXPECT_EQ(HermesAlertType(e), "test");
}

TEST(ProviderRequestsTest, WebhookIsTheHermesPayloadInFixedOrder) {
  const OutboundRequest r =
      BuildWebhookRequest(SpeedtestFailure(AlertPhase::kStart), {true, "http://127.0.0.1:9/hook"});
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "http://127.0.0.1:9/hook");
  EXPECT_EQ(r.headers, (Headers{{"Content-Type", "application/json"}}));
  EXPECT_EQ(r.body,
            R"({"type":"speedtest_failure","kind":"speedtest_failure","phase":"start",)"
            R"("title":"Speed tests failing","message":"3 failed.",)"
            R"("timestamp":"2027-01-15T08:00:00.000+00:00","consecutive_failures":3,)"
            R"("failure_count":3,"error":"connect: refused","last_error":"connect: refused",)"
            R"("duration_seconds":null,"uplink":"","diagnosis":"","fields":{}})");
}

// The example in README "Alert delivery": the policy's event for the third
// failed speed test, as the webhook sends it.
TEST(ProviderRequestsTest, ReadmeWebhookExampleIsWhatIsSent) {
  AlertSettings settings;
  settings.failure_threshold = 3;
  AlertPolicy policy(settings);
  SpeedtestObservation failed;
  failed.error = "connect: connection refused";
  failed.timestamp = At();
  std::vector<AlertEvent> events;
  for (int i = 0; i < 3; ++i) events = policy.OnSpeedtestResult(failed);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(
      BuildWebhookRequest(events[0], {true, "http://h"}).body,
      R"({"type":"speedtest_failure","kind":"speedtest_failure","phase":"start",)"
      R"("title":"Speed tests failing: 3 consecutive failures",)"
      R"("message":"The last 3 speed tests failed. Last error: connect: connection refused",)"
      R"("timestamp":"2027-01-15T08:00:00.000+00:00","consecutive_failures":3,"failure_count":3,)"
      R"("error":"connect: connection refused","last_error":"connect: connection refused",)"
      R"("duration_seconds":null,"uplink":"","diagnosis":"","fields":{}})");
}

TEST(ProviderRequestsTest, WebhookRecoveryCarriesDurationAndFields) {
  AlertEvent e = SpeedtestFailure(AlertPhase::kEnd);
  e.fields = {{"Server", "lab"}};
  const auto body = nlohmann::json::parse(BuildWebhookRequest(e, {true, "http://h/"}).body);
  EXPECT_EQ(body["type"], "speedtest_recovery");
  EXPECT_DOUBLE_EQ(body["duration_seconds"].get<double>(), 1234.568);
  EXPECT_EQ(body["fields"]["Server"], "lab");
}

TEST(ProviderRequestsTest, GotifyPostsToMessageWithTokenAndMarkdownExtras) {
  GotifySettings s{true, "https://gotify.example/", "A.bc-D_e", 7};
  const OutboundRequest r = BuildGotifyRequest(OutageStart(), s);
  EXPECT_EQ(r.url, "https://gotify.example/message?token=A.bc-D_e");
  EXPECT_EQ(r.headers, (Headers{{"Content-Type", "application/json"}}));
  EXPECT_EQ(r.body,
            R"({"title":"Connection down: ISP outage","message":"2 of 3 probes failed in 2 )"
            R"(rounds.\n\n- **Diagnosis:** ISP outage\n- **Probes:** 1.1.1.1:53 down",)"
            R"("priority":7,"extras":{"client::display":{"contentType":"text/markdown"}}})");
}

TEST(ProviderRequestsTest, GotifyEncodesTheTokenAndClampsPriority) {
  GotifySettings s{true, "http://g", "a b&c", 99};
  const OutboundRequest r = BuildGotifyRequest(OutageStart(), s);
  EXPECT_EQ(r.url, "http://g/message?token=a%20b%26c");
  EXPECT_EQ(nlohmann::json::parse(r.body)["priority"], 10);
}

TEST(ProviderRequestsTest, NtfyPostsTheTextWithHeaders) {
  NtfySettings s;
  s.enabled = true;
  s.url = "https://ntfy.sh/";
  s.topic = "wanwatch_alerts";
  s.priority = 4;
  s.tags = "warning,globe";
  const OutboundRequest r = BuildNtfyRequest(OutageStart(), s);
  EXPECT_EQ(r.url, "https://ntfy.sh/wanwatch_alerts");
  EXPECT_EQ(r.headers, (Headers{{"Content-Type", "text/plain; charset=utf-8"},
                                {"Title", "Connection down: ISP outage"},
                                {"Priority", "4"},
                                {"Tags", "warning,globe"}}));
  EXPECT_EQ(r.body,
            "2 of 3 probes failed in 2 rounds.\n\nDiagnosis: ISP outage\n"
            "Probes: 1.1.1.1:53 down");
}

TEST(ProviderRequestsTest, NtfyRecoveryAddsCheckMarkAndTokenIsBearer) {
  NtfySettings s;
  s.enabled = true;
  s.topic = "t";
  s.token = "tk_secret";
  s.priority = 3;
  const OutboundRequest r = BuildNtfyRequest(SpeedtestFailure(AlertPhase::kEnd), s);
  EXPECT_EQ(r.url, "https://ntfy.sh/t");
  EXPECT_EQ(r.headers, (Headers{{"Content-Type", "text/plain; charset=utf-8"},
                                {"Title", "Speed tests failing"},
                                {"Priority", "3"},
                                {"Tags", "white_check_mark"},
                                {"Authorization", "Bearer tk_secret"}}));
}

// A title from the event must never add a header line; non-ASCII goes RFC 2047.
TEST(ProviderRequestsTest, NtfyHeadersCannotBeInjectedAndUtf8IsEncoded) {
  NtfySettings s;
  s.enabled = true;
  s.topic = "t";
  AlertEvent e = OutageStart();
  e.title = "down\r\nAuthorization: Bearer x";
  OutboundRequest r = BuildNtfyRequest(e, s);
  EXPECT_EQ(r.headers[1].second, "down  Authorization: Bearer x");
  e.title = "Ausfall \xC3\xA4";  // "Ausfall ä"
  r = BuildNtfyRequest(e, s);
  EXPECT_EQ(r.headers[1].second, "=?UTF-8?B?QXVzZmFsbCDDpA==?=");
  s.topic = "a/b";
  EXPECT_EQ(BuildNtfyRequest(e, s).url, "https://ntfy.sh/a%2Fb");
}

TEST(ProviderRequestsTest, AppriseAppendsNotifyAndPassesUrls) {
  AppriseSettings s{true, "http://apprise:8000/", {"tgram://bot/chat", "mailto://u:p@x"}};
  const OutboundRequest r = BuildAppriseRequest(OutageStart(), s);
  EXPECT_EQ(r.url, "http://apprise:8000/notify");
  EXPECT_EQ(r.headers, (Headers{{"Content-Type", "application/json"}}));
  EXPECT_EQ(r.body,
            R"({"urls":"tgram://bot/chat,mailto://u:p@x","title":"Connection down: ISP outage",)"
            R"("body":"2 of 3 probes failed in 2 rounds.\n\nDiagnosis: ISP outage\nProbes: )"
            R"(1.1.1.1:53 down","type":"failure"})");
}

TEST(ProviderRequestsTest, AppriseKeepsAUrlNamingNotifyAndMapsTypes) {
  AppriseSettings s{true, "http://apprise:8000/notify/mykey", {}};
  AlertEvent e = SpeedtestFailure(AlertPhase::kEnd);
  OutboundRequest r = BuildAppriseRequest(e, s);
  EXPECT_EQ(r.url, "http://apprise:8000/notify/mykey");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_FALSE(body.contains("urls"));
  EXPECT_EQ(body["type"], "success");
  e.kind = AlertKind::kSpeedtestBelowMinimum;
  e.phase = AlertPhase::kStart;
  EXPECT_EQ(nlohmann::json::parse(BuildAppriseRequest(e, s).body)["type"], "warning");
  e.kind = AlertKind::kTest;
  e.phase = AlertPhase::kTest;
  EXPECT_EQ(nlohmann::json::parse(BuildAppriseRequest(e, s).body)["type"], "info");
}

TEST(ProviderRequestsTest, DiscordEmbed) {
  const OutboundRequest r = BuildDiscordRequest(OutageStart(), {true, "https://discord/api/x"});
  EXPECT_EQ(r.url, "https://discord/api/x");
  EXPECT_EQ(r.body,
            R"({"embeds":[{"title":"Connection down: ISP outage","description":"2 of 3 probes )"
            R"(failed in 2 rounds.","color":15158332,"timestamp":"2027-01-15T08:00:00.000+00:00",)"
            R"("fields":[{"name":"Diagnosis","value":"ISP outage","inline":true},)"
            R"({"name":"Probes","value":"1.1.1.1:53 down","inline":true}]}]})");
}

TEST(ProviderRequestsTest, DiscordTruncatesToItsLimits) {
  AlertEvent e = OutageStart();
  e.title = std::string(300, 'T');
  e.message = std::string(5000, 'M');
  e.fields.clear();
  for (int i = 0; i < 40; ++i)
    e.fields.push_back({"f" + std::to_string(i), std::string(2000, 'v')});
  const auto embed = nlohmann::json::parse(BuildDiscordRequest(e, {true, "u"}).body)["embeds"][0];
  const std::string title = embed["title"];
  const std::string description = embed["description"];
  EXPECT_EQ(alert_text::CharCount(title), 256u);
  EXPECT_EQ(title.substr(title.size() - 3), "\u2026");
  EXPECT_EQ(alert_text::CharCount(description), 4096u);
  std::size_t total = alert_text::CharCount(title) + alert_text::CharCount(description);
  ASSERT_LE(embed["fields"].size(), 25u);
  for (const auto& f : embed["fields"]) {
    EXPECT_LE(alert_text::CharCount(f["value"].get<std::string>()), 1024u);
    total += alert_text::CharCount(f["name"].get<std::string>()) +
             alert_text::CharCount(f["value"].get<std::string>());
  }
  EXPECT_LE(total, 6000u);
  EXPECT_FALSE(embed["fields"].empty());
}

TEST(ProviderRequestsTest, SlackHeaderSectionAndEscapedFields) {
  AlertEvent e = OutageStart();
  e.message = "a <!channel> & b";
  const OutboundRequest r = BuildSlackRequest(e, {true, "https://hooks.slack.com/services/x"});
  EXPECT_EQ(r.url, "https://hooks.slack.com/services/x");
  EXPECT_EQ(r.body,
            R"({"text":"Connection down: ISP outage: a &lt;!channel&gt; &amp; b","blocks":[)"
            R"({"type":"header","text":{"type":"plain_text","text":"Connection down: ISP )"
            R"(outage"}},{"type":"section","text":{"type":"mrkdwn","text":"a &lt;!channel&gt; )"
            R"(&amp; b"}},{"type":"section","fields":[{"type":"mrkdwn","text":"*Diagnosis*\nISP )"
            R"(outage"},{"type":"mrkdwn","text":"*Probes*\n1.1.1.1:53 down"}]}]})");
}

TEST(ProviderRequestsTest, SlackHeaderIsCutAt150Characters) {
  AlertEvent e = OutageStart();
  e.title = std::string(400, 'x');
  const auto body = nlohmann::json::parse(BuildSlackRequest(e, {true, "u"}).body);
  EXPECT_EQ(alert_text::CharCount(body["blocks"][0]["text"]["text"].get<std::string>()), 150u);
}

// Invalid UTF-8 from an event is replaced, never thrown on.
TEST(ProviderRequestsTest, InvalidUtf8DoesNotThrow) {
  AlertEvent e = OutageStart();
  e.title = "bad \xFF\xFE";
  e.message = "\xC3";
  AlertSettings s;
  s.webhook = {true, "http://h"};
  s.gotify = {true, "http://g", "t", 5};
  s.apprise = {true, "http://a", {}};
  s.discord = {true, "http://d"};
  s.slack = {true, "http://s"};
  s.ntfy.enabled = true;
  s.ntfy.topic = "t";
  std::vector<std::pair<std::string, OutboundRequest>> all;
  ASSERT_NO_THROW(all = BuildProviderRequests(e, s));
  ASSERT_EQ(all.size(), 6u);
  for (const auto& [name, request] : all) {
    if (name == "ntfy") continue;  // plain text body
    EXPECT_TRUE(nlohmann::json::accept(request.body)) << name;
  }
}

TEST(ProviderRequestsTest, OnlyEnabledProvidersInFixedOrder) {
  AlertSettings s;
  EXPECT_TRUE(BuildProviderRequests(OutageStart(), s).empty());
  s.slack = {true, "http://s"};
  s.webhook = {true, "http://h"};
  s.ntfy.enabled = true;
  const auto all = BuildProviderRequests(OutageStart(), s);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].first, "webhook");
  EXPECT_EQ(all[1].first, "ntfy");
  EXPECT_EQ(all[2].first, "slack");
}

TEST(AlertTextTest, TruncateNeverSplitsACharacter) {
  const std::string s = "\xC3\xA4\xC3\xA4\xC3\xA4";  // äää
  EXPECT_EQ(alert_text::Truncate(s, 3), s);
  EXPECT_EQ(alert_text::Truncate(s, 2), "\xC3\xA4\u2026");
  EXPECT_EQ(alert_text::Truncate("abc", 0), "");
  EXPECT_EQ(alert_text::Base64("f"), "Zg==");
  EXPECT_EQ(alert_text::Base64("fo"), "Zm8=");
  EXPECT_EQ(alert_text::Base64("foo"), "Zm9v");
  EXPECT_EQ(alert_text::FormatDuration(3725), "1 h 2 min 5 s");
  EXPECT_EQ(alert_text::FormatDuration(0.44), "0.4 s");
}

}  // namespace
}  // namespace ww
