#include "probe/tcp_prober.h"

#include <gtest/gtest.h>

#include <optional>

#include <boost/asio/ip/tcp.hpp>

#include "interface_test_util.h"

namespace ww {
namespace {

using boost::asio::ip::tcp;
using testing::RunUntil;

class TcpProberTest : public ::testing::Test {
 protected:
  ProbeRequest Request(const std::string& address, std::uint16_t port,
                       std::chrono::milliseconds timeout = std::chrono::seconds(3)) {
    spec_.port = port;
    ProbeRequest r;
    r.target = 5;
    r.round = 2;
    r.spec = &spec_;
    r.address = IpAddress::Parse(address);
    r.timeout = timeout;
    return r;
  }

  // One probe, run to its single result on `io`.
  Sample Probe(boost::asio::io_context& io, const ProbeRequest& request) {
    TcpProber prober(io, clock_);
    int calls = 0;
    bool start_returned = false;
    Sample result;
    prober.Start(request, [&](const Sample& s) {
      EXPECT_TRUE(start_returned) << "done ran inside Start";
      ++calls;
      result = s;
    });
    start_returned = true;
    EXPECT_TRUE(RunUntil(
        io, [&] { return calls > 0; }, request.timeout + std::chrono::seconds(5)));
    RunUntil(
        io, [] { return false; }, std::chrono::milliseconds(50));
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(result.target, 5u);
    EXPECT_EQ(result.round, 2);
    return result;
  }
  Sample Probe(const ProbeRequest& request) { return Probe(io_, request); }

  std::uint16_t ClosedPort() {
    tcp::acceptor a(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    return a.local_endpoint().port();
  }

  boost::asio::io_context io_;
  SystemClock clock_;
  TargetSpec spec_ = [] {
    TargetSpec s;
    s.name = "tcp";
    s.kind = ProbeKind::kTcp;
    return s;
  }();
};

TEST_F(TcpProberTest, ListeningPortIsSuccess) {
  tcp::acceptor listener(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  const Sample s = Probe(Request("127.0.0.1", listener.local_endpoint().port()));
  EXPECT_TRUE(s.ok);
  EXPECT_EQ(s.error, ProbeError::kNone);
  EXPECT_GT(s.rtt_ms, 0.0);
  EXPECT_LT(s.rtt_ms, 3000.0);
}

TEST_F(TcpProberTest, Ipv6LoopbackIsSuccess) {
  boost::system::error_code ec;
  tcp::acceptor listener(io_);
  listener.open(tcp::v6(), ec);
  if (!ec) listener.bind(tcp::endpoint(boost::asio::ip::make_address("::1"), 0), ec);
  if (ec) GTEST_SKIP() << "no IPv6 loopback here: " << ec.message();
  listener.listen();
  EXPECT_TRUE(Probe(Request("::1", listener.local_endpoint().port())).ok);
}

TEST_F(TcpProberTest, ClosedPortIsRefused) {
  const Sample s = Probe(Request("127.0.0.1", ClosedPort()));
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error, ProbeError::kRefused);
}

TEST_F(TcpProberTest, SourceAddressIsUsed) {
  tcp::acceptor listener(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  std::optional<tcp::endpoint> peer;
  listener.async_accept([&](const boost::system::error_code& ec, tcp::socket s) {
    if (!ec) peer = s.remote_endpoint();
  });
  ProbeRequest request = Request("127.0.0.1", listener.local_endpoint().port());
  request.source = IpAddress::Parse("127.0.0.2");
  EXPECT_TRUE(Probe(request).ok);
  ASSERT_TRUE(RunUntil(io_, [&] { return peer.has_value(); }));
  EXPECT_EQ(peer->address().to_string(), "127.0.0.2");
}

TEST_F(TcpProberTest, BindDeviceIsHonoured) {
  tcp::acceptor listener(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  ProbeRequest request = Request("127.0.0.1", listener.local_endpoint().port());
  request.bind_device = "lo";
  EXPECT_TRUE(Probe(request).ok);
  request.bind_device = "wwnodev0";
  EXPECT_EQ(Probe(request).error, ProbeError::kSendFailed);
}

TEST_F(TcpProberTest, SourceOfOtherFamilyIsSendFailed) {
  ProbeRequest request = Request("127.0.0.1", 80);
  request.source = IpAddress::Parse("::1");
  EXPECT_EQ(Probe(request).error, ProbeError::kSendFailed);
}

TEST_F(TcpProberTest, MissingAddressOrPortFailsWithoutConnecting) {
  ProbeRequest request = Request("127.0.0.1", 80);
  request.address.reset();
  EXPECT_EQ(Probe(request).error, ProbeError::kNoAddress);
  EXPECT_EQ(Probe(Request("127.0.0.1", 0)).error, ProbeError::kUnavailable);
}

// In a namespace of our own: 203.0.113.0/24 is routed via a neighbour whose MAC
// nobody owns, so the SYN leaves and vanishes (a silent drop, like a firewall).
// 198.51.100.0/24 is an "unreachable" route (EHOSTUNREACH) and 192.0.2.0/24 has
// no route at all (ENETUNREACH).
TEST_F(TcpProberTest, DroppedSynIsTimeoutAndMissingRouteIsUnreachable) {
  if (auto why = testing::NetnsUnavailableReason(); !why.empty()) GTEST_SKIP() << why;
  const std::string error = testing::RunInFreshNetns([&](const std::string&) {
    using testing::Shell;
    ASSERT_EQ(Shell("ip link add wwt0 type veth peer name wwt1"), 0);
    ASSERT_EQ(Shell("ip addr add 10.77.1.2/24 dev wwt0 && ip link set wwt0 up && "
                    "ip link set wwt1 up"),
              0);
    ASSERT_EQ(Shell("ip neigh add 10.77.1.1 lladdr 02:00:00:00:00:01 dev wwt0 nud permanent"), 0);
    ASSERT_EQ(Shell("ip route add 203.0.113.0/24 via 10.77.1.1"), 0);
    ASSERT_EQ(Shell("ip route add unreachable 198.51.100.0/24"), 0);
    boost::asio::io_context io;  // sockets are created in this thread's namespace
    const auto start = std::chrono::steady_clock::now();
    const Sample dropped = Probe(io, Request("203.0.113.5", 443, std::chrono::milliseconds(300)));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(dropped.error, ProbeError::kTimeout);
    EXPECT_FALSE(dropped.ok);
    EXPECT_GE(elapsed, std::chrono::milliseconds(300));
    EXPECT_LT(elapsed, std::chrono::seconds(3));
    EXPECT_EQ(Probe(io, Request("198.51.100.5", 443)).error, ProbeError::kUnreachable);
    EXPECT_EQ(Probe(io, Request("192.0.2.5", 443)).error, ProbeError::kUnreachable);
  });
  EXPECT_EQ(error, "");
}

}  // namespace
}  // namespace ww
