// Hermes's alert API through the Router with fake parts (api/alerts_api.h):
// GET masks, PUT merges/validates/stores/applies (nothing stored on error,
// a store failure is a 500 and nothing applied), the test alert's statuses
// and per-provider results, its 10 s cooldown with Retry-After on a
// FakeClock, /api/v1 aliases, and 503 without an alerts part.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/alerts_api.h"
#include "api/routes.h"
#include "fake_store.h"
#include "http/request_decode.h"
#include "http/router.h"

namespace ww {
namespace {

using nlohmann::json;

class AlertsApiTest : public ::testing::Test {
 protected:
  AlertsApiTest() {
    settings_.ntfy.enabled = true;
    settings_.ntfy.topic = "wan";
    settings_.ntfy.token = "tk_0123456789abcdef";
    AlertsApiParts parts;
    parts.current = [this] { return settings_; };
    parts.apply = [this](AlertSettings s) {
      settings_ = std::move(s);
      ++applied_;
    };
    parts.persist = [this](const std::string& value) {
      if (!store_ok_) return Status::Error("disk I/O error");
      stored_.push_back(value);
      return Status::Ok();
    };
    parts.send_test = [this] {
      ++tests_sent_;
      return outcomes_;
    };
    parts.check_url = [](std::string_view url) {
      return url.find("192.168.") == std::string_view::npos
                 ? Status::Ok()
                 : Status::Error("refused: 192.168.1.5 is a private address");
    };
    ApiContext context{nullptr, store_, clock_};
    context.alerts = std::make_shared<AlertsApi>(std::move(parts), clock_);
    RegisterApiRoutes(router_, context);
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "") {
    HttpRequest r;
    r.method = method;
    r.target = target;
    r.body = body;
    EXPECT_TRUE(DecodeTarget(r).ok());
    return router_.Handle(r);
  }
  static json Body(const HttpResponse& r) { return json::parse(r.body); }
  static std::string Header(const HttpResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }

  FakeClock clock_;
  test_api::FakeStore store_;
  Router router_;
  AlertSettings settings_;
  std::vector<std::string> stored_;
  bool store_ok_ = true;
  int applied_ = 0;
  int tests_sent_ = 0;
  std::vector<std::pair<std::string, DeliveryOutcome>> outcomes_;
};

TEST_F(AlertsApiTest, GetShowsTheSeedShapeMasked) {
  for (const char* path : {"/api/alerts", "/api/v1/alerts"}) {
    const HttpResponse r = Call("GET", path);
    ASSERT_EQ(r.status, 200) << path;
    const json b = Body(r);
    EXPECT_EQ(b["providers"]["ntfy"]["topic"], "wan");
    EXPECT_EQ(b["providers"]["ntfy"]["token"], "****cdef");
    EXPECT_EQ(r.body.find("tk_0123456789abcdef"), std::string::npos);
  }
}

TEST_F(AlertsApiTest, PutStoresThenApplies) {
  const HttpResponse r = Call(
      "PUT", "/api/alerts", R"({"cooldown_minutes": 15, "providers": {"ntfy": {"priority": 4}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r),
            (json{{"status", "success"}, {"message", "Alert configuration updated successfully"}}));
  EXPECT_EQ(settings_.cooldown_minutes, 15);
  EXPECT_EQ(settings_.ntfy.priority, 4);
  EXPECT_EQ(settings_.ntfy.token, "tk_0123456789abcdef");
  ASSERT_EQ(stored_.size(), 1u);
  EXPECT_EQ(stored_[0], AlertSettingsToStored(settings_));
}

TEST_F(AlertsApiTest, BadPutChangesNothing) {
  const std::pair<const char*, const char*> cases[] = {
      {"{", "body must be a JSON object (not valid JSON)"},
      {R"({"cooldown_minutes": 0})", "cooldown_minutes: must be an integer 1-10080, got 0"},
      {R"({"providers": {"gotify": {"enabled": true, "url": "http://192.168.1.5", "token": "t"}}})",
       "providers.gotify.url: refused: 192.168.1.5 is a private address"},
  };
  for (const auto& [body, detail] : cases) {
    const HttpResponse r = Call("PUT", "/api/alerts", body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(Body(r), (json{{"detail", detail}})) << body;
  }
  EXPECT_TRUE(stored_.empty());
  EXPECT_EQ(applied_, 0);
}

TEST_F(AlertsApiTest, StoreFailureIsA500AndNothingApplies) {
  store_ok_ = false;
  const HttpResponse r = Call("PUT", "/api/alerts", R"({"failure_threshold": 1})");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(Body(r)["detail"], "alert settings not stored: disk I/O error");
  EXPECT_EQ(applied_, 0);
  EXPECT_EQ(settings_.failure_threshold, 3);
}

TEST_F(AlertsApiTest, TestStatuses) {
  DeliveryOutcome ok{true, 200, "", true};
  DeliveryOutcome bad{false, 500, "HTTP 500 from http://127.0.0.1:9", true};
  outcomes_ = {};
  json b = Body(Call("POST", "/api/alerts/test"));
  EXPECT_EQ(b["status"], "no_providers");
  EXPECT_EQ(b["results"], (json{{"webhook", false},
                                {"gotify", false},
                                {"ntfy", false},
                                {"apprise", false},
                                {"discord", false},
                                {"slack", false}}));

  clock_.Advance(std::chrono::seconds(10));
  outcomes_ = {{"webhook", ok}, {"ntfy", ok}};
  b = Body(Call("POST", "/api/alerts/test"));
  EXPECT_EQ(b["status"], "success");
  EXPECT_EQ(b["message"], "Test alert sent successfully to 2 provider(s)");
  EXPECT_EQ(b["results"]["webhook"], true);
  EXPECT_EQ(b["results"]["ntfy"], true);
  EXPECT_EQ(b["results"]["gotify"], false);
  EXPECT_EQ(b["errors"], json::object());

  clock_.Advance(std::chrono::seconds(10));
  outcomes_ = {{"webhook", ok}, {"ntfy", bad}};
  b = Body(Call("POST", "/api/alerts/test"));
  EXPECT_EQ(b["status"], "partial");
  EXPECT_EQ(b["message"], "Test alert sent to 1 of 2 provider(s)");
  EXPECT_EQ(b["errors"], (json{{"ntfy", "HTTP 500 from http://127.0.0.1:9"}}));

  clock_.Advance(std::chrono::seconds(10));
  outcomes_ = {{"ntfy", bad}};
  b = Body(Call("POST", "/api/v1/alerts/test"));
  EXPECT_EQ(b["status"], "failed");
  EXPECT_EQ(b["message"], "Test alert failed for all 1 provider(s)");
  EXPECT_EQ(tests_sent_, 4);
}

TEST_F(AlertsApiTest, TestCooldownAnswers429WithTheSecondsLeft) {
  ASSERT_EQ(Call("POST", "/api/alerts/test").status, 200);
  clock_.Advance(std::chrono::milliseconds(3200));
  HttpResponse r = Call("POST", "/api/alerts/test");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(Header(r, "Retry-After"), "7");  // 6.8 s left, rounded up
  EXPECT_EQ(Body(r)["detail"],
            "Test alert cooldown active: wait 7 second(s) (one test alert per 10 seconds)");
  clock_.Advance(std::chrono::milliseconds(6799));
  EXPECT_EQ(Header(Call("POST", "/api/alerts/test"), "Retry-After"), "1");
  clock_.Advance(std::chrono::milliseconds(1));
  EXPECT_EQ(Call("POST", "/api/alerts/test").status, 200);
  EXPECT_EQ(tests_sent_, 2);
}

TEST(AlertsApiMissing, Answers503) {
  FakeClock clock;
  test_api::FakeStore store;
  Router router;
  RegisterApiRoutes(router, ApiContext{nullptr, store, clock});
  for (const char* method : {"GET", "PUT"}) {
    HttpRequest r;
    r.method = method;
    r.target = "/api/alerts";
    ASSERT_TRUE(DecodeTarget(r).ok());
    EXPECT_EQ(router.Handle(r).status, 503) << method;
  }
}

}  // namespace
}  // namespace ww
