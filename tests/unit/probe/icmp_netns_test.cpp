// IcmpProber in network namespaces the tests build: socket choice, timeouts,
// ICMP errors from a router, send failures, and scripted replies (late,
// duplicated, damaged, from the wrong address). Every behaviour runs on both
// the datagram and the raw socket (parameter), as the two report differently.
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <cerrno>
#include <memory>
#include <sstream>
#include <thread>

#include "icmp_test_lab.h"
#include "icmp_test_responder.h"
#include "probe/icmp_prober.h"

namespace ww {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::EchoResponder;
using testing::IcmpRequest;
using testing::Netns;
using testing::NetnsScope;
using testing::ResponderScript;
using testing::RunUntil;
using testing::SampleLog;

constexpr const char* kAllGroups = "0 2147483647";

// One namespace "h" where the prober runs, with datagram ICMP allowed.
class IcmpNetnsTest : public ::testing::TestWithParam<IcmpSocketMode> {
 protected:
  void SetUp() override {
    if (const std::string why = testing::WhyNoNetns(); !why.empty()) GTEST_SKIP() << why;
    host_ = std::make_unique<Netns>("h");
    host_->Sysctl("net.ipv4.ping_group_range", kAllGroups);
    ASSERT_TRUE(host_->ok()) << host_->failures().front();
  }
  void TearDown() override {
    prober_.reset();
    scope_.reset();
  }
  // Enters "h" and makes the prober there (its sockets belong to "h").
  void StartProber() {
    scope_ = std::make_unique<NetnsScope>(*host_);
    ASSERT_TRUE(scope_->ok());
    IcmpProberOptions options;
    options.socket_mode = GetParam();
    prober_ = std::make_unique<IcmpProber>(io_, clock_, options);
    ASSERT_TRUE(prober_->available());
    const IcmpSocketKind want = GetParam() == IcmpSocketMode::kDatagramOnly
                                    ? IcmpSocketKind::kDatagram
                                    : IcmpSocketKind::kRaw;
    ASSERT_EQ(prober_->socket_kind(IpAddress::Family::kV4), want);
  }
  Sample ProbeOnce(const ProbeRequest& request) {
    SampleLog log;
    prober_->Start(request, log.Callback());
    EXPECT_EQ(log.size(), 0u) << "done must never run inside Start";
    EXPECT_TRUE(RunUntil(
        io_, [&] { return log.size() == 1; }, seconds(10)));
    return log.samples.empty() ? Sample{} : log.samples.front();
  }

  boost::asio::io_context io_;
  SystemClock clock_;
  std::unique_ptr<Netns> host_;
  std::unique_ptr<NetnsScope> scope_;
  std::unique_ptr<IcmpProber> prober_;
};

INSTANTIATE_TEST_SUITE_P(SocketKinds, IcmpNetnsTest,
                         ::testing::Values(IcmpSocketMode::kDatagramOnly, IcmpSocketMode::kRawOnly),
                         [](const auto& info) {
                           return info.param == IcmpSocketMode::kDatagramOnly ? "Datagram" : "Raw";
                         });

TEST_P(IcmpNetnsTest, TimeoutWhenTheTargetIgnoresEchoRequests) {
  Netns target("t");
  host_->Link(target, "wia", "wib");
  host_->Exec("ip addr add 10.201.0.1/24 dev " + host_->Ifname("wia"));
  target.Exec("ip addr add 10.201.0.2/24 dev " + target.Ifname("wib"));
  ASSERT_TRUE(host_->ok() && target.ok());
  StartProber();
  // The path works while the target answers...
  Sample s = ProbeOnce(IcmpRequest(1, "10.201.0.2"));
  EXPECT_TRUE(s.ok) << ToString(s.error);
  // ...and times out once it ignores echo requests.
  target.Sysctl("net.ipv4.icmp_echo_ignore_all", "1");
  const MonoTime start = MonoClock::now();
  s = ProbeOnce(IcmpRequest(2, "10.201.0.2", milliseconds(300)));
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error, ProbeError::kTimeout);
  EXPECT_EQ(s.target, 2u);
  EXPECT_GE(MonoClock::now() - start, milliseconds(300));
  EXPECT_EQ(prober_->counters().timeouts, 1u);
}

// h (10.202.0.2) -- r (10.202.0.1 | 203.0.113.1) -- t (203.0.113.10); r has an
// "unreachable" route for 192.0.2.0/24 and answers for it with host unreachable.
class IcmpRouterTest : public IcmpNetnsTest {
 protected:
  void SetUp() override {
    IcmpNetnsTest::SetUp();
    if (IsSkipped()) return;
    router_ = std::make_unique<Netns>("r");
    target_ = std::make_unique<Netns>("t");
    host_->Link(*router_, "wih", "wir");
    router_->Link(*target_, "wiu", "wit");
    host_->Exec("ip addr add 10.202.0.2/24 dev " + host_->Ifname("wih") +
                " && ip route add default via 10.202.0.1");
    router_->Exec("ip addr add 10.202.0.1/24 dev " + router_->Ifname("wir") +
                  " && ip addr add 203.0.113.1/24 dev " + router_->Ifname("wiu") +
                  " && ip route add unreachable 192.0.2.0/24");
    router_->Sysctl("net.ipv4.ip_forward", "1");
    router_->Sysctl("net.ipv4.icmp_ratelimit", "0");
    // IPv6 on the h-r link (nodad: usable at once), and a reject route on r.
    host_->Exec("ip -6 addr add 2001:db8:202::2/64 dev " + host_->Ifname("wih") +
                " nodad && ip -6 route add default via 2001:db8:202::1");
    router_->Exec("ip -6 addr add 2001:db8:202::1/64 dev " + router_->Ifname("wir") +
                  " nodad && ip -6 route add unreachable 2001:db8:dead::/48");
    router_->Sysctl("net.ipv6.conf.all.forwarding", "1");
    router_->Sysctl("net.ipv6.icmp.ratelimit", "0");
    target_->Exec("ip addr add 203.0.113.10/24 dev " + target_->Ifname("wit") +
                  " && ip route add default via 203.0.113.1");
    ASSERT_TRUE(host_->ok() && router_->ok() && target_->ok());
  }
  void TearDown() override {
    IcmpNetnsTest::TearDown();
    target_.reset();
    router_.reset();
  }
  // InDestUnreachs of the host namespace's ICMP statistics.
  long HostDestUnreachsIn() {
    std::istringstream snmp(
        testing::ShellOutput("ip netns exec " + host_->name() + " cat /proc/net/snmp"));
    std::string names, values;
    while (std::getline(snmp, names) && std::getline(snmp, values)) {
      if (names.rfind("Icmp: ", 0) != 0) continue;
      std::istringstream n(names), v(values);
      std::string name, value;
      while (n >> name && v >> value) {
        if (name == "InDestUnreachs") return std::stol(value);
      }
    }
    return -1;
  }
  std::unique_ptr<Netns> router_;
  std::unique_ptr<Netns> target_;
};

INSTANTIATE_TEST_SUITE_P(SocketKinds, IcmpRouterTest,
                         ::testing::Values(IcmpSocketMode::kDatagramOnly, IcmpSocketMode::kRawOnly),
                         [](const auto& info) {
                           return info.param == IcmpSocketMode::kDatagramOnly ? "Datagram" : "Raw";
                         });

TEST_P(IcmpRouterTest, RouterErrorsAreUnreachableWithTypeAndCode) {
  StartProber();
  Sample s = ProbeOnce(IcmpRequest(1, "203.0.113.10"));
  EXPECT_TRUE(s.ok) << ToString(s.error);
  s = ProbeOnce(IcmpRequest(2, "192.0.2.1", seconds(5)));
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error, ProbeError::kUnreachable);
  EXPECT_EQ(s.code, 3 * 256 + 1) << "host unreachable";
  EXPECT_LT(s.rtt_ms, 1000.0) << "answered by the router, not a timeout";
  // Upstream link down: the router has no route left and says network unreachable.
  router_->Exec("ip link set " + router_->Ifname("wiu") + " down");
  s = ProbeOnce(IcmpRequest(3, "203.0.113.10", seconds(5)));
  EXPECT_EQ(s.error, ProbeError::kUnreachable);
  EXPECT_EQ(s.code, 3 * 256 + 0) << "network unreachable";
  EXPECT_EQ(prober_->counters().errors, 2u);
}

TEST_P(IcmpRouterTest, V6RouterErrorIsUnreachableWithTypeAndCode) {
  StartProber();
  Sample s = ProbeOnce(IcmpRequest(1, "2001:db8:202::1"));
  EXPECT_TRUE(s.ok) << ToString(s.error);
  s = ProbeOnce(IcmpRequest(2, "2001:db8:dead::1", seconds(5)));
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error, ProbeError::kUnreachable);
  EXPECT_EQ(s.code, 1 * 256 + 0) << "ICMPv6 destination unreachable, no route";
  EXPECT_EQ(prober_->socket_kind(IpAddress::Family::kV6),
            prober_->socket_kind(IpAddress::Family::kV4));
  EXPECT_EQ(prober_->counters().errors, 1u);
}

TEST_P(IcmpRouterTest, QueuedErrorDoesNotFailTheNextSendToAnotherTarget) {
  // A datagram socket keeps an ICMP error pending (sk_err) until read, and the
  // kernel hands it to the next sendto, whatever its destination.
  StartProber();
  const long before = HostDestUnreachsIn();
  SampleLog log;
  prober_->Start(IcmpRequest(1, "192.0.2.1", seconds(5)), log.Callback());
  // Let the error arrive without running the loop, so it is still unread.
  const MonoTime deadline = MonoClock::now() + seconds(5);
  while (HostDestUnreachsIn() <= before && MonoClock::now() < deadline) {
    std::this_thread::yield();
  }
  ASSERT_GT(HostDestUnreachsIn(), before);
  prober_->Start(IcmpRequest(2, "203.0.113.10", seconds(5)), log.Callback());
  ASSERT_TRUE(RunUntil(
      io_, [&] { return log.size() == 2; }, seconds(10)));
  for (const Sample& s : log.samples) {
    if (s.target == 1) {
      EXPECT_EQ(s.error, ProbeError::kUnreachable);
      EXPECT_EQ(s.code, 3 * 256 + 1);
    } else {
      EXPECT_TRUE(s.ok) << ToString(s.error) << " code " << s.code;
    }
  }
  EXPECT_EQ(prober_->counters().send_failures, 0u);
}

TEST_P(IcmpNetnsTest, SendFailureIsReportedAfterStartReturns) {
  StartProber();  // "h" has only lo: no route to 192.0.2.1
  const Sample s = ProbeOnce(IcmpRequest(4, "192.0.2.1"));
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error, ProbeError::kSendFailed);
  EXPECT_EQ(s.code, ENETUNREACH);
  EXPECT_EQ(s.target, 4u);
  EXPECT_EQ(prober_->counters().send_failures, 1u);
  EXPECT_EQ(prober_->counters().sent, 0u);
}

TEST_P(IcmpNetnsTest, LateReplyIsCountedButYieldsNoSecondSample) {
  host_->Sysctl("net.ipv4.icmp_echo_ignore_all", "1");
  ResponderScript script;
  script.delay = milliseconds(400);
  EchoResponder responder(*host_, script);
  ASSERT_TRUE(responder.ready());
  StartProber();
  SampleLog log;
  prober_->Start(IcmpRequest(1, "127.0.0.1", milliseconds(100)), log.Callback());
  ASSERT_TRUE(RunUntil(
      io_, [&] { return prober_->counters().late == 1; }, seconds(5)));
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log.samples[0].error, ProbeError::kTimeout);
  EXPECT_EQ(responder.requests_seen(), 1);
  EXPECT_EQ(prober_->counters().received, 0u);
}

TEST_P(IcmpNetnsTest, DuplicateRepliesAreCountedAndIgnored) {
  host_->Sysctl("net.ipv4.icmp_echo_ignore_all", "1");
  ResponderScript script;
  script.copies = 3;
  EchoResponder responder(*host_, script);
  ASSERT_TRUE(responder.ready());
  StartProber();
  SampleLog log;
  prober_->Start(IcmpRequest(1, "127.0.0.1"), log.Callback());
  ASSERT_TRUE(RunUntil(
      io_, [&] { return prober_->counters().duplicates == 2; }, seconds(5)));
  ASSERT_EQ(log.size(), 1u);
  EXPECT_TRUE(log.samples[0].ok) << ToString(log.samples[0].error);
  EXPECT_EQ(prober_->counters().received, 1u);
}

TEST_P(IcmpNetnsTest, DamagedPayloadIsABadReply) {
  host_->Sysctl("net.ipv4.icmp_echo_ignore_all", "1");
  ResponderScript script;
  script.corrupt = true;
  EchoResponder responder(*host_, script);
  ASSERT_TRUE(responder.ready());
  StartProber();
  const Sample s = ProbeOnce(IcmpRequest(1, "127.0.0.1"));
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error, ProbeError::kBadReply);
  EXPECT_EQ(prober_->counters().bad_replies, 1u);
}

TEST_P(IcmpNetnsTest, ReplyFromAnotherAddressIsNotAnAnswer) {
  host_->Sysctl("net.ipv4.icmp_echo_ignore_all", "1");
  ResponderScript script;
  script.reply_from = "127.0.0.2";
  EchoResponder responder(*host_, script);
  ASSERT_TRUE(responder.ready());
  StartProber();
  const Sample s = ProbeOnce(IcmpRequest(1, "127.0.0.1", milliseconds(300)));
  EXPECT_EQ(s.error, ProbeError::kTimeout);
  EXPECT_EQ(responder.requests_seen(), 1);
  EXPECT_GE(prober_->counters().foreign, 1u);
}

TEST_P(IcmpNetnsTest, MixedTimeoutsExpireInDeadlineOrder) {
  host_->Sysctl("net.ipv4.icmp_echo_ignore_all", "1");  // nobody answers
  StartProber();
  SampleLog log;
  const MonoTime start = MonoClock::now();
  prober_->Start(IcmpRequest(1, "127.0.0.1", milliseconds(1500)), log.Callback());
  prober_->Start(IcmpRequest(2, "127.0.0.1", milliseconds(200)), log.Callback());
  ASSERT_TRUE(RunUntil(
      io_, [&] { return log.size() == 1; }, seconds(5)));
  EXPECT_EQ(log.samples[0].target, 2u);
  const Duration first = MonoClock::now() - start;
  EXPECT_GE(first, milliseconds(200));
  EXPECT_LT(first, milliseconds(1500));
  ASSERT_TRUE(RunUntil(
      io_, [&] { return log.size() == 2; }, seconds(5)));
  EXPECT_EQ(log.samples[1].target, 1u);
  EXPECT_GE(MonoClock::now() - start, milliseconds(1500));
  for (const Sample& s : log.samples) EXPECT_EQ(s.error, ProbeError::kTimeout);
}

TEST(IcmpSocketChoice, AutoPrefersDatagramWhenPingGroupRangeAllowsIt) {
  if (const std::string why = testing::WhyNoNetns(); !why.empty()) GTEST_SKIP() << why;
  Netns allowed("a");
  allowed.Sysctl("net.ipv4.ping_group_range", kAllGroups);
  Netns denied("d");  // a new namespace starts with "1 0": nobody
  ASSERT_TRUE(allowed.ok() && denied.ok());
  SystemClock clock;
  for (const Netns* ns : {&allowed, &denied}) {
    NetnsScope scope(*ns);
    ASSERT_TRUE(scope.ok());
    boost::asio::io_context io;
    IcmpProber prober(io, clock);
    SampleLog log;
    prober.Start(IcmpRequest(1, "127.0.0.1"), log.Callback());
    prober.Start(IcmpRequest(2, "::1"), log.Callback());
    ASSERT_TRUE(RunUntil(
        io, [&] { return log.size() == 2; }, seconds(5)));
    for (const Sample& s : log.samples) EXPECT_TRUE(s.ok) << ToString(s.error);
    const IcmpSocketKind want = ns == &allowed ? IcmpSocketKind::kDatagram : IcmpSocketKind::kRaw;
    EXPECT_EQ(prober.socket_kind(IpAddress::Family::kV4), want) << ns->name();
    EXPECT_EQ(prober.socket_kind(IpAddress::Family::kV6), want) << ns->name();
  }
}

// Clears CAP_NET_RAW from the calling thread's effective set (capabilities are per thread).
bool DropNetRawForThisThread() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (syscall(SYS_capget, &header, data) != 0) return false;
  data[CAP_NET_RAW / 32].effective &= ~(1U << (CAP_NET_RAW % 32));
  return syscall(SYS_capset, &header, data) == 0;
}

TEST(IcmpSocketChoice, WithoutAnyPermissionEveryProbeIsUnavailable) {
  if (const std::string why = testing::WhyNoNetns(); !why.empty()) GTEST_SKIP() << why;
  Netns denied("n");  // ping_group_range "1 0"
  ASSERT_TRUE(denied.ok());
  bool available = true;
  bool dropped = false;
  SampleLog log;
  std::size_t synchronous = 99;
  std::thread worker([&] {
    NetnsScope scope(denied);
    dropped = scope.ok() && DropNetRawForThisThread();
    if (!dropped) return;
    SystemClock clock;
    boost::asio::io_context io;
    IcmpProber prober(io, clock);
    available = prober.available();
    prober.Start(IcmpRequest(1, "127.0.0.1"), log.Callback());
    prober.Start(IcmpRequest(2, "::1"), log.Callback());
    synchronous = log.size();
    RunUntil(
        io, [&] { return log.size() == 2; }, seconds(5));
  });
  worker.join();
  ASSERT_TRUE(dropped) << "could not enter the namespace or drop CAP_NET_RAW";
  EXPECT_FALSE(available);
  EXPECT_EQ(synchronous, 0u);
  ASSERT_EQ(log.size(), 2u);
  for (const Sample& s : log.samples) EXPECT_EQ(s.error, ProbeError::kUnavailable);
}

}  // namespace
}  // namespace ww
