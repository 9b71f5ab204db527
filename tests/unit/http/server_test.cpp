#include "server_fixture.h"

namespace ww::test_http {
namespace {

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
}  // namespace ww::test_http
