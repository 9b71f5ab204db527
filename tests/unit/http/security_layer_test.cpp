// The security middleware in the daemon's order, through a real Pipeline and
// Router with test routes (the API has no POST/PUT endpoints yet), on a fake clock.
#include "http/security_layer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/router.h"

namespace ww {
namespace {

using namespace std::chrono_literals;

const std::string kKey = "k3y-0123456789abcdef0123456789abcdef";

std::optional<std::string> HeaderOf(const HttpResponse& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

std::string Detail(const HttpResponse& r) {
  return nlohmann::json::parse(r.body).value("detail", "<none>");
}

class SecurityLayerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Get("/api/status", [](const HttpRequest&) { return HttpResponse::Json(200, "{}"); });
    router_.Get("/logs", [](const HttpRequest&) { return HttpResponse::Json(200, "[]"); });
    router_.Add("POST", "/api/trigger",
                [](const HttpRequest&) { return HttpResponse::Json(200, R"({"started":true})"); });
    router_.Add("PUT", "/api/config",
                [](const HttpRequest& r) { return HttpResponse::Json(200, r.body); });
  }

  void Build(SecurityOptions options) {
    for (const char* net : {"127.0.0.0/8", "10.0.0.0/8"}) {
      options.allowed_networks.push_back(*Cidr::Parse(net));
    }
    SecurityLayer layer = MakeSecurityLayer(std::move(options), clock_);
    pipeline_ =
        std::make_unique<Pipeline>([this](const HttpRequest& r) { return router_.Handle(r); },
                                   std::move(layer.middleware), std::move(layer.filters));
  }
  void BuildWithKey(int rate_limit = 60) {
    SecurityOptions o;
    o.api_key = kKey;
    o.rate_limit_per_minute = rate_limit;
    o.cors_origins = {"https://app.example"};
    Build(std::move(o));
  }

  HttpResponse Send(std::string method, std::string path, std::optional<std::string> key,
                    std::string peer = "192.0.2.10",
                    std::map<std::string, std::string> headers = {}) {
    HttpRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.target = r.path;
    r.peer = std::move(peer);
    r.headers = std::move(headers);
    if (key) r.headers["x-api-key"] = *key;
    return pipeline_->Handle(r);
  }

  FakeClock clock_;
  Router router_;
  std::unique_ptr<Pipeline> pipeline_;
};

TEST_F(SecurityLayerTest, KeyIsCheckedBeforeRouting) {
  BuildWithKey();
  EXPECT_EQ(Send("POST", "/api/trigger", std::nullopt).status, 401);
  EXPECT_EQ(Detail(Send("POST", "/api/trigger", "wrong")), "Invalid API key");
  EXPECT_EQ(Send("POST", "/api/trigger", kKey).status, 200);
  EXPECT_EQ(Send("PUT", "/api/config", kKey).status, 200);
  // Unknown path and wrong method: 401 without the key, the router's answer with it.
  EXPECT_EQ(Send("DELETE", "/nowhere", std::nullopt).status, 401);
  EXPECT_EQ(Send("POST", "/api/status", std::nullopt).status, 401);
  EXPECT_EQ(Send("POST", "/api/status", kKey).status, 405);
  EXPECT_EQ(Send("DELETE", "/nowhere", kKey).status, 404);
  // Reading needs no key.
  EXPECT_EQ(Send("GET", "/api/status", std::nullopt).status, 200);
}

TEST_F(SecurityLayerTest, SixtyProtectedCallsThen429WithComputedRetryAfter) {
  BuildWithKey();
  for (int i = 0; i < 60; ++i) {
    ASSERT_EQ(Send("POST", "/api/trigger", kKey).status, 200) << i;
    clock_.Advance(500ms);  // 60 calls over 30 s
  }
  const HttpResponse limited = Send("POST", "/api/trigger", kKey);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(HeaderOf(limited, "Retry-After"), "30");  // the first call leaves at t = 60 s
  EXPECT_EQ(Detail(limited), "Rate limit exceeded. Try again in 30 seconds.");
  EXPECT_EQ(HeaderOf(limited, "X-Frame-Options"), "DENY");
  // Per key, not per client: another address with the same key shares the budget.
  EXPECT_EQ(Send("PUT", "/api/config", kKey, "10.0.0.9").status, 429);
  EXPECT_EQ(Send("GET", "/api/status", std::nullopt).status, 200) << "reads are not limited";
  clock_.Advance(29s);
  EXPECT_EQ(HeaderOf(Send("POST", "/api/trigger", kKey), "Retry-After"), "1");
  clock_.Advance(1s);
  EXPECT_EQ(Send("POST", "/api/trigger", kKey).status, 200);
}

TEST_F(SecurityLayerTest, RepeatedFailedKeysBlockTheClientEvenWithTheRightKey) {
  BuildWithKey();
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(Send("POST", "/api/trigger", "guess-" + std::to_string(i)).status, 401) << i;
    clock_.Advance(1s);
  }
  const HttpResponse blocked = Send("POST", "/api/trigger", kKey);
  EXPECT_EQ(blocked.status, 429);
  EXPECT_EQ(HeaderOf(blocked, "Retry-After"), "50");  // first failure at t = 0, now t = 10
  EXPECT_EQ(Detail(blocked), "Too many failed authentication attempts. Try again in 50 seconds.");
  EXPECT_EQ(Send("POST", "/api/trigger", std::nullopt).status, 429) << "no more guesses counted";
  EXPECT_EQ(Send("POST", "/api/trigger", kKey, "192.0.2.11").status, 200)
      << "another client is not affected";
  EXPECT_EQ(Send("GET", "/api/status", std::nullopt).status, 200);
  clock_.Advance(50s);
  EXPECT_EQ(Send("POST", "/api/trigger", kKey).status, 200) << "the window has passed";
}

TEST_F(SecurityLayerTest, Ipv6FailuresCountPer64) {
  BuildWithKey();
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(Send("POST", "/api/trigger", "x", "2001:db8:1:2::" + std::to_string(i + 1)).status,
              401);
  }
  EXPECT_EQ(Send("POST", "/api/trigger", kKey, "2001:db8:1:2::ff").status, 429);
  EXPECT_EQ(Send("POST", "/api/trigger", kKey, "2001:db8:1:3::1").status, 200);
}

TEST_F(SecurityLayerTest, FailuresBehindATrustedProxyCountPerForwardedClient) {
  SecurityOptions o;
  o.api_key = kKey;
  o.trusted_proxies = {*Cidr::Parse("127.0.0.1")};
  Build(std::move(o));
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(Send("POST", "/api/trigger", "bad", "127.0.0.1", {{"x-forwarded-for", "203.0.113.5"}})
                  .status,
              401);
  }
  EXPECT_EQ(
      Send("POST", "/api/trigger", kKey, "127.0.0.1", {{"x-forwarded-for", "203.0.113.5"}}).status,
      429);
  EXPECT_EQ(
      Send("POST", "/api/trigger", kKey, "127.0.0.1", {{"x-forwarded-for", "203.0.113.6"}}).status,
      200)
      << "one client's guesses do not lock out everyone behind the proxy";
}

TEST_F(SecurityLayerTest, WithoutAKeyNothingNeedsAuthButCallsAreLimitedPerClient) {
  SecurityOptions o;
  o.rate_limit_per_minute = 2;
  Build(std::move(o));
  EXPECT_EQ(Send("POST", "/api/trigger", std::nullopt).status, 200);
  EXPECT_EQ(Send("POST", "/api/trigger", "anything").status, 200);
  EXPECT_EQ(Send("POST", "/api/trigger", std::nullopt).status, 429);
  EXPECT_EQ(Send("POST", "/api/trigger", std::nullopt, "192.0.2.99").status, 200);
}

TEST_F(SecurityLayerTest, ZeroRateLimitIsOff) {
  BuildWithKey(/*rate_limit=*/0);
  for (int i = 0; i < 200; ++i) ASSERT_EQ(Send("POST", "/api/trigger", kKey).status, 200) << i;
}

TEST_F(SecurityLayerTest, CidrGateComesBeforeEverythingElse) {
  BuildWithKey();
  const HttpResponse outside = Send("GET", "/logs", std::nullopt, "203.0.113.1");
  EXPECT_EQ(outside.status, 403);
  EXPECT_EQ(HeaderOf(outside, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(Send("GET", "/logs", std::nullopt, "127.0.0.1").status, 200);
  EXPECT_EQ(Send("POST", "/logs", std::nullopt, "203.0.113.1").status, 403);
  EXPECT_EQ(Send("POST", "/logs", std::nullopt, "10.0.0.1").status, 401);
}

TEST_F(SecurityLayerTest, CorsPreflightAndHeadersOnEveryAnswer) {
  BuildWithKey();
  const std::map<std::string, std::string> preflight = {{"origin", "https://app.example"},
                                                        {"access-control-request-method", "POST"}};
  const HttpResponse pre = Send("OPTIONS", "/api/trigger", std::nullopt, "192.0.2.10", preflight);
  EXPECT_EQ(pre.status, 204) << "pre-flights carry no key and must not need one";
  EXPECT_EQ(HeaderOf(pre, "Access-Control-Allow-Origin"), "https://app.example");
  EXPECT_EQ(HeaderOf(pre, "Access-Control-Allow-Headers"), "Content-Type, X-Api-Key");
  EXPECT_EQ(HeaderOf(pre, "X-Frame-Options"), "DENY");
  const HttpResponse denied =
      Send("POST", "/api/trigger", std::nullopt, "192.0.2.10", {{"origin", "https://app.example"}});
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(HeaderOf(denied, "Access-Control-Allow-Origin"), "https://app.example")
      << "so the page can read the error";
  EXPECT_EQ(HeaderOf(denied, "Vary"), "Origin");
  const HttpResponse foreign =
      Send("GET", "/api/status", std::nullopt, "192.0.2.10", {{"origin", "https://evil.example"}});
  EXPECT_EQ(foreign.status, 200);
  EXPECT_FALSE(HeaderOf(foreign, "Access-Control-Allow-Origin"));
  EXPECT_EQ(HeaderOf(foreign, "Vary"), "Origin");
}

TEST(SecurityOptionsFromConfig, ParsesNetworksAndNamesABadEntry) {
  Config c;
  c.security.api_key = kKey;
  c.security.rate_limit_per_minute = 7;
  c.web.trusted_proxies = {"127.0.0.1"};
  Result<SecurityOptions> o = SecurityOptionsFromConfig(c);
  ASSERT_TRUE(o.ok()) << o.error();
  EXPECT_EQ(o->api_key, kKey);
  EXPECT_EQ(o->rate_limit_per_minute, 7);
  EXPECT_EQ(o->allowed_networks.size(), 8u);
  ASSERT_EQ(o->trusted_proxies.size(), 1u);
  EXPECT_EQ(o->trusted_proxies[0].ToString(), "127.0.0.1/32");
  c.web.trusted_proxies = {"127.0.0.1", "proxy.lan"};
  EXPECT_EQ(SecurityOptionsFromConfig(c).error(),
            "web.trusted_proxies[1]: \"proxy.lan\" is not an IP network (address/prefix, e.g. "
            "10.0.0.0/8)");
}

}  // namespace
}  // namespace ww
