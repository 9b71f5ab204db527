#include "probe/http_prober.h"

#include <gtest/gtest.h>

#include <array>
#include <list>
#include <memory>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include "interface_test_util.h"

namespace ww {
namespace {

using boost::asio::ip::tcp;
using testing::RunUntil;

// A tiny HTTP/1.1 server on 127.0.0.1:0 running on the test's own loop:
//   /ok 200 "hello"   /missing 404   /error 500   /redirect 302 -> /ok
//   /slow never answers   /delay answers 200 after 150 ms   /large 200 with 256 KiB
// Anything that does not start like an HTTP request (a TLS hello) gets junk back.
class TinyHttpServer {
 public:
  explicit TinyHttpServer(boost::asio::io_context& io)
      : io_(io), acceptor_(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {
    Accept();
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + path;
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  int requests() const { return requests_; }
  const std::string& last_user_agent() const { return user_agent_; }

 private:
  struct Connection {
    explicit Connection(boost::asio::io_context& io) : socket(io), timer(io) {}
    tcp::socket socket;
    boost::asio::steady_timer timer;
    std::array<char, 2048> chunk;
    std::string head;
    std::string response;
  };

  void Accept() {
    connections_.emplace_back(io_);
    Connection& c = connections_.back();
    acceptor_.async_accept(c.socket, [this, &c](const boost::system::error_code& ec) {
      if (ec) return;
      Read(c);
      Accept();
    });
  }

  void Read(Connection& c) {
    c.socket.async_read_some(boost::asio::buffer(c.chunk),
                             [this, &c](const boost::system::error_code& ec, std::size_t n) {
                               if (ec) return;
                               c.head.append(c.chunk.data(), n);
                               if (c.head[0] != 'G')
                                 return Send(c, "\x15\x03\x01\x00\x02\x02\x46");  // TLS alert
                               if (c.head.find("\r\n\r\n") == std::string::npos) return Read(c);
                               ++requests_;
                               if (auto ua = c.head.find("User-Agent: "); ua != std::string::npos) {
                                 user_agent_ =
                                     c.head.substr(ua + 12, c.head.find("\r\n", ua) - ua - 12);
                               }
                               Respond(c, c.head.substr(4, c.head.find(' ', 4) - 4));
                             });
  }

  void Respond(Connection& c, const std::string& path) {
    if (path == "/ok") return Send(c, Reply("200 OK", "hello"));
    if (path == "/missing") return Send(c, Reply("404 Not Found", "no"));
    if (path == "/error") return Send(c, Reply("500 Internal Server Error", "oops"));
    if (path == "/redirect") {
      return Send(c, "HTTP/1.1 302 Found\r\nLocation: /ok\r\nContent-Length: 0\r\n\r\n");
    }
    if (path == "/large") return Send(c, Reply("200 OK", std::string(256 * 1024, 'x')));
    if (path == "/delay") {
      c.timer.expires_after(std::chrono::milliseconds(150));
      c.timer.async_wait([this, &c](const boost::system::error_code& ec) {
        if (!ec) Send(c, Reply("200 OK", "late"));
      });
      return;
    }
    if (path == "/slow") return;  // hold the connection, say nothing
    Send(c, Reply("404 Not Found", ""));
  }

  static std::string Reply(const std::string& status, const std::string& body) {
    return "HTTP/1.1 " + status + "\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
  }

  void Send(Connection& c, std::string bytes) {
    c.response = std::move(bytes);
    boost::asio::async_write(c.socket, boost::asio::buffer(c.response),
                             [&c](const boost::system::error_code&, std::size_t) {
                               boost::system::error_code ignored;
                               c.socket.shutdown(tcp::socket::shutdown_send, ignored);
                             });
  }

  boost::asio::io_context& io_;
  tcp::acceptor acceptor_;
  std::list<Connection> connections_;  // stable addresses; freed with the server
  int requests_ = 0;
  std::string user_agent_;
};

class HttpProberTest : public ::testing::Test {
 protected:
  ProbeRequest Request(const std::string& url,
                       std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    spec_.url = url;
    ProbeRequest r;
    r.target = 8;
    r.round = 4;
    r.spec = &spec_;
    r.timeout = timeout;
    return r;
  }

  HttpProbeResult Probe(HttpProber& prober, const ProbeRequest& request) {
    int calls = 0;
    bool start_returned = false;
    HttpProbeResult result;
    prober.StartDetailed(request, [&](const HttpProbeResult& r) {
      EXPECT_TRUE(start_returned) << "done ran inside Start";
      ++calls;
      result = r;
    });
    start_returned = true;
    EXPECT_TRUE(RunUntil(
        io_, [&] { return calls > 0; }, request.timeout + std::chrono::seconds(5)));
    RunUntil(
        io_, [] { return false; }, std::chrono::milliseconds(50));
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(result.sample.target, 8u);
    EXPECT_EQ(result.sample.round, 4);
    EXPECT_EQ(prober.in_flight(), 0u);
    return result;
  }
  HttpProbeResult Probe(const ProbeRequest& request) { return Probe(prober_, request); }

  boost::asio::io_context io_;
  SystemClock clock_;
  TinyHttpServer server_{io_};
  HttpProber prober_{io_, clock_};
  TargetSpec spec_ = [] {
    TargetSpec s;
    s.name = "http";
    s.kind = ProbeKind::kHttp;
    return s;
  }();
};

TEST_F(HttpProberTest, Status200IsSuccessWithTimings) {
  ASSERT_TRUE(prober_.available());
  const auto r = Probe(Request(server_.Url("/ok")));
  EXPECT_TRUE(r.sample.ok) << r.detail;
  EXPECT_EQ(r.sample.error, ProbeError::kNone);
  EXPECT_EQ(r.sample.code, 200);
  EXPECT_EQ(r.body_head, "hello");
  EXPECT_EQ(r.body_bytes, 5u);
  EXPECT_GT(r.sample.rtt_ms, 0.0);
  EXPECT_DOUBLE_EQ(r.sample.rtt_ms, r.timings.total_ms);
  EXPECT_EQ(r.timings.tls_ms, 0.0);
  EXPECT_LE(r.timings.dns_ms + r.timings.connect_ms + r.timings.first_byte_ms,
            r.timings.total_ms + 0.001);
  EXPECT_EQ(server_.last_user_agent(), "wanwatch-probe/1");
}

TEST_F(HttpProberTest, Status404And500AreHttpStatusFailures) {
  auto r = Probe(Request(server_.Url("/missing")));
  EXPECT_FALSE(r.sample.ok);
  EXPECT_EQ(r.sample.error, ProbeError::kHttpStatus);
  EXPECT_EQ(r.sample.code, 404);
  EXPECT_GT(r.sample.rtt_ms, 0.0);
  r = Probe(Request(server_.Url("/error")));
  EXPECT_EQ(r.sample.error, ProbeError::kHttpStatus);
  EXPECT_EQ(r.sample.code, 500);
}

TEST_F(HttpProberTest, RedirectIsNotFollowedByDefault) {
  auto r = Probe(Request(server_.Url("/redirect")));
  EXPECT_TRUE(r.sample.ok);
  EXPECT_EQ(r.sample.code, 302);
  EXPECT_EQ(server_.requests(), 1);
  HttpProberOptions follow;
  follow.follow_redirects = true;
  HttpProber follower(io_, clock_, follow);
  r = Probe(follower, Request(server_.Url("/redirect")));
  EXPECT_EQ(r.sample.code, 200);
  EXPECT_EQ(r.body_head, "hello");
}

TEST_F(HttpProberTest, SlowServerIsTimeout) {
  const auto start = std::chrono::steady_clock::now();
  const auto r = Probe(Request(server_.Url("/slow"), std::chrono::milliseconds(300)));
  EXPECT_EQ(r.sample.error, ProbeError::kTimeout) << r.detail;
  EXPECT_FALSE(r.sample.ok);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
}

TEST_F(HttpProberTest, FirstBytePhaseShowsServerDelay) {
  const auto r = Probe(Request(server_.Url("/delay")));
  EXPECT_TRUE(r.sample.ok) << r.detail;
  EXPECT_GE(r.timings.first_byte_ms, 140.0);
  EXPECT_LT(r.timings.connect_ms, 140.0);
}

TEST_F(HttpProberTest, LargeBodyIsReadFullyButKeptShort) {
  const auto r = Probe(Request(server_.Url("/large"), std::chrono::seconds(3)));
  EXPECT_TRUE(r.sample.ok) << r.detail;
  EXPECT_EQ(r.body_bytes, 256u * 1024);
  EXPECT_EQ(r.body_head.size(), 1024u);
}

TEST_F(HttpProberTest, BodyOverTheCapIsBadReply) {
  HttpProberOptions cap;
  cap.max_body_bytes = 16 * 1024;
  HttpProber capped(io_, clock_, cap);
  const auto r = Probe(capped, Request(server_.Url("/large")));
  EXPECT_EQ(r.sample.error, ProbeError::kBadReply);
  EXPECT_EQ(r.detail, "body larger than 16384 bytes");
}

TEST_F(HttpProberTest, ClosedPortIsRefused) {
  std::uint16_t port = 0;
  {
    tcp::acceptor a(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    port = a.local_endpoint().port();
  }
  const auto r = Probe(Request("http://127.0.0.1:" + std::to_string(port) + "/"));
  EXPECT_EQ(r.sample.error, ProbeError::kRefused) << r.detail;
}

TEST_F(HttpProberTest, TlsToAPlainServerIsTlsError) {
  const auto r = Probe(Request("https://127.0.0.1:" + std::to_string(server_.port()) + "/ok"));
  EXPECT_EQ(r.sample.error, ProbeError::kTlsError) << r.detail;
}

TEST_F(HttpProberTest, BindDeviceIsHonoured) {
  ProbeRequest request = Request(server_.Url("/ok"));
  request.bind_device = "lo";
  EXPECT_TRUE(Probe(request).sample.ok);
  request.bind_device = "wwnodev0";
  const auto r = Probe(request);
  EXPECT_EQ(r.sample.error, ProbeError::kSendFailed) << r.detail;
}

TEST_F(HttpProberTest, SourceWithDeviceUsesBoth) {
  ProbeRequest request = Request(server_.Url("/ok"));
  request.source = IpAddress::Parse("127.0.0.1");
  request.bind_device = "lo";
  EXPECT_TRUE(Probe(request).sample.ok);
  request.bind_device = "wwnodev0";
  const auto r = Probe(request);
  EXPECT_EQ(r.sample.error, ProbeError::kSendFailed) << r.detail;
  EXPECT_EQ(r.detail, "bind to device 'wwnodev0' failed: No such device");
}

TEST_F(HttpProberTest, BadConfigurationIsUnavailable) {
  auto r = Probe(Request(""));
  EXPECT_EQ(r.sample.error, ProbeError::kUnavailable);
  EXPECT_EQ(r.detail, "no URL configured");
  r = Probe(Request("gopher://127.0.0.1/"));
  EXPECT_EQ(r.sample.error, ProbeError::kUnavailable) << r.detail;
  r = Probe(Request("http://[::1/"));
  EXPECT_EQ(r.sample.error, ProbeError::kUnavailable) << r.detail;
}

TEST_F(HttpProberTest, ConcurrentProbesEachAnswerOnce) {
  constexpr int kProbes = 20;
  int done = 0, ok = 0;
  for (int i = 0; i < kProbes; ++i) {
    const char* path = i % 2 == 0 ? "/ok" : "/missing";
    prober_.Start(Request(server_.Url(path)), [&, i](const Sample& s) {
      ++done;
      ok += s.ok == (i % 2 == 0) ? 1 : 0;
    });
  }
  ASSERT_TRUE(RunUntil(io_, [&] { return done == kProbes; }));
  RunUntil(
      io_, [] { return false; }, std::chrono::milliseconds(50));
  EXPECT_EQ(done, kProbes);
  EXPECT_EQ(ok, kProbes);
  EXPECT_EQ(server_.requests(), kProbes);
}

TEST_F(HttpProberTest, DestroyingTheProberMidTransferIsSafe) {
  bool called = false;
  {
    HttpProber prober(io_, clock_);
    prober.Start(Request(server_.Url("/slow")), [&](const Sample&) { called = true; });
    RunUntil(io_, [&] { return server_.requests() == 1; });
  }
  RunUntil(
      io_, [] { return false; }, std::chrono::milliseconds(100));
  EXPECT_FALSE(called);
  EXPECT_EQ(server_.requests(), 1);
}

}  // namespace
}  // namespace ww
