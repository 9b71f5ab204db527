#include "http/server.h"

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
#include "test_client.h"

namespace ww {
namespace {

using namespace std::chrono_literals;
using test_http::ClientResponse;
using test_http::Fetch;
using test_http::TestConnection;
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

void ExpectSecurityHeaders(const ClientResponse& r) {
  EXPECT_EQ(r.Header("x-frame-options"), "DENY");
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.Header("cross-origin-resource-policy"), "same-origin");
  EXPECT_EQ(r.Header("referrer-policy"), "strict-origin-when-cross-origin");
}

std::string Detail(const ClientResponse& r) {
  return nlohmann::json::parse(r.body).value("detail", "<none>");
}

std::string Chunk(std::size_t size) {
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

TEST_F(ServerTest, SecurityHeadersOn200_404_405_500) {
  Start();
  auto ok = Fetch(port(), "GET", "/api/ok");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->Header("content-type"), "application/json");
  ExpectSecurityHeaders(*ok);
  EXPECT_FALSE(ok->Header("content-security-policy"));

  auto missing = Fetch(port(), "GET", "/nope%20here");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(Detail(*missing), "Not Found: /nope here");
  ExpectSecurityHeaders(*missing);

  auto wrong = Fetch(port(), "DELETE", "/api/v1/ok");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->Header("allow"), "GET, HEAD");
  ExpectSecurityHeaders(*wrong);

  auto boom = Fetch(port(), "GET", "/throw");
  ASSERT_TRUE(boom);
  EXPECT_EQ(boom->status, 500);
  EXPECT_EQ(boom->body, R"({"detail":"internal error"})");
  ExpectSecurityHeaders(*boom);
  EXPECT_THAT(log_.str(),
              ::testing::HasSubstr("GET /throw from 127.0.0.1 failed: handler exploded"));

  auto page = Fetch(port(), "GET", "/page");
  ASSERT_TRUE(page);
  ExpectSecurityHeaders(*page);
  ASSERT_TRUE(page->Header("content-security-policy"));
  EXPECT_THAT(*page->Header("content-security-policy"), ::testing::HasSubstr("default-src 'none'"));
}

TEST_F(ServerTest, ConvertsTheRequest) {
  Start();
  auto r = Fetch(port(), "GET", "/api/v1/inspect?x=a%20b+c", "X-Test: value\r\n");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const auto body = nlohmann::json::parse(r->body);
  EXPECT_EQ(body["path"], "/api/v1/inspect");
  EXPECT_EQ(body["x"], "a b c");
  EXPECT_EQ(body["header"], "value");
  EXPECT_EQ(body["peer"], "127.0.0.1");
}

TEST_F(ServerTest, Ipv4MappedPeerIsNormalised) {
  ServerOptions options;
  options.bind_address = "::";  // dual-stack listener; the client below uses 127.0.0.1
  options.logger = logger_;
  server_ = std::make_unique<HttpServer>(
      options, Pipeline([this](const HttpRequest& r) { return router_.Handle(r); }));
  if (Status s = server_->Start(); !s.ok()) GTEST_SKIP() << "no IPv6 here: " << s.message();
  auto r = Fetch(port(), "GET", "/api/inspect");
  ASSERT_TRUE(r);
  EXPECT_EQ(nlohmann::json::parse(r->body)["peer"], "127.0.0.1");
}

TEST_F(ServerTest, HeadIsGetWithoutBody) {
  Start();
  auto c = TestConnection::Connect(port());
  ASSERT_TRUE(c);
  ASSERT_TRUE(
      c->Send("HEAD /api/ok HTTP/1.1\r\nHost: t\r\n\r\nGET /api/ok HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto head = c->ReadResponse(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  ExpectSecurityHeaders(*head);
  auto get = c->ReadResponse();  // parses cleanly only if HEAD sent no body bytes
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(head->Header("content-length"), std::to_string(get->body.size()));
  EXPECT_EQ(c->pending(), 0u);
}

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  Start();
  auto c = TestConnection::Connect(port());
  ASSERT_TRUE(c);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(c->Send("GET /api/ok HTTP/1.1\r\nHost: t\r\n\r\n"));
    auto r = c->ReadResponse();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->status, 200);
    EXPECT_TRUE(r->keep_alive);
  }
  // Pipelined: three requests in one write, answered in order.
  ASSERT_TRUE(
      c->Send("GET /api/ok HTTP/1.1\r\nHost: t\r\n\r\nGET /nope HTTP/1.1\r\nHost: t\r\n\r\n"
              "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"));
  EXPECT_EQ(c->ReadResponse()->status, 200);
  EXPECT_EQ(c->ReadResponse()->status, 404);
  auto echo = c->ReadResponse();
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->body, R"({"size":3})");
  EXPECT_EQ(server_->stats().accepted, 1u);
  EXPECT_EQ(server_->stats().requests, 8u);
}

TEST_F(ServerTest, ConnectionCloseAndHttp10AreHonoured) {
  Start();
  auto c = TestConnection::Connect(port());
  ASSERT_TRUE(c->Send("GET /api/ok HTTP/1.0\r\n\r\n"));
  auto r = c->ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(c->WaitClosed(5s));
  auto d = TestConnection::Connect(port());
  ASSERT_TRUE(d->Send("GET /api/ok HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  ASSERT_TRUE(d->ReadResponse());
  EXPECT_TRUE(d->WaitClosed(5s));
}

TEST_F(ServerTest, BodyOverLimitIs413) {
  ServerOptions options;
  options.body_limit = 1000;
  Start(options);
  auto c = TestConnection::Connect(port());
  ASSERT_TRUE(c->Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1001\r\n\r\n"));
  c->Send(std::string(1001, 'x'));  // may fail once the server closed: fine
  auto r = c->ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(Detail(*r), "request body too large");
  EXPECT_FALSE(r->keep_alive);
  ExpectSecurityHeaders(*r);
  EXPECT_TRUE(c->WaitClosed(5s));
  auto fits = Fetch(port(), "POST", "/echo", "", std::string(1000, 'y'));
  ASSERT_TRUE(fits);
  EXPECT_EQ(fits->body, R"({"size":1000})");
}

TEST_F(ServerTest, ChunkedBodyOverLimitIs413) {
  ServerOptions options;
  options.body_limit = 4096;
  Start(options);
  auto c = TestConnection::Connect(port());
  ASSERT_TRUE(c->Send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"));
  for (int i = 0; i < 5; ++i) {
    if (!c->Send(Chunk(1000))) break;  // the server may close before the last chunk
  }
  c->Send("0\r\n\r\n");
  auto r = c->ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  ExpectSecurityHeaders(*r);
  // Within the limit, chunked bodies are decoded for the handler.
  auto d = TestConnection::Connect(port());
  ASSERT_TRUE(d->Send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" +
                      Chunk(1000) + Chunk(96) + "0\r\n\r\n"));
  auto fits = d->ReadResponse();
  ASSERT_TRUE(fits);
  EXPECT_EQ(fits->body, R"({"size":1096})");
}

TEST_F(ServerTest, HugeHeadersAre431) {
  ServerOptions options;
  options.header_limit = 8192;
  Start(options);
  auto c = TestConnection::Connect(port());
  c->Send("GET /api/ok HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(20000, 'h') + "\r\n\r\n");
  auto r = c->ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(Detail(*r), "request header fields too large");
  ExpectSecurityHeaders(*r);
  EXPECT_TRUE(c->WaitClosed(5s));
  EXPECT_EQ(server_->stats().rejected, 1u);
}

TEST_F(ServerTest, MalformedRequestIs400) {
  Start();
  auto c = TestConnection::Connect(port());
  ASSERT_TRUE(c->Send("GET / HTTP/1.1\r\nHost: t\r\nContent-Length: nope\r\n\r\n"));
  auto r = c->ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(Detail(*r), ::testing::StartsWith("malformed request: "));
  ExpectSecurityHeaders(*r);
  auto target = Fetch(port(), "GET", "/a%00b");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->status, 400);
  EXPECT_EQ(Detail(*target), "invalid request target: path contains a NUL byte");
  ExpectSecurityHeaders(*target);
}

TEST_F(ServerTest, ExpectContinueGetsInterimResponse) {
  Start();
  auto c = TestConnection::Connect(port());
  ASSERT_TRUE(c->Send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = c->ReadResponse();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c->Send("abcd"));
  auto r = c->ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, R"({"size":4})");
}

TEST_F(ServerTest, SlowClientIsDroppedWhileOthersAreServed) {
  ServerOptions options;
  options.header_timeout = 1000ms;
  Start(options);
  const auto t0 = Steady::now();
  auto stalled = TestConnection::Connect(port());
  ASSERT_TRUE(stalled->Send("GET /api/ok HTTP/1.1\r\nHost: t\r\n"));  // never finishes
  auto trickle = TestConnection::Connect(port());
  ASSERT_TRUE(trickle->Send("G"));
  for (int i = 0; i < 3; ++i) {
    auto r = Fetch(port(), "GET", "/api/ok");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  const auto served = Steady::now();
  // The trickle keeps sending a byte every 50 ms: the deadline covers the whole header.
  const std::string rest = "ET /api/ok HTTP/1.1\r\nHost: t\r\nX-Slow: " + std::string(200, 's');
  bool trickle_closed = false;
  for (std::size_t i = 0; i < rest.size() && !trickle_closed; ++i) {
    if (!trickle->Send(rest.substr(i, 1))) break;
    trickle_closed = trickle->WaitClosed(50ms);
  }
  EXPECT_TRUE(trickle_closed || trickle->WaitClosed(5s));
  EXPECT_TRUE(stalled->WaitClosed(10s));
  const auto dropped = Steady::now();
  EXPECT_LT(served, t0 + 1000ms) << "others must be served while the slow clients hang";
  EXPECT_GE(dropped - t0, 1000ms);
  EXPECT_TRUE(Eventually([&] { return server_->stats().timeouts == 2; }));
}

TEST_F(ServerTest, SlowBodyIsDropped) {
  ServerOptions options;
  options.body_timeout = 300ms;
  Start(options);
  auto c = TestConnection::Connect(port());
  const auto t0 = Steady::now();
  ASSERT_TRUE(c->Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n0123456789"));
  EXPECT_TRUE(c->WaitClosed(10s));
  EXPECT_GE(Steady::now() - t0, 300ms);
  EXPECT_EQ(c->pending(), 0u);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
  ServerOptions options;
  options.idle_timeout = 300ms;
  Start(options);
  auto c = TestConnection::Connect(port());
  ASSERT_TRUE(c->Send("GET /api/ok HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_TRUE(c->ReadResponse());
  const auto t0 = Steady::now();
  EXPECT_TRUE(c->WaitClosed(10s));
  EXPECT_GE(Steady::now() - t0, 250ms);
  EXPECT_TRUE(Eventually([&] { return server_->stats().active_connections == 0; }));
}

TEST_F(ServerTest, ConnectionCapRefusesExtraConnectionsWith503) {
  ServerOptions options;
  options.max_connections = 2;
  Start(options);
  auto a = TestConnection::Connect(port());
  auto b = TestConnection::Connect(port());
  ASSERT_TRUE(Eventually([&] { return server_->stats().active_connections == 2; }));
  auto refused = TestConnection::Connect(port());
  ASSERT_TRUE(refused);
  refused->Send("GET /api/ok HTTP/1.1\r\nHost: t\r\n\r\n");
  auto r = refused->ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(Detail(*r), "too many connections");
  EXPECT_EQ(r->Header("retry-after"), "1");
  ExpectSecurityHeaders(*r);
  EXPECT_TRUE(refused->WaitClosed(5s));
  EXPECT_EQ(server_->stats().refused, 1u);
  // The admitted ones are still served; closing one admits a new client.
  ASSERT_TRUE(a->Send("GET /api/ok HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(a->ReadResponse()->status, 200);
  b.reset();
  ASSERT_TRUE(Eventually([&] { return server_->stats().active_connections == 1; }));
  auto next = Fetch(port(), "GET", "/api/ok");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, ConcurrentClientsOnSeveralThreads) {
  ServerOptions options;
  options.threads = 2;
  Start(options);
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      auto c = TestConnection::Connect(port());
      for (int i = 0; c && i < 50; ++i) {
        if (!c->Send("GET /api/ok HTTP/1.1\r\nHost: t\r\n\r\n")) return;
        auto r = c->ReadResponse();
        if (r && r->status == 200) ++ok;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), 200);
}

TEST_F(ServerTest, StopClosesIdleConnectionsAndIsIdempotent) {
  Start();
  auto idle = TestConnection::Connect(port());
  ASSERT_TRUE(Eventually([&] { return server_->stats().active_connections == 1; }));
  const auto t0 = Steady::now();
  server_->Stop();
  EXPECT_LT(Steady::now() - t0, 1500ms);
  EXPECT_TRUE(idle->WaitClosed(5s));
  server_->Stop();
  EXPECT_FALSE(TestConnection::Connect(port()) && Fetch(port(), "GET", "/api/ok"));
}

TEST_F(ServerTest, StartErrorsNameTheAddress) {
  Start();
  ServerOptions taken;
  taken.port = port();
  taken.logger = logger_;
  HttpServer second(taken, Pipeline([](const HttpRequest&) { return HttpResponse{}; }));
  const Status s = second.Start();
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), ::testing::StartsWith("http: listen on 127.0.0.1 port " +
                                                 std::to_string(port()) + ": "));
  ServerOptions bad;
  bad.bind_address = "not-an-address";
  HttpServer third(bad, Pipeline([](const HttpRequest&) { return HttpResponse{}; }));
  EXPECT_EQ(third.Start().message(), "http: listen on not-an-address port 0: invalid bind address");
  EXPECT_EQ(server_->Start().message(), "http: server already started");
}

// libcurl as a real client: connection reuse and uploads over the limit.
class CurlTest : public ServerTest {
 protected:
  static std::size_t Collect(char* data, std::size_t size, std::size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
  }
  struct Upload {
    std::size_t left;
  };
  static std::size_t Produce(char* buf, std::size_t size, std::size_t n, void* state) {
    auto* up = static_cast<Upload*>(state);
    const std::size_t k = std::min(up->left, size * n);
    std::memset(buf, 'u', k);
    up->left -= k;
    return k;
  }
  // Returns the HTTP status, or 0 if curl got none.
  long Post(CURL* curl, std::size_t bytes, bool chunked) {
    Upload up{bytes};
    std::string body;
    curl_slist* headers = nullptr;
    if (chunked) headers = curl_slist_append(headers, "Transfer-Encoding: chunked");
    curl_easy_setopt(curl, CURLOPT_URL,
                     ("http://127.0.0.1:" + std::to_string(port()) + "/echo").c_str());
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, &Produce);
    curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    if (!chunked)
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(bytes));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    return status;
  }
};

TEST_F(CurlTest, ReusesTheConnection) {
  Start();
  CURL* curl = curl_easy_init();
  ASSERT_TRUE(curl);
  std::string body;
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
  for (int i = 0; i < 3; ++i) {
    curl_easy_setopt(curl, CURLOPT_URL,
                     ("http://127.0.0.1:" + std::to_string(port()) + "/api/ok").c_str());
    ASSERT_EQ(curl_easy_perform(curl), CURLE_OK);
    long status = 0, connects = -1;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
    EXPECT_EQ(status, 200);
    EXPECT_EQ(connects, i == 0 ? 1 : 0) << "request " << i;
  }
  curl_easy_cleanup(curl);
  EXPECT_EQ(server_->stats().accepted, 1u);
}

TEST_F(CurlTest, BigUploadsGet413) {
  Start();  // default 1 MiB limit
  CURL* curl = curl_easy_init();
  ASSERT_TRUE(curl);
  EXPECT_EQ(Post(curl, (1 << 20) + 1, false), 413);
  EXPECT_EQ(Post(curl, 2 << 20, true), 413);
  EXPECT_EQ(Post(curl, 1 << 20, true), 200);
  EXPECT_EQ(Post(curl, 1 << 20, false), 200);
  curl_easy_cleanup(curl);
}

}  // namespace
}  // namespace ww
