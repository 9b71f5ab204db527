// IcmpProber against the kernel's own echo replies on loopback (127.0.0.0/8 and
// ::1 of this namespace): success, RTTs, many targets, the Start/done contract.
#include <gtest/gtest.h>

#include <map>

#include "icmp_test_lab.h"
#include "probe/icmp_prober.h"

namespace ww {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::IcmpRequest;
using testing::RunUntil;
using testing::SampleLog;

class IcmpLoopbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!prober_.available()) GTEST_SKIP() << "no ICMP socket allowed for this user";
    // The first SO_TIMESTAMPNS user switches receive timestamping on through
    // deferred work (net_enable_timestamp); until then the kernel stamps at
    // recvmsg time. One answered probe per family gets past that.
    SampleLog warmup;
    prober_.Start(IcmpRequest(0, "127.0.0.1"), warmup.Callback());
    prober_.Start(IcmpRequest(0, "::1"), warmup.Callback());
    ASSERT_TRUE(RunUntil(
        io_, [&] { return warmup.size() == 2; }, seconds(5)));
    base_ = prober_.counters();
  }
  IcmpCounters base_;
  boost::asio::io_context io_;
  SystemClock clock_;
  IcmpProber prober_{io_, clock_};
};

TEST_F(IcmpLoopbackTest, V4ReplyIsKernelTimedAndSubMillisecond) {
  SampleLog log;
  const WallTime before = clock_.WallNow();
  prober_.Start(IcmpRequest(7, "127.0.0.1"), log.Callback());
  EXPECT_EQ(log.size(), 0u) << "done must never run inside Start";
  ASSERT_TRUE(RunUntil(
      io_, [&] { return log.size() == 1; }, seconds(5)));
  const Sample& s = log.samples[0];
  EXPECT_TRUE(s.ok) << ToString(s.error);
  EXPECT_EQ(s.target, 7u);
  EXPECT_EQ(s.round, 42);
  EXPECT_GT(s.rtt_ms, 0.0);
  EXPECT_LT(s.rtt_ms, 1.0);
  EXPECT_GE(s.sent_at, before);
  EXPECT_LE(s.sent_at, clock_.WallNow());
  const IcmpCounters c = prober_.counters();
  EXPECT_EQ(c.sent - base_.sent, 1u);
  EXPECT_EQ(c.received - base_.received, 1u);
  EXPECT_EQ(c.clock_fallbacks, 0u) << "the RTT should come from SO_TIMESTAMPNS";
  EXPECT_TRUE(prober_.socket_kind(IpAddress::Family::kV4).has_value());
}

TEST_F(IcmpLoopbackTest, V6LoopbackAnswers) {
  SampleLog log;
  prober_.Start(IcmpRequest(3, "::1"), log.Callback());
  EXPECT_EQ(log.size(), 0u);
  ASSERT_TRUE(RunUntil(
      io_, [&] { return log.size() == 1; }, seconds(5)));
  EXPECT_TRUE(log.samples[0].ok) << ToString(log.samples[0].error);
  EXPECT_GT(log.samples[0].rtt_ms, 0.0);
  EXPECT_LT(log.samples[0].rtt_ms, 1.0);
  EXPECT_TRUE(prober_.socket_kind(IpAddress::Family::kV6).has_value());
  EXPECT_EQ(prober_.counters().clock_fallbacks, 0u);
}

TEST_F(IcmpLoopbackTest, ThousandTargetsAreEachAnsweredExactlyOnce) {
  constexpr int kTargets = 1000;
  const milliseconds timeout(500);
  SampleLog log;
  for (int i = 0; i < kTargets; ++i) {
    const std::string address =
        "127.0." + std::to_string(i / 250 + 1) + "." + std::to_string(i % 250 + 1);
    prober_.Start(IcmpRequest(static_cast<TargetId>(i), address, timeout), log.Callback());
  }
  EXPECT_EQ(log.size(), 0u);
  ASSERT_TRUE(RunUntil(
      io_, [&] { return log.size() >= kTargets; }, seconds(20)))
      << log.size() << " samples";
  // Past every deadline: a probe answered must not also time out.
  EXPECT_FALSE(RunUntil(
      io_, [&] { return log.size() > kTargets; }, timeout + milliseconds(200)));
  std::map<TargetId, int> per_target;
  int ok = 0;
  double max_rtt = 0;
  for (const Sample& s : log.samples) {
    ++per_target[s.target];
    ok += s.ok ? 1 : 0;
    max_rtt = std::max(max_rtt, s.rtt_ms);
  }
  EXPECT_EQ(per_target.size(), static_cast<std::size_t>(kTargets));
  for (const auto& [target, count] : per_target) EXPECT_EQ(count, 1) << "target " << target;
  EXPECT_EQ(ok, kTargets);
  EXPECT_LT(max_rtt, 500.0);
  const IcmpCounters c = prober_.counters();
  EXPECT_EQ(c.sent - base_.sent, static_cast<std::uint64_t>(kTargets));
  EXPECT_EQ(c.received - base_.received, static_cast<std::uint64_t>(kTargets));
  EXPECT_EQ(c.timeouts, 0u);
  EXPECT_EQ(c.duplicates, 0u);
}

TEST_F(IcmpLoopbackTest, MissingAddressIsReportedAfterStartReturns) {
  SampleLog log;
  prober_.Start(IcmpRequest(5, ""), log.Callback());
  EXPECT_EQ(log.size(), 0u);
  ASSERT_TRUE(RunUntil(
      io_, [&] { return log.size() == 1; }, seconds(5)));
  EXPECT_FALSE(log.samples[0].ok);
  EXPECT_EQ(log.samples[0].error, ProbeError::kNoAddress);
  EXPECT_EQ(log.samples[0].target, 5u);
  EXPECT_FALSE(RunUntil(
      io_, [&] { return log.size() > 1; }, milliseconds(100)));
}

TEST_F(IcmpLoopbackTest, UnknownBindDeviceIsUnavailableButDefaultSocketWorks) {
  SampleLog log;
  ProbeRequest bad = IcmpRequest(1, "127.0.0.1");
  bad.bind_device = "wwnodev0";
  prober_.Start(bad, log.Callback());
  prober_.Start(IcmpRequest(2, "127.0.0.1"), log.Callback());
  EXPECT_EQ(log.size(), 0u);
  ASSERT_TRUE(RunUntil(
      io_, [&] { return log.size() == 2; }, seconds(5)));
  for (const Sample& s : log.samples) {
    if (s.target == 1) {
      EXPECT_EQ(s.error, ProbeError::kUnavailable);
    } else {
      EXPECT_TRUE(s.ok) << ToString(s.error);
    }
  }
}

TEST_F(IcmpLoopbackTest, BoundSocketsAndDefaultSocketKeepTheirRepliesApart) {
  // Three sockets (default, device lo, source 127.0.0.1): raw ones all see every
  // reply, so each must pick out only its own.
  SampleLog log;
  ProbeRequest by_device = IcmpRequest(1, "127.0.0.1");
  by_device.bind_device = "lo";
  ProbeRequest by_source = IcmpRequest(2, "127.0.0.1");
  by_source.source = IpAddress::Parse("127.0.0.1");
  for (int round = 0; round < 5; ++round) {
    prober_.Start(by_device, log.Callback());
    prober_.Start(by_source, log.Callback());
    prober_.Start(IcmpRequest(3, "127.0.0.1"), log.Callback());
  }
  ASSERT_TRUE(RunUntil(
      io_, [&] { return log.size() == 15; }, seconds(5)));
  std::map<TargetId, int> ok;
  for (const Sample& s : log.samples) ok[s.target] += s.ok ? 1 : 0;
  EXPECT_EQ(ok[1], 5);
  EXPECT_EQ(ok[2], 5);
  EXPECT_EQ(ok[3], 5);
  EXPECT_EQ(prober_.counters().duplicates, 0u);
}

}  // namespace
}  // namespace ww
