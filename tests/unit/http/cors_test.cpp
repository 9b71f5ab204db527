#include "http/cors.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ww {
namespace {

std::optional<std::string> HeaderOf(const HttpResponse& r, std::string_view name) {
  std::optional<std::string> found;
  for (const auto& [n, v] : r.headers) {
    if (n == name) {
      EXPECT_FALSE(found) << name << " appears twice";
      found = v;
    }
  }
  return found;
}

HttpRequest Request(std::string method, std::optional<std::string> origin,
                    std::optional<std::string> preflight_method = std::nullopt) {
  HttpRequest r;
  r.method = std::move(method);
  r.path = "/api/config";
  if (origin) r.headers["origin"] = *origin;
  if (preflight_method) r.headers["access-control-request-method"] = *preflight_method;
  return r;
}

const CorsPolicy kPolicy({"https://app.example", "http://localhost:5173"});

TEST(Cors, PreflightFromAllowedOriginIs204WithTheLists) {
  const HttpRequest req = Request("OPTIONS", "https://app.example", "PUT");
  std::optional<HttpResponse> r = kPolicy.Preflight(req);
  ASSERT_TRUE(r);
  kPolicy.AddHeaders(req, *r);
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(r->body, "");
  EXPECT_EQ(HeaderOf(*r, "Access-Control-Allow-Origin"), "https://app.example");
  EXPECT_EQ(HeaderOf(*r, "Access-Control-Allow-Methods"), "GET, POST, PUT");
  EXPECT_EQ(HeaderOf(*r, "Access-Control-Allow-Headers"), "Content-Type, X-Api-Key");
  EXPECT_EQ(HeaderOf(*r, "Access-Control-Max-Age"), "600");
  EXPECT_EQ(HeaderOf(*r, "Vary"), "Origin");
}

TEST(Cors, PreflightFromUnknownOriginIs403WithoutCorsHeaders) {
  for (const char* origin :
       {"https://evil.example", "https://app.example.evil.example", "https://APP.example",
        "http://app.example", "https://app.example/", "https://app.example:443", "null", ""}) {
    const HttpRequest req = Request("OPTIONS", origin, "POST");
    std::optional<HttpResponse> r = kPolicy.Preflight(req);
    ASSERT_TRUE(r) << origin;
    kPolicy.AddHeaders(req, *r);
    EXPECT_EQ(r->status, 403) << origin;
    EXPECT_EQ(nlohmann::json::parse(r->body)["detail"], "CORS origin not allowed");
    EXPECT_FALSE(HeaderOf(*r, "Access-Control-Allow-Origin")) << origin;
    EXPECT_FALSE(HeaderOf(*r, "Access-Control-Allow-Methods")) << origin;
    EXPECT_EQ(HeaderOf(*r, "Vary"), "Origin");
  }
}

TEST(Cors, PreflightForAnotherMethodIs403) {
  const auto r = kPolicy.Preflight(Request("OPTIONS", "https://app.example", "DELETE"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(nlohmann::json::parse(r->body)["detail"], "CORS method not allowed");
}

TEST(Cors, OnlyRealPreflightsAreAnswered) {
  EXPECT_FALSE(kPolicy.Preflight(Request("OPTIONS", std::nullopt, "POST")));
  EXPECT_FALSE(kPolicy.Preflight(Request("OPTIONS", "https://app.example")));
  EXPECT_FALSE(kPolicy.Preflight(Request("GET", "https://app.example", "POST")));
}

TEST(Cors, SimpleRequestsGetTheOriginAndAlwaysVary) {
  HttpResponse ok = HttpResponse::Json(200, "{}");
  kPolicy.AddHeaders(Request("GET", "http://localhost:5173"), ok);
  EXPECT_EQ(HeaderOf(ok, "Access-Control-Allow-Origin"), "http://localhost:5173");
  EXPECT_EQ(HeaderOf(ok, "Access-Control-Expose-Headers"), "Retry-After");
  EXPECT_EQ(HeaderOf(ok, "Vary"), "Origin");

  HttpResponse other = HttpResponse::Json(200, "{}");
  kPolicy.AddHeaders(Request("GET", "https://evil.example"), other);
  EXPECT_FALSE(HeaderOf(other, "Access-Control-Allow-Origin"));
  EXPECT_EQ(HeaderOf(other, "Vary"), "Origin") << "also when the origin does not match";

  HttpResponse none = HttpResponse::Json(200, "{}");
  kPolicy.AddHeaders(Request("GET", std::nullopt), none);
  EXPECT_EQ(HeaderOf(none, "Vary"), "Origin") << "and when there is no Origin at all";
  EXPECT_FALSE(HeaderOf(none, "Access-Control-Allow-Origin"));
}

TEST(Cors, ExistingVaryIsExtendedNotReplaced) {
  HttpResponse r = HttpResponse::Json(200, "{}");
  r.headers.emplace_back("Vary", "Accept-Encoding");
  kPolicy.AddHeaders(Request("GET", "https://app.example"), r);
  EXPECT_EQ(HeaderOf(r, "Vary"), "Accept-Encoding, Origin");
  kPolicy.AddHeaders(Request("GET", "https://app.example"), r);
  EXPECT_EQ(HeaderOf(r, "Vary"), "Accept-Encoding, Origin") << "added once";
}

TEST(Cors, WildcardAllowsEveryOrigin) {
  const CorsPolicy any({"*"});
  const HttpRequest req = Request("OPTIONS", "https://anything.example", "POST");
  auto r = any.Preflight(req);
  ASSERT_TRUE(r);
  any.AddHeaders(req, *r);
  EXPECT_EQ(r->status, 204);
  EXPECT_EQ(HeaderOf(*r, "Access-Control-Allow-Origin"), "*");
}

TEST(Cors, NothingConfiguredAddsNothingAndRefusesPreflights) {
  const CorsPolicy none({});
  HttpResponse r = HttpResponse::Json(200, "{}");
  none.AddHeaders(Request("GET", "https://app.example"), r);
  EXPECT_TRUE(r.headers.empty());
  auto pre = none.Preflight(Request("OPTIONS", "https://app.example", "GET"));
  ASSERT_TRUE(pre);
  EXPECT_EQ(pre->status, 403);
}

}  // namespace
}  // namespace ww
