// The server's limits: body and header sizes, malformed input, timeouts for
// slow and idle clients, and the connection cap.
#include "server_fixture.h"

namespace ww::test_http {
namespace {

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

}  // namespace
}  // namespace ww::test_http
