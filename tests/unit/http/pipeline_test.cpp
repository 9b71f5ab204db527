#include "http/pipeline.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <stdexcept>

namespace ww {
namespace {

std::optional<std::string> HeaderOf(const HttpResponse& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

void ExpectSecurityHeaders(const HttpResponse& r) {
  EXPECT_EQ(HeaderOf(r, "X-Frame-Options"), "DENY");
  EXPECT_EQ(HeaderOf(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(HeaderOf(r, "Cross-Origin-Resource-Policy"), "same-origin");
  EXPECT_EQ(HeaderOf(r, "Referrer-Policy"), "strict-origin-when-cross-origin");
}

HttpRequest Get(std::string path) {
  HttpRequest r;
  r.method = "GET";
  r.path = std::move(path);
  return r;
}

class PipelineTest : public ::testing::Test {
 protected:
  std::shared_ptr<spdlog::logger> Logger() {
    return std::make_shared<spdlog::logger>("test",
                                            std::make_shared<spdlog::sinks::ostream_sink_mt>(log_));
  }
  std::ostringstream log_;
};

TEST_F(PipelineTest, SecurityHeadersOnJsonAndCspOnlyOnHtml) {
  Pipeline json([](const HttpRequest&) { return HttpResponse::Json(200, "{}"); }, {}, {}, Logger());
  HttpResponse r = json.Handle(Get("/"));
  ExpectSecurityHeaders(r);
  EXPECT_FALSE(HeaderOf(r, "Content-Security-Policy"));

  Pipeline html(
      [](const HttpRequest&) {
        return HttpResponse{200, "Text/HTML; charset=utf-8", "<p>", {}};
      },
      {}, {}, Logger());
  HttpResponse page = html.Handle(Get("/"));
  ExpectSecurityHeaders(page);
  const auto csp = HeaderOf(page, "Content-Security-Policy");
  ASSERT_TRUE(csp);
  EXPECT_NE(csp->find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp->find("unsafe-inline"), std::string::npos);
  EXPECT_NE(csp->find("frame-ancestors 'none'"), std::string::npos);
}

TEST_F(PipelineTest, HandlerHeadersAreNotDuplicated) {
  Pipeline p(
      [](const HttpRequest&) {
        HttpResponse r = HttpResponse::Json(200, "{}");
        r.headers.emplace_back("x-frame-options", "SAMEORIGIN");
        return r;
      },
      {}, {}, Logger());
  HttpResponse r = p.Handle(Get("/"));
  int count = 0;
  for (const auto& [n, v] : r.headers) count += (n == "x-frame-options" || n == "X-Frame-Options");
  EXPECT_EQ(count, 1);
  EXPECT_EQ(HeaderOf(r, "x-frame-options"), "SAMEORIGIN");
}

TEST_F(PipelineTest, ThrowingHandlerGives500JsonAndALogLine) {
  Pipeline p([](const HttpRequest&) -> HttpResponse { throw std::runtime_error("boom\nforged"); },
             {}, {}, Logger());
  HttpRequest req = Get("/api/x\n");
  req.peer = "192.0.2.9";
  HttpResponse r = p.Handle(req);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(nlohmann::json::parse(r.body), nlohmann::json({{"detail", "internal error"}}));
  ExpectSecurityHeaders(r);
  const std::string log = log_.str();
  EXPECT_NE(log.find("GET /api/x? from 192.0.2.9 failed: boom?forged"), std::string::npos) << log;
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1);  // control characters do not forge lines
}

TEST_F(PipelineTest, ThrowingNonStdExceptionIsCaughtToo) {
  Pipeline p([](const HttpRequest&) -> HttpResponse { throw 42; }, {}, {}, Logger());
  EXPECT_EQ(p.Handle(Get("/")).status, 500);
  EXPECT_NE(log_.str().find("unknown exception"), std::string::npos);
}

TEST_F(PipelineTest, MiddlewareRunsInOrderAndCanAnswerEarly) {
  std::vector<std::string> calls;
  Middleware pass = [&](const HttpRequest&) -> std::optional<HttpResponse> {
    calls.push_back("pass");
    return std::nullopt;
  };
  Middleware deny = [&](const HttpRequest& r) -> std::optional<HttpResponse> {
    calls.push_back("deny");
    if (r.Header("x-api-key") != "secret")
      return HttpResponse::Error(401, "missing or invalid API key");
    return std::nullopt;
  };
  ResponseFilter tag = [&](const HttpRequest&, HttpResponse& r) {
    calls.push_back("filter");
    r.headers.emplace_back("X-Tag", "1");
  };
  Pipeline p(
      [&](const HttpRequest&) {
        calls.push_back("handler");
        return HttpResponse::Json(200, "{}");
      },
      {pass, deny}, {tag}, Logger());
  HttpResponse denied = p.Handle(Get("/"));
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(calls, (std::vector<std::string>{"pass", "deny", "filter"}));
  ExpectSecurityHeaders(denied);
  EXPECT_EQ(HeaderOf(denied, "X-Tag"), "1");

  calls.clear();
  HttpRequest ok = Get("/");
  ok.headers["x-api-key"] = "secret";
  EXPECT_EQ(p.Handle(ok).status, 200);
  EXPECT_EQ(calls, (std::vector<std::string>{"pass", "deny", "handler", "filter"}));
}

TEST_F(PipelineTest, ThrowingMiddlewareOrFilterIs500) {
  Pipeline m(
      [](const HttpRequest&) { return HttpResponse::Json(200, "{}"); },
      {[](const HttpRequest&) -> std::optional<HttpResponse> { throw std::logic_error("mw"); }}, {},
      Logger());
  EXPECT_EQ(m.Handle(Get("/")).status, 500);
  Pipeline f([](const HttpRequest&) { return HttpResponse::Json(200, "{}"); }, {},
             {[](const HttpRequest&, HttpResponse&) { throw std::logic_error("filter"); }},
             Logger());
  EXPECT_EQ(f.Handle(Get("/")).status, 500);
}

}  // namespace
}  // namespace ww
