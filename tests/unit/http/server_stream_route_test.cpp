// The server's stream route hook (http/stream_route.h) with a route of the
// test's own: claimed requests skip the pipeline, the connection goes on after
// the route (keep-alive), a claimed upload's header is not held to the body
// limit, and unclaimed requests still are.
#include <atomic>

#include "http/stream_route.h"
#include "server_fixture.h"

namespace ww::test_http {
namespace {

// Claims "/stream/..." and answers it itself, with what it saw of the header.
class AnsweringRoute final : public StreamRoute {
 public:
  bool Claims(std::string_view target) const override { return target.substr(0, 8) == "/stream/"; }
  void Serve(const StreamExchange& ex, StreamDone done) override {
    served.fetch_add(1);
    const auto length = ex.parser.content_length();
    last_length.store(length ? *length : 0);
    const nlohmann::json body = {{"route", true},
                                 {"target", std::string(ex.parser.get().target())}};
    // A body that was not read leaves the connection unusable for another request.
    done(StreamEnd{HttpResponse::Json(200, body.dump()), ex.parser.is_done()});
  }
  std::atomic<int> served{0};
  std::atomic<std::uint64_t> last_length{0};
};

class StreamRouteTest : public ServerTest {
 protected:
  void StartWithRoute() {
    router_.Get("/stream/x", [this](const HttpRequest&) {
      pipeline_calls_.fetch_add(1);
      return HttpResponse::Error(500, "the pipeline must not see this");
    });
    ServerOptions options;
    options.body_limit = 1000;
    options.stream_route = route_;
    Start(options);
  }
  std::shared_ptr<AnsweringRoute> route_ = std::make_shared<AnsweringRoute>();
  std::atomic<int> pipeline_calls_{0};
};

TEST_F(StreamRouteTest, AClaimedRequestSkipsThePipelineAndGetsTheSecurityHeaders) {
  StartWithRoute();
  const auto r = Fetch(port(), "GET", "/stream/x?a=1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(nlohmann::json::parse(r->body)["target"], "/stream/x?a=1");
  ExpectSecurityHeaders(*r);
  EXPECT_EQ(route_->served.load(), 1);
  EXPECT_EQ(pipeline_calls_.load(), 0);
}

TEST_F(StreamRouteTest, TheConnectionCarriesOnAfterTheRoute) {
  StartWithRoute();
  auto c = TestConnection::Connect(port());
  ASSERT_TRUE(c);
  for (const char* target : {"/stream/a", "/api/ok", "/stream/b", "/stream/c"}) {
    ASSERT_TRUE(c->Send(std::string("GET ") + target + " HTTP/1.1\r\nHost: t\r\n\r\n"));
    const auto r = c->ReadResponse();
    ASSERT_TRUE(r) << target;
    EXPECT_EQ(r->status, 200) << target;
    EXPECT_TRUE(r->keep_alive) << target;
  }
  EXPECT_EQ(route_->served.load(), 3);
  // Pipelined: both answered, in order.
  ASSERT_TRUE(
      c->Send("GET /stream/p1 HTTP/1.1\r\nHost: t\r\n\r\nGET /api/ok HTTP/1.1\r\nHost: t\r\n\r\n"));
  const auto first = c->ReadResponse();
  const auto second = c->ReadResponse();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(nlohmann::json::parse(first->body)["target"], "/stream/p1");
  EXPECT_EQ(second->status, 200);
  // HEAD: the route's answer without its body.
  ASSERT_TRUE(c->Send("HEAD /stream/h HTTP/1.1\r\nHost: t\r\n\r\n"));
  const auto head = c->ReadResponse(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->body, "");
}

TEST_F(StreamRouteTest, AClaimedUploadIsNotHeldToTheBodyLimitAndAnUnreadBodyClosesTheConnection) {
  StartWithRoute();
  auto c = TestConnection::Connect(port());
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->Send("POST /stream/up HTTP/1.1\r\nHost: t\r\nContent-Length: 10485760\r\n\r\n"));
  const auto r = c->ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(r->keep_alive);
  EXPECT_EQ(route_->last_length.load(), 10485760u);
  EXPECT_TRUE(c->WaitClosed(5s));
}

// One raw request on its own connection: the server's answer.
std::optional<ClientResponse> Exchange(std::uint16_t port, const std::string& request) {
  auto c = TestConnection::Connect(port);
  if (!c || !c->Send(request)) return std::nullopt;
  return c->ReadResponse();
}

TEST_F(StreamRouteTest, UnclaimedRequestsKeepTheServersBodyLimit) {
  StartWithRoute();
  const std::string post = "POST /echo HTTP/1.1\r\nHost: t\r\n";
  const auto declared = Exchange(port(), post + "Content-Length: 1001\r\n\r\n");
  ASSERT_TRUE(declared);
  EXPECT_EQ(declared->status, 413);
  EXPECT_EQ(Detail(*declared), "request body too large");
  const auto chunked = Exchange(
      port(), post + "Transfer-Encoding: chunked\r\n\r\n" + Chunk(600) + Chunk(600) + "0\r\n\r\n");
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->status, 413);
  const auto small =
      Exchange(port(), post + "Content-Length: 1000\r\n\r\n" + std::string(1000, 'x'));
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, 200);
  EXPECT_EQ(nlohmann::json::parse(small->body)["size"], 1000);
  EXPECT_EQ(route_->served.load(), 0);
}

}  // namespace
}  // namespace ww::test_http
