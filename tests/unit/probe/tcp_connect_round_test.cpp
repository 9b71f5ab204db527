// TcpConnectRound against loopback: a listening port connects with an RTT,
// a closed one is refused, a bad target is an error, all in target order.
#include "probe/tcp_connect_round.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace ww {
namespace {

// A listening socket on 127.0.0.1:<ephemeral>; closed with the object.
class Listener {
 public:
  Listener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd_, 8);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~Listener() { Close(); }
  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }
  std::string target() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

TEST(TcpConnectRound, OpenPortConnectsClosedPortIsRefused) {
  Listener open;
  Listener closed;
  const std::string closed_target = closed.target();
  closed.Close();
  SystemClock clock;
  TcpConnectRound round(clock);
  const auto results = round.Run({open.target(), closed_target, "not a target"}, Millis(2000));
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].target, open.target());
  EXPECT_TRUE(results[0].ok);
  ASSERT_TRUE(results[0].rtt_ms);
  EXPECT_GE(*results[0].rtt_ms, 0.0);
  EXPECT_FALSE(results[1].ok);
  EXPECT_EQ(results[1].error, "connection refused");
  EXPECT_FALSE(results[2].ok);
  EXPECT_EQ(results[2].error, "not host:port");
}

TEST(TcpConnectRound, EmptyRoundIsEmpty) {
  SystemClock clock;
  TcpConnectRound round(clock);
  EXPECT_TRUE(round.Run({}, Millis(100)).empty());
}

}  // namespace
}  // namespace ww
