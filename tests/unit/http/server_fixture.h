#pragma once
// The fixture of the server tests: a router with a few test routes, a real
// HttpServer on 127.0.0.1 port 0, a captured log, and client helpers.

#include <curl/curl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "http/router.h"
#include "http/server.h"
#include "test_client.h"

namespace ww::test_http {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

// Polls `done` until it holds or the deadline passes.
template <typename F>
bool Eventually(F done, std::chrono::milliseconds timeout = 10s) {
  const auto deadline = Steady::now() + timeout;
  while (Steady::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return done();
}

inline void ExpectSecurityHeaders(const ClientResponse& r) {
  EXPECT_EQ(r.Header("x-frame-options"), "DENY");
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.Header("cross-origin-resource-policy"), "same-origin");
  EXPECT_EQ(r.Header("referrer-policy"), "strict-origin-when-cross-origin");
}

inline std::string Detail(const ClientResponse& r) {
  return nlohmann::json::parse(r.body).value("detail", "<none>");
}

inline std::string Chunk(std::size_t size) {
  char line[32];
  std::snprintf(line, sizeof line, "%zx\r\n", size);
  return line + std::string(size, 'c') + "\r\n";
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Get("/api/ok", [](const HttpRequest&) {
      return HttpResponse::Json(200, R"({"ok":true,"pad":"0123456789"})");
    });
    router_.Get("/page", [](const HttpRequest&) {
      return HttpResponse{200, "text/html; charset=utf-8", "<h1>hi</h1>", {}};
    });
    router_.Get("/throw", [](const HttpRequest&) -> HttpResponse {
      throw std::runtime_error("handler exploded");
    });
    router_.Add("POST", "/echo", [](const HttpRequest& r) {
      return HttpResponse::Json(200, nlohmann::json{{"size", r.body.size()}}.dump());
    });
    router_.Get("/api/inspect", [](const HttpRequest& r) {
      nlohmann::json out = {{"method", r.method},
                            {"path", r.path},
                            {"peer", r.peer},
                            {"x", r.Query("x").value_or("")},
                            {"header", r.Header("x-test").value_or("")}};
      return HttpResponse::Json(200, out.dump());
    });
    logger_ = std::make_shared<spdlog::logger>(
        "server-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_));
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  void Start(ServerOptions options = {}) {
    options.logger = logger_;
    server_ = std::make_unique<HttpServer>(
        std::move(options),
        Pipeline([this](const HttpRequest& r) { return router_.Handle(r); }, {}, {}, logger_));
    const Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started.message();
    ASSERT_NE(server_->port(), 0);
  }

  std::uint16_t port() const { return server_->port(); }

  Router router_;
  std::ostringstream log_;
  std::shared_ptr<spdlog::logger> logger_;
  std::unique_ptr<HttpServer> server_;
};

}  // namespace ww::test_http
