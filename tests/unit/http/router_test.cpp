#include "http/router.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ww {
namespace {

HttpRequest Req(std::string method, std::string path) {
  HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.target = r.path;
  return r;
}

RouteHandler Answer(std::string body) {
  return [body](const HttpRequest&) { return HttpResponse::Json(200, body); };
}

std::string Detail(const HttpResponse& r) { return nlohmann::json::parse(r.body)["detail"]; }

std::optional<std::string> HeaderOf(const HttpResponse& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Get("/api/status", Answer("status"));
    router_.Add("POST", "/api/status", Answer("status-post"));
    router_.Get("/dashboard", Answer("dash"));
    router_.Get("/api/v1/only-versioned", Answer("v1"));
    router_.AddPrefix("GET", "/logs/", Answer("logs"));
    router_.AddPrefix("GET", "/logs/archive/", Answer("archive"));
    router_.Get("/logs/index", Answer("index"));
  }
  Router router_;
};

TEST_F(RouterTest, ExactRouteAnswers) {
  HttpResponse r = router_.Handle(Req("GET", "/api/status"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "status");
  EXPECT_EQ(router_.Handle(Req("POST", "/api/status")).body, "status-post");
}

TEST_F(RouterTest, ApiRoutesAlsoAnswerUnderV1) {
  EXPECT_EQ(router_.Handle(Req("GET", "/api/v1/status")).body, "status");
  EXPECT_EQ(router_.Handle(Req("POST", "/api/v1/status")).body, "status-post");
  // Only /api/ paths get the alias, and an explicit /api/v1/ path is not doubled.
  EXPECT_EQ(router_.Handle(Req("GET", "/v1/dashboard")).status, 404);
  EXPECT_EQ(router_.Handle(Req("GET", "/api/v1/only-versioned")).body, "v1");
  EXPECT_EQ(router_.Handle(Req("GET", "/api/v1/v1/only-versioned")).status, 404);
}

TEST_F(RouterTest, UnknownPathIs404NamingThePath) {
  HttpResponse r = router_.Handle(Req("GET", "/api/nope"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(Detail(r), "Not Found: /api/nope");
  EXPECT_EQ(router_.Handle(Req("GET", "/api/status/")).status, 404);
  EXPECT_EQ(router_.Handle(Req("GET", "/API/status")).status, 404);
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  HttpResponse r = router_.Handle(Req("DELETE", "/api/status"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(Detail(r), "Method Not Allowed");
  EXPECT_EQ(HeaderOf(r, "Allow"), "GET, HEAD, POST");
  HttpResponse dash = router_.Handle(Req("PUT", "/dashboard"));
  EXPECT_EQ(dash.status, 405);
  EXPECT_EQ(HeaderOf(dash, "Allow"), "GET, HEAD");
  // Methods are case-sensitive (RFC 9110 §9.1).
  EXPECT_EQ(router_.Handle(Req("get", "/dashboard")).status, 405);
}

TEST_F(RouterTest, HeadFallsBackToGet) {
  EXPECT_EQ(router_.Handle(Req("HEAD", "/dashboard")).body, "dash");
  router_.Add("HEAD", "/special", Answer("head"));
  router_.Get("/special", Answer("get"));
  EXPECT_EQ(router_.Handle(Req("HEAD", "/special")).body, "head");
}

TEST_F(RouterTest, PrefixRoutesLongestWinsExactFirst) {
  EXPECT_EQ(router_.Handle(Req("GET", "/logs/ping_log_2026-01-01.csv")).body, "logs");
  EXPECT_EQ(router_.Handle(Req("GET", "/logs/archive/x.csv")).body, "archive");
  EXPECT_EQ(router_.Handle(Req("GET", "/logs/index")).body, "index");
  EXPECT_EQ(router_.Handle(Req("GET", "/logs")).status, 404);
  HttpResponse r = router_.Handle(Req("POST", "/logs/x"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(HeaderOf(r, "Allow"), "GET, HEAD");
}

TEST_F(RouterTest, AllowedMethods) {
  EXPECT_EQ(router_.AllowedMethods("/api/v1/status"),
            (std::vector<std::string>{"GET", "HEAD", "POST"}));
  EXPECT_TRUE(router_.AllowedMethods("/missing").empty());
}

}  // namespace
}  // namespace ww
