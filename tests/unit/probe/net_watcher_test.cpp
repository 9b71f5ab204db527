#include "probe/net_watcher.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "interface_test_util.h"

namespace ww {
namespace {

using testing::RunUntil;

constexpr char kHeader[] = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n";

// Default route line for /proc/net/route; `gateway_word` as the kernel prints it.
std::string DefaultV4(const std::string& iface, const std::string& gateway_word, int metric) {
  return iface + "\t00000000\t" + gateway_word + "\t0003\t0\t0\t" + std::to_string(metric) +
         "\t00000000\t0\t0\t0\n";
}

std::string DefaultV6(const std::string& iface, const std::string& next_hop_hex) {
  return "00000000000000000000000000000000 00 00000000000000000000000000000000 00 " + next_hop_hex +
         " 00000400 00000001 00000000 00000003 " + iface + "\n";
}

TEST(ComputeNetworkStateTest, PicksInterfaceAndGateways) {
  const RouteTable v4 =
      ParseIpv4RouteTable(std::string(kHeader) + DefaultV4("wlan0", "010200C0", 600) +
                          DefaultV4("eth0", "0171000A", 100));
  const RouteTable v6 = ParseIpv6RouteTable(DefaultV6("wlan0", "20010db8000000000000000000000001") +
                                            DefaultV6("eth0", "fe800000000000000000000000000001"));
  auto lookup = [](std::string_view iface) {
    return iface == "eth0" ? OperState::kUp : OperState::kDown;
  };
  NetworkState s = ComputeNetworkState(v4, v6, "", lookup);
  EXPECT_EQ(s.interface, "eth0");
  EXPECT_EQ(s.operstate, OperState::kUp);
  ASSERT_TRUE(s.gateway_v4 && s.gateway_v6);
  EXPECT_EQ(s.gateway_v6->ToString(), "fe80::1");
  EXPECT_EQ(s.ToString(), "iface=eth0 (up) gw4=" + s.gateway_v4->ToString() + " gw6=fe80::1");

  s = ComputeNetworkState(v4, v6, "wlan0", lookup);  // an uplink pinned to wlan0
  EXPECT_EQ(s.interface, "wlan0");
  EXPECT_EQ(s.operstate, OperState::kDown);
  EXPECT_EQ(s.gateway_v6->ToString(), "2001:db8::1");

  s = ComputeNetworkState(RouteTable{}, v6, "", lookup);  // IPv6 only
  EXPECT_EQ(s.interface, "wlan0");
  EXPECT_FALSE(s.gateway_v4.has_value());

  s = ComputeNetworkState(RouteTable{}, RouteTable{}, "", lookup);
  NetworkState none;
  none.operstate = OperState::kNotPresent;
  EXPECT_EQ(s, none);
  EXPECT_EQ(s.ToString(), "iface=none (notpresent) gw4=none gw6=none");
}

// The watcher on files it is pointed at, polling only.
class NetWatcherFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ww_netwatch_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_ / "net" / "eth0");
    Write("route", std::string(kHeader) + DefaultV4("eth0", "010200C0", 100));
    Write("ipv6_route", "");
    Write("net/eth0/operstate", "up\n");
    options_.netlink = false;
    options_.poll_interval = std::chrono::milliseconds(20);
    options_.sources = {(dir_ / "route").string(), (dir_ / "ipv6_route").string(),
                        (dir_ / "net").string()};
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    // Write then rename: the watcher never reads half a file.
    std::ofstream(dir_ / (name + ".tmp")) << text;
    std::filesystem::rename(dir_ / (name + ".tmp"), dir_ / name);
  }

  std::filesystem::path dir_;
  NetWatcherOptions options_;
  boost::asio::io_context io_;
  std::vector<NetworkState> seen_;
};

TEST_F(NetWatcherFilesTest, ReportsFirstStateThenOnlyChanges) {
  NetWatcher watcher(io_, options_, [&](const NetworkState& s) { seen_.push_back(s); });
  ASSERT_TRUE(watcher.Start().ok());
  EXPECT_TRUE(seen_.empty()) << "the first report must not run inside Start";
  ASSERT_TRUE(RunUntil(io_, [&] { return seen_.size() == 1; }));
  EXPECT_EQ(seen_[0].interface, "eth0");
  EXPECT_EQ(seen_[0].gateway_v4->ToString(), "192.0.2.1");
  EXPECT_EQ(seen_[0].operstate, OperState::kUp);

  // Nothing changes for several polls: no callback.
  const auto polls = watcher.refresh_count();
  ASSERT_TRUE(RunUntil(io_, [&] { return watcher.refresh_count() >= polls + 3; }));
  EXPECT_EQ(seen_.size(), 1u);

  Write("route", std::string(kHeader) + DefaultV4("eth0", "090200C0", 100));
  ASSERT_TRUE(RunUntil(io_, [&] { return seen_.size() == 2; }));
  EXPECT_EQ(seen_[1].gateway_v4->ToString(), "192.0.2.9");

  Write("net/eth0/operstate", "down\n");
  ASSERT_TRUE(RunUntil(io_, [&] { return seen_.size() == 3; }));
  EXPECT_EQ(seen_[2].operstate, OperState::kDown);
  EXPECT_EQ(watcher.state(), seen_[2]);

  Write("route", kHeader);
  ASSERT_TRUE(RunUntil(io_, [&] { return seen_.size() == 4; }));
  EXPECT_FALSE(seen_[3].gateway_v4.has_value());
  EXPECT_EQ(seen_[3].interface, "");
}

TEST_F(NetWatcherFilesTest, UnreadableTableMeansNoRouteAndKeepsPolling) {
  options_.sources.route_path = (dir_ / "missing").string();
  NetWatcher watcher(io_, options_, [&](const NetworkState& s) { seen_.push_back(s); });
  ASSERT_TRUE(watcher.Start().ok());
  ASSERT_TRUE(RunUntil(io_, [&] { return seen_.size() == 1; }));
  EXPECT_EQ(seen_[0].interface, "");
  const auto polls = watcher.refresh_count();
  EXPECT_TRUE(RunUntil(io_, [&] { return watcher.refresh_count() >= polls + 2; }));
}

TEST_F(NetWatcherFilesTest, InvalidInterfaceNameIsRefused) {
  options_.interface = "../etc";
  NetWatcher watcher(io_, options_, [&](const NetworkState& s) { seen_.push_back(s); });
  const Status s = watcher.Start();
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "net watcher: interface name '../etc' is invalid");
  RunUntil(
      io_, [] { return false; }, std::chrono::milliseconds(60));
  EXPECT_TRUE(seen_.empty());
  EXPECT_EQ(watcher.refresh_count(), 0u);
}

TEST_F(NetWatcherFilesTest, ConfiguredInterfaceIsWatchedEvenWithoutRoute) {
  options_.interface = "eth0";
  Write("route", kHeader);
  NetWatcher watcher(io_, options_, [&](const NetworkState& s) { seen_.push_back(s); });
  ASSERT_TRUE(watcher.Start().ok());
  ASSERT_TRUE(RunUntil(io_, [&] { return seen_.size() == 1; }));
  EXPECT_EQ(seen_[0].interface, "eth0");
  EXPECT_EQ(seen_[0].operstate, OperState::kUp);
  EXPECT_FALSE(seen_[0].gateway_v4.has_value());
}

TEST_F(NetWatcherFilesTest, StopAndDestroyWithPendingTimersIsSafe) {
  {
    NetWatcher watcher(io_, options_, [&](const NetworkState& s) { seen_.push_back(s); });
    ASSERT_TRUE(watcher.Start().ok());
    ASSERT_TRUE(RunUntil(io_, [&] { return seen_.size() == 1; }));
  }
  RunUntil(
      io_, [] { return false; }, std::chrono::milliseconds(60));
  EXPECT_EQ(seen_.size(), 1u);
}

// The real thing: rtnetlink in a namespace of our own. Polling is set to an
// hour, so every report below comes from a netlink event.
TEST(NetWatcherNetlinkTest, FollowsRouteAndLinkChanges) {
  if (auto why = testing::NetnsUnavailableReason(); !why.empty()) GTEST_SKIP() << why;
  const std::string error = testing::RunInFreshNetns([](const std::string& sysfs) {
    using testing::Shell;
    ASSERT_EQ(Shell("ip link add wwn0 type veth peer name wwn1 && "
                    "ip addr add 10.77.2.2/24 dev wwn0 && ip link set wwn0 up && "
                    "ip link set wwn1 up"),
              0);
    boost::asio::io_context io;
    NetWatcherOptions options;
    options.sources = {"/proc/thread-self/net/route", "/proc/thread-self/net/ipv6_route",
                       sysfs + "/class/net"};
    options.poll_interval = std::chrono::hours(1);
    options.coalesce = std::chrono::milliseconds(50);
    std::vector<NetworkState> seen;
    NetWatcher watcher(io, options, [&](const NetworkState& s) { seen.push_back(s); });
    ASSERT_TRUE(watcher.Start().ok());
    EXPECT_TRUE(watcher.netlink_active());
    ASSERT_TRUE(RunUntil(io, [&] { return seen.size() == 1; }));
    EXPECT_EQ(seen.back().interface, "");  // no default route yet

    auto step = [&](const std::string& command, auto&& expect) {
      const std::size_t before = seen.size();
      ASSERT_EQ(Shell(command), 0) << command;
      ASSERT_TRUE(RunUntil(io, [&] { return seen.size() > before && expect(seen.back()); }))
          << command << " -> " << (seen.empty() ? "" : seen.back().ToString());
    };
    step("ip route add default via 10.77.2.1 dev wwn0", [](const NetworkState& s) {
      return s.interface == "wwn0" && s.gateway_v4 && s.gateway_v4->ToString() == "10.77.2.1" &&
             s.operstate == OperState::kUp;
    });
    step("ip route replace default via 10.77.2.9 dev wwn0", [](const NetworkState& s) {
      return s.gateway_v4 && s.gateway_v4->ToString() == "10.77.2.9";
    });
    step(
        "ip -6 addr add 2001:db8:77::2/64 dev wwn0 nodad && "
        "ip -6 route add default via 2001:db8:77::1 dev wwn0",
        [](const NetworkState& s) {
          return s.gateway_v6 && s.gateway_v6->ToString() == "2001:db8:77::1";
        });
    step("ip link set wwn1 down", [](const NetworkState& s) {
      return s.operstate == OperState::kLowerLayerDown && s.gateway_v4.has_value();
    });
    step("ip route del default via 10.77.2.9", [](const NetworkState& s) {
      return !s.gateway_v4 && s.interface == "wwn0";  // still the v6 default's interface
    });
    step("ip link set wwn0 down", [](const NetworkState& s) {
      return s.interface.empty() && !s.gateway_v6;  // down removes its routes
    });
    EXPECT_GT(watcher.netlink_events(), 0u);
  });
  EXPECT_EQ(error, "");
}

TEST(NetWatcherNetlinkTest, CoalescesABurstIntoOneRead) {
  if (auto why = testing::NetnsUnavailableReason(); !why.empty()) GTEST_SKIP() << why;
  const std::string error = testing::RunInFreshNetns([](const std::string& sysfs) {
    using testing::Shell;
    ASSERT_EQ(Shell("ip link add wwn0 type veth peer name wwn1 && "
                    "ip addr add 10.77.3.2/24 dev wwn0 && ip link set wwn0 up && "
                    "ip link set wwn1 up"),
              0);
    boost::asio::io_context io;
    NetWatcherOptions options;
    options.sources = {"/proc/thread-self/net/route", "/proc/thread-self/net/ipv6_route",
                       sysfs + "/class/net"};
    options.poll_interval = std::chrono::hours(1);
    options.coalesce = std::chrono::milliseconds(500);
    std::vector<NetworkState> seen;
    NetWatcher watcher(io, options, [&](const NetworkState& s) { seen.push_back(s); });
    ASSERT_TRUE(watcher.Start().ok());
    ASSERT_TRUE(RunUntil(io, [&] { return seen.size() == 1; }));
    const auto reads = watcher.refresh_count();
    // Five route changes in one shell run: well inside the 500 ms window.
    ASSERT_EQ(Shell("for i in 1 2 3 4 5; do ip route replace default via 10.77.3.$i; done"), 0);
    ASSERT_TRUE(RunUntil(io, [&] { return seen.size() == 2; }));
    EXPECT_EQ(seen.back().gateway_v4->ToString(), "10.77.3.5");
    EXPECT_EQ(watcher.refresh_count(), reads + 1);
    EXPECT_GE(watcher.netlink_events(), 5u);
  });
  EXPECT_EQ(error, "");
}

}  // namespace
}  // namespace ww
