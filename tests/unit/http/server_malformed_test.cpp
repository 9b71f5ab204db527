// Malformed and hostile requests over real sockets: each gets its status
// (400, 413, 431), the connection is closed, nothing after the bad request is
// executed, and the server goes on serving other clients. Slowloris clients
// trickling header bytes do not starve a normal client.
#include <vector>

#include "server_fixture.h"

namespace ww::test_http {
namespace {

struct BadRequest {
  const char* name;
  std::string bytes;
  int status;
  std::string detail_prefix;
};

void PrintTo(const BadRequest& c, std::ostream* os) { *os << c.name; }

std::string ChunkedPost(std::string_view chunk_lines) {
  return "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" +
         std::string(chunk_lines);
}

const std::string kMalformed = "malformed request: ";

const BadRequest kBadRequests[] = {
    {"RequestLineWithExtraWord", "GET /api/ok HTTP/1.1 extra\r\nHost: t\r\n\r\n", 400,
     kMalformed + "bad version"},
    {"RequestLineGarbage", "HELLO\r\n\r\n", 400, kMalformed},
    {"RequestLineDoubleSpace", "GET  /api/ok HTTP/1.1\r\nHost: t\r\n\r\n", 400, kMalformed},
    {"MethodWithControlByte", "G\x01T /api/ok HTTP/1.1\r\nHost: t\r\n\r\n", 400, kMalformed},
    {"Http09", "GET /api/ok\r\n\r\n", 400, kMalformed},
    {"Http09Version", "GET /api/ok HTTP/0.9\r\nHost: t\r\n\r\n", 400, kMalformed},
    {"Http2Version", "GET /api/ok HTTP/2.0\r\nHost: t\r\n\r\n", 400, kMalformed + "bad version"},
    {"Http12Version", "GET /api/ok HTTP/1.2\r\nHost: t\r\n\r\n", 400, kMalformed + "bad version"},
    {"UnknownProtocol", "GET /api/ok FOO/1.1\r\nHost: t\r\n\r\n", 400, kMalformed},
    {"DuplicateContentLengthDiffering",
     "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400,
     kMalformed + "bad Content-Length"},
    {"ContentLengthNotANumber", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: +3\r\n\r\nabc",
     400, kMalformed},
    {"ContentLengthAndTransferEncoding",
     "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
     "3\r\nabc\r\n0\r\n\r\n",
     400, kMalformed},
    {"TransferEncodingAndContentLength",
     "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
     "3\r\nabc\r\n0\r\n\r\n",
     400, kMalformed},
    {"TransferEncodingNotChunked",
     "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\nabc", 400,
     kMalformed + "Transfer-Encoding must end in chunked"},
    {"TransferEncodingChunkedThenGzip",
     "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, "
     "gzip\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
     400, kMalformed + "Transfer-Encoding must end in chunked"},
    {"TransferEncodingLookalike",
     "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: xchunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
     400, kMalformed + "Transfer-Encoding must end in chunked"},
    {"TransferEncodingTwice",
     "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: "
     "chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
     400, kMalformed},
    {"TransferEncodingInHttp10",
     "POST /echo HTTP/1.0\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
     400, kMalformed + "Transfer-Encoding in HTTP/1.0"},
    {"ChunkSizeNotHex", ChunkedPost("zz\r\nabc\r\n0\r\n\r\n"), 400, kMalformed + "bad chunk"},
    {"ChunkSizeNegative", ChunkedPost("-3\r\nabc\r\n0\r\n\r\n"), 400, kMalformed + "bad chunk"},
    {"ChunkSizeOverflows", ChunkedPost("ffffffffffffffffff\r\nabc\r\n0\r\n\r\n"), 400,
     kMalformed + "bad chunk"},
    {"ChunkLongerThanItsSize", ChunkedPost("3\r\nabcd\r\n0\r\n\r\n"), 400,
     kMalformed + "bad chunk"},
    {"ChunkSizeWithLeadingBlank", ChunkedPost(" 3\r\nabc\r\n0\r\n\r\n"), 400,
     kMalformed + "bad chunk"},
    {"HeaderValueControlByte", "GET /api/ok HTTP/1.1\r\nHost: t\r\nX-Bad: a\x01z\r\n\r\n", 400,
     kMalformed + "bad value"},
    {"HeaderValueDelete", "GET /api/ok HTTP/1.1\r\nHost: t\r\nX-Bad: a\x7fz\r\n\r\n", 400,
     kMalformed + "bad value"},
    {"HeaderValueBareCr", "GET /api/ok HTTP/1.1\r\nHost: t\r\nX-Bad: a\rz\r\n\r\n", 400,
     kMalformed},
    {"HeaderNameWithSpace", "GET /api/ok HTTP/1.1\r\nHost: t\r\nX Bad: z\r\n\r\n", 400,
     kMalformed + "bad field"},
    {"HeaderNameSpaceBeforeColon", "GET /api/ok HTTP/1.1\r\nHost: t\r\nX-Bad : z\r\n\r\n", 400,
     kMalformed + "bad field"},
    {"BareLineFeeds", "GET /api/ok HTTP/1.1\nHost: t\n\n", 400, kMalformed},
    {"MissingHost", "GET /api/ok HTTP/1.1\r\n\r\n", 400, kMalformed + "missing Host header"},
    {"TwoHosts", "GET /api/ok HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400,
     kMalformed + "more than one Host header"},
    {"AbsurdlyLongUrl", "GET /" + std::string(100'000, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n", 431,
     "request header fields too large"},
    {"ChunkedBodyOverOneMebibyte", ChunkedPost([] {
       std::string chunks;
       for (int i = 0; i < 17; ++i) chunks += Chunk(64 << 10);
       return chunks + "0\r\n\r\n";
     }()),
     413, "request body too large"},
};

class MalformedRequestTest : public ServerTest, public ::testing::WithParamInterface<BadRequest> {};

TEST_P(MalformedRequestTest, IsRefusedAndTheServerKeepsServing) {
  Start();  // default limits: 1 MiB body, 16 KiB header
  const BadRequest& bad = GetParam();
  auto c = TestConnection::Connect(port());
  ASSERT_TRUE(c);
  // A request smuggled behind the bad one must never run.
  c->Send(bad.bytes + "GET /api/inspect?x=smuggled HTTP/1.1\r\nHost: t\r\n\r\n");
  auto r = c->ReadResponse();
  ASSERT_TRUE(r) << "no answer";
  EXPECT_EQ(r->status, bad.status);
  EXPECT_THAT(Detail(*r), ::testing::StartsWith(bad.detail_prefix));
  EXPECT_FALSE(r->keep_alive);
  ExpectSecurityHeaders(*r);
  EXPECT_FALSE(c->ReadResponse(false, 2s)) << "a second response: something was smuggled";
  EXPECT_TRUE(c->WaitClosed(5s));
  EXPECT_EQ(server_->stats().requests, 0u) << "nothing reached the pipeline";
  auto next = Fetch(port(), "GET", "/api/ok");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

INSTANTIATE_TEST_SUITE_P(Cases, MalformedRequestTest, ::testing::ValuesIn(kBadRequests),
                         [](const auto& info) { return std::string(info.param.name); });

// What RFC 9110/9112 allow and Beast accepts stays accepted.
TEST_F(ServerTest, LenientButUnambiguousFramingIsAccepted) {
  Start();
  auto same_twice = Fetch(port(), "POST", "/echo", "Content-Length: 3\r\n", "abc");
  ASSERT_TRUE(same_twice);  // Fetch adds its own Content-Length: 3 as well
  EXPECT_EQ(same_twice->body, R"({"size":3})");
  auto c = TestConnection::Connect(port());
  ASSERT_TRUE(c->Send(ChunkedPost("3;ext=1\r\nabc\r\n0\r\n\r\n")));
  auto ext = c->ReadResponse();
  ASSERT_TRUE(ext);
  EXPECT_EQ(ext->body, R"({"size":3})");
  ASSERT_TRUE(c->Send("GET /api/inspect HTTP/1.1\r\nHost: t\r\nX-Test: a\r\n  b\r\n\r\n"));
  auto folded = c->ReadResponse();
  ASSERT_TRUE(folded);
  EXPECT_EQ(folded->status, 200);
  const std::string header = nlohmann::json::parse(folded->body)["header"];
  EXPECT_EQ(header.find_first_of("\r\n"), std::string::npos) << "obs-fold is unfolded";
  auto d = TestConnection::Connect(port());
  ASSERT_TRUE(d->Send("GET /api/ok HTTP/1.0\r\n\r\n"));  // Host is optional in HTTP/1.0
  auto old = d->ReadResponse();
  ASSERT_TRUE(old);
  EXPECT_EQ(old->status, 200);
}

// Slowloris: many clients each trickling a header byte by byte. Every one of
// them is dropped at the header deadline; meanwhile a normal client is served
// at once, every time.
TEST_F(ServerTest, SlowlorisClientsDoNotStarveANormalClient) {
  constexpr int kSlowClients = 60;
  ServerOptions options;
  options.header_timeout = 3000ms;
  Start(options);
  const auto t0 = Steady::now();  // before any slow client's deadline starts
  std::vector<std::unique_ptr<TestConnection>> slow;
  for (int i = 0; i < kSlowClients; ++i) {
    slow.push_back(TestConnection::Connect(port()));
    ASSERT_TRUE(slow.back());
    ASSERT_TRUE(slow.back()->Send("GET /api/ok HTTP/1.1\r\n"));
  }
  ASSERT_TRUE(Eventually([&] { return server_->stats().active_connections == kSlowClients; }));
  int served = 0;
  std::chrono::milliseconds slowest{0};
  for (int round = 0; round < 10; ++round) {
    for (auto& s : slow) s->Send("X");  // one more header byte each; never a full line
    const auto before = Steady::now();
    auto r = Fetch(port(), "GET", "/api/ok");
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - before);
    slowest = std::max(slowest, took);
    if (r && r->status == 200) ++served;
    std::this_thread::sleep_for(50ms);  // the trickle's pace, not a wait for a result
  }
  EXPECT_EQ(served, 10);
  EXPECT_LT(slowest, 500ms);
  EXPECT_GE(server_->stats().active_connections, std::size_t{kSlowClients})
      << "the slow clients were still connected while the normal one was served";
  for (auto& s : slow) EXPECT_TRUE(s->WaitClosed(10s));
  EXPECT_GE(Steady::now() - t0, 3000ms) << "dropped by the header deadline, not earlier";
  EXPECT_TRUE(Eventually([&] { return server_->stats().timeouts >= kSlowClients; }));
  EXPECT_TRUE(Eventually([&] { return server_->stats().active_connections == 0; }));
}

// When slow clients fill every slot, newcomers get a quick 503 instead of
// hanging, and are served again once the header deadline frees the slots.
TEST_F(ServerTest, SlowlorisAtTheConnectionCapGets503ThenRecovers) {
  ServerOptions options;
  options.max_connections = 8;
  options.header_timeout = 1000ms;
  Start(options);
  std::vector<std::unique_ptr<TestConnection>> slow;
  for (int i = 0; i < 8; ++i) {
    slow.push_back(TestConnection::Connect(port()));
    ASSERT_TRUE(slow.back()->Send("GET /api/ok HTTP/1.1\r\nX-"));
  }
  ASSERT_TRUE(Eventually([&] { return server_->stats().active_connections == 8; }));
  auto busy = Fetch(port(), "GET", "/api/ok");
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->status, 503);
  EXPECT_EQ(busy->Header("retry-after"), "1");
  EXPECT_TRUE(Eventually(
      [&] {
        auto r = Fetch(port(), "GET", "/api/ok");
        return r && r->status == 200;
      },
      10s));
  for (auto& s : slow) EXPECT_TRUE(s->WaitClosed(5s));
}

}  // namespace
}  // namespace ww::test_http
