#include "probe/dns_prober.h"

#include <gtest/gtest.h>

#include <array>
#include <optional>

#include <boost/asio/ip/udp.hpp>

#include "dns_test_packets.h"
#include "interface_test_util.h"

namespace ww {
namespace {

using boost::asio::ip::udp;
using testing::DnsPacket;
using testing::ReplyFlags;
using testing::RunUntil;

// A DNS server on 127.0.0.1:0 that answers each query the scripted way. It
// copies the question section from the query, so replies match unless asked not to.
class FakeDnsServer {
 public:
  enum class Mode {
    kAnswer,
    kNxdomain,
    kServfail,
    kNoData,
    kWrongIdThenAnswer,
    kGarbage,
    kSilent,
    kOtherSourceThenAnswer,
    kTruncated,
  };
  FakeDnsServer(boost::asio::io_context& io, Mode mode)
      : socket_(io, udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)),
        other_(io, udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)),
        mode_(mode) {
    Receive();
  }
  std::uint16_t port() const { return socket_.local_endpoint().port(); }
  int queries() const { return queries_; }

 private:
  void Receive() {
    socket_.async_receive_from(
        boost::asio::buffer(buffer_), peer_,
        [this](const boost::system::error_code& ec, std::size_t n) {
          if (ec) return;
          ++queries_;
          Answer(std::vector<std::uint8_t>(buffer_.begin(), buffer_.begin() + n));
          Receive();
        });
  }

  void Send(udp::socket& from, const std::vector<std::uint8_t>& bytes) {
    from.send_to(boost::asio::buffer(bytes), peer_);
  }

  void Answer(const std::vector<std::uint8_t>& query) {
    const std::uint16_t id = static_cast<std::uint16_t>(query[0] << 8 | query[1]);
    const std::vector<std::uint8_t> question(query.begin() + 12, query.end());
    const std::uint16_t qtype =
        static_cast<std::uint16_t>(query[query.size() - 4] << 8 | query[query.size() - 3]);
    const std::vector<std::uint8_t> rdata =
        qtype == 28 ? std::vector<std::uint8_t>(16, 0x20) : std::vector<std::uint8_t>{192, 0, 2, 7};
    auto answer =
        DnsPacket().Header(id, ReplyFlags(), 1, 1).Bytes(question).AnswerAt(12, qtype, rdata);
    switch (mode_) {
      case Mode::kAnswer:
        return Send(socket_, answer.bytes());
      case Mode::kNxdomain:
        return Send(socket_, DnsPacket().Header(id, ReplyFlags(3), 1, 0).Bytes(question).bytes());
      case Mode::kServfail:
        return Send(socket_, DnsPacket().Header(id, ReplyFlags(2), 1, 0).Bytes(question).bytes());
      case Mode::kNoData:
        return Send(socket_, DnsPacket().Header(id, ReplyFlags(), 1, 0).Bytes(question).bytes());
      case Mode::kTruncated:
        return Send(socket_,
                    DnsPacket().Header(id, ReplyFlags(0, true), 1, 0).Bytes(question).bytes());
      case Mode::kWrongIdThenAnswer: {
        auto wrong = DnsPacket().Header(id ^ 0x5555, ReplyFlags(3), 1, 0).Bytes(question);
        Send(socket_, wrong.bytes());
        return Send(socket_, answer.bytes());
      }
      case Mode::kOtherSourceThenAnswer: {
        // Same id and question but a NXDOMAIN from another port: must not count.
        Send(other_, DnsPacket().Header(id, ReplyFlags(3), 1, 0).Bytes(question).bytes());
        return Send(socket_, answer.bytes());
      }
      case Mode::kGarbage:
        return Send(socket_, {query[0], query[1], 0xde, 0xad, 0xbe, 0xef});
      case Mode::kSilent:
        return;
    }
  }

  udp::socket socket_;
  udp::socket other_;
  Mode mode_;
  udp::endpoint peer_;
  std::array<std::uint8_t, 1024> buffer_{};
  int queries_ = 0;
};

class DnsProberTest : public ::testing::Test {
 protected:
  ProbeRequest Request(std::uint16_t port,
                       std::chrono::milliseconds timeout = std::chrono::seconds(3)) {
    spec_.port = port;
    ProbeRequest r;
    r.target = 3;
    r.round = 11;
    r.spec = &spec_;
    r.address = IpAddress::Parse("127.0.0.1");
    r.timeout = timeout;
    return r;
  }

  // Starts one probe and runs the loop until its single result arrives.
  DnsProbeResult Probe(const ProbeRequest& request) {
    int calls = 0;
    bool start_returned = false;
    DnsProbeResult result;
    prober_.StartDetailed(request, [&](const DnsProbeResult& r) {
      EXPECT_TRUE(start_returned) << "done ran inside Start";
      ++calls;
      result = r;
    });
    start_returned = true;
    EXPECT_TRUE(RunUntil(io_, [&] { return calls > 0; }));
    // Exactly once: nothing more arrives while the loop drains what is left.
    RunUntil(
        io_, [] { return false; }, std::chrono::milliseconds(50));
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(result.sample.target, 3u);
    EXPECT_EQ(result.sample.round, 11);
    return result;
  }

  boost::asio::io_context io_;
  SystemClock clock_;
  DnsProber prober_{io_, clock_};
  TargetSpec spec_ = [] {
    TargetSpec s;
    s.name = "dns";
    s.kind = ProbeKind::kDns;
    s.dns_query = "example.com";
    return s;
  }();
};

TEST_F(DnsProberTest, AnswerIsSuccess) {
  FakeDnsServer server(io_, FakeDnsServer::Mode::kAnswer);
  const auto r = Probe(Request(server.port()));
  EXPECT_TRUE(r.sample.ok) << r.detail;
  EXPECT_EQ(r.sample.error, ProbeError::kNone);
  EXPECT_EQ(r.answers, 1u);
  EXPECT_GT(r.sample.rtt_ms, 0.0);
  EXPECT_LT(r.sample.rtt_ms, 3000.0);
  EXPECT_EQ(server.queries(), 1);
}

TEST_F(DnsProberTest, AaaaQuery) {
  FakeDnsServer server(io_, FakeDnsServer::Mode::kAnswer);
  spec_.dns_aaaa = true;
  const auto r = Probe(Request(server.port()));
  EXPECT_TRUE(r.sample.ok) << r.detail;
}

TEST_F(DnsProberTest, NxdomainIsRcode3) {
  FakeDnsServer server(io_, FakeDnsServer::Mode::kNxdomain);
  const auto r = Probe(Request(server.port()));
  EXPECT_FALSE(r.sample.ok);
  EXPECT_EQ(r.sample.error, ProbeError::kDnsRcode);
  EXPECT_EQ(r.sample.code, 3);
  EXPECT_GT(r.sample.rtt_ms, 0.0);  // the server did answer
  EXPECT_EQ(r.detail, "server answered NXDOMAIN (3)");
}

TEST_F(DnsProberTest, ServfailIsRcode2) {
  FakeDnsServer server(io_, FakeDnsServer::Mode::kServfail);
  const auto r = Probe(Request(server.port()));
  EXPECT_EQ(r.sample.error, ProbeError::kDnsRcode);
  EXPECT_EQ(r.sample.code, 2);
}

TEST_F(DnsProberTest, NoDataIsRcodeZeroFailure) {
  FakeDnsServer server(io_, FakeDnsServer::Mode::kNoData);
  const auto r = Probe(Request(server.port()));
  EXPECT_FALSE(r.sample.ok);
  EXPECT_EQ(r.sample.error, ProbeError::kDnsRcode);
  EXPECT_EQ(r.sample.code, 0);
  EXPECT_EQ(r.detail, "NOERROR without a record of the asked type");
}

TEST_F(DnsProberTest, TruncatedNoErrorIsSuccess) {
  FakeDnsServer server(io_, FakeDnsServer::Mode::kTruncated);
  const auto r = Probe(Request(server.port()));
  EXPECT_TRUE(r.sample.ok) << r.detail;
  EXPECT_TRUE(r.truncated);
}

TEST_F(DnsProberTest, WrongIdIsIgnoredUntilTheRightReply) {
  FakeDnsServer server(io_, FakeDnsServer::Mode::kWrongIdThenAnswer);
  const auto r = Probe(Request(server.port()));
  EXPECT_TRUE(r.sample.ok) << r.detail;
}

TEST_F(DnsProberTest, ReplyFromOtherAddressIsIgnored) {
  FakeDnsServer server(io_, FakeDnsServer::Mode::kOtherSourceThenAnswer);
  const auto r = Probe(Request(server.port()));
  EXPECT_TRUE(r.sample.ok) << r.detail;
}

TEST_F(DnsProberTest, GarbageIsBadReply) {
  FakeDnsServer server(io_, FakeDnsServer::Mode::kGarbage);
  const auto r = Probe(Request(server.port()));
  EXPECT_EQ(r.sample.error, ProbeError::kBadReply);
  EXPECT_EQ(r.detail, "malformed reply: reply of 6 octets is shorter than a DNS header");
}

TEST_F(DnsProberTest, SilenceIsTimeout) {
  FakeDnsServer server(io_, FakeDnsServer::Mode::kSilent);
  const auto start = std::chrono::steady_clock::now();
  const auto r = Probe(Request(server.port(), std::chrono::milliseconds(200)));
  EXPECT_EQ(r.sample.error, ProbeError::kTimeout);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
  EXPECT_EQ(server.queries(), 1);
}

TEST_F(DnsProberTest, ClosedPortIsRefused) {
  std::uint16_t port = 0;
  {
    udp::socket probe_port(io_, udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    port = probe_port.local_endpoint().port();
  }
  const auto r = Probe(Request(port));
  EXPECT_EQ(r.sample.error, ProbeError::kRefused) << r.detail;
}

TEST_F(DnsProberTest, MissingAddressAndBadNameFailWithoutSending) {
  ProbeRequest request = Request(53);
  request.address.reset();
  auto r = Probe(request);
  EXPECT_EQ(r.sample.error, ProbeError::kNoAddress);
  EXPECT_EQ(r.detail, "no DNS server address");

  spec_.dns_query = "bad name.example";
  r = Probe(Request(53));
  EXPECT_EQ(r.sample.error, ProbeError::kUnavailable);
  EXPECT_EQ(r.detail, "dns query name 'bad name.example': invalid character");
}

TEST_F(DnsProberTest, UnknownBindDeviceIsSendFailed) {
  FakeDnsServer server(io_, FakeDnsServer::Mode::kAnswer);
  ProbeRequest request = Request(server.port());
  request.bind_device = "wwnodev0";
  const auto r = Probe(request);
  EXPECT_EQ(r.sample.error, ProbeError::kSendFailed);
  EXPECT_EQ(r.detail, "bind to device 'wwnodev0' failed: No such device");
  EXPECT_EQ(server.queries(), 0);
}

TEST_F(DnsProberTest, PlainStartYieldsTheSample) {
  FakeDnsServer server(io_, FakeDnsServer::Mode::kAnswer);
  std::optional<Sample> sample;
  prober_.Start(Request(server.port()), [&](const Sample& s) { sample = s; });
  ASSERT_TRUE(RunUntil(io_, [&] { return sample.has_value(); }));
  EXPECT_TRUE(sample->ok);
  EXPECT_EQ(prober_.name(), "dns");
}

TEST_F(DnsProberTest, ManyConcurrentQueriesAreAllAnswered) {
  FakeDnsServer server(io_, FakeDnsServer::Mode::kAnswer);
  int ok = 0, done = 0;
  for (int i = 0; i < 50; ++i) {
    prober_.Start(Request(server.port()), [&](const Sample& s) {
      ++done;
      ok += s.ok ? 1 : 0;
    });
  }
  ASSERT_TRUE(RunUntil(io_, [&] { return done == 50; }));
  EXPECT_EQ(ok, 50);
  EXPECT_EQ(server.queries(), 50);
}

}  // namespace
}  // namespace ww
