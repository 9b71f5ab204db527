#include "engine/outage_detector.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

WallTime T(double s) { return FromUnixMillis(static_cast<std::int64_t>(s * 1000)); }
OutageProbeResult Ok(const char* t, double rtt) { return {t, true, rtt, std::nullopt}; }
OutageProbeResult Bad(const char* t) { return {t, false, std::nullopt, "timeout"}; }
using Probes = std::vector<OutageProbeResult>;
const Probes kGood3 = {Ok("1.1.1.1:53", 10), Ok("8.8.8.8:53", 12), Ok("9.9.9.9:53", 14)};
const Probes kOneBad3 = {Bad("1.1.1.1:53"), Ok("8.8.8.8:53", 12), Ok("9.9.9.9:53", 14)};
const Probes kTwoBad3 = {Bad("1.1.1.1:53"), Bad("8.8.8.8:53"), Ok("9.9.9.9:53", 14)};

TEST(OutageDetector, QuorumBoundaries) {
  OutageDetector d;
  EXPECT_FALSE(d.RoundFailed({Ok("a", 1)}));
  EXPECT_TRUE(d.RoundFailed({Bad("a")}));
  EXPECT_FALSE(d.RoundFailed({Bad("a"), Ok("b", 1)}));
  EXPECT_TRUE(d.RoundFailed({Bad("a"), Bad("b")}));
  EXPECT_FALSE(d.RoundFailed(kOneBad3));
  EXPECT_TRUE(d.RoundFailed(kTwoBad3));
  EXPECT_FALSE(d.RoundFailed({}));
}

TEST(OutageDetector, TwoFailedRoundsStartAtFirstWithDecidingProbes) {
  OutageDetector d;
  EXPECT_FALSE(d.OnRound(T(0), kGood3));
  EXPECT_FALSE(d.OnRound(T(10), kTwoBad3));
  EXPECT_EQ(d.state(), OutageDetector::State::kSuspect);
  const Probes all_bad = {Bad("1.1.1.1:53"), Bad("8.8.8.8:53"), Bad("9.9.9.9:53")};
  auto e = d.OnRound(T(20), all_bad);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->type, OutageEvent::Type::kStart);
  EXPECT_STREQ(e->event_type(), "outage_start");
  EXPECT_STREQ(e->event_kind(), "connectivity_lost");
  EXPECT_EQ(e->timestamp, T(10));
  EXPECT_FALSE(e->duration_seconds);
  ASSERT_EQ(e->probe_results.size(), 3u);
  EXPECT_EQ(e->probe_results[2].target, "9.9.9.9:53");
  EXPECT_FALSE(e->probe_results[2].ok);
  EXPECT_EQ(e->probe_results[2].error, "timeout");
  EXPECT_EQ(d.state(), OutageDetector::State::kDown);
  EXPECT_FALSE(d.OnRound(T(30), kTwoBad3));  // still down: no second start
}

TEST(OutageDetector, SingleFailedRoundThenGoodGivesNoEvent) {
  OutageDetector d;
  EXPECT_FALSE(d.OnRound(T(0), kTwoBad3));
  EXPECT_FALSE(d.OnRound(T(10), kGood3));
  EXPECT_EQ(d.state(), OutageDetector::State::kUp);
  EXPECT_FALSE(d.OnRound(T(20), kTwoBad3));  // the count restarted
  EXPECT_EQ(d.state(), OutageDetector::State::kSuspect);
}

TEST(OutageDetector, EndsOnFirstGoodRoundWithExactDuration) {
  OutageDetector d;
  d.OnRound(T(100), kTwoBad3);
  ASSERT_TRUE(d.OnRound(T(110), kTwoBad3));
  d.OnRound(T(120), kTwoBad3);
  auto e = d.OnRound(T(132.5), kOneBad3);  // one failure is below quorum: good round
  ASSERT_TRUE(e);
  EXPECT_EQ(e->type, OutageEvent::Type::kEnd);
  EXPECT_STREQ(e->event_type(), "outage_end");
  EXPECT_STREQ(e->event_kind(), "connectivity_restored");
  EXPECT_EQ(e->timestamp, T(132.5));
  ASSERT_TRUE(e->duration_seconds);
  EXPECT_DOUBLE_EQ(*e->duration_seconds, 32.5);
  ASSERT_EQ(e->probe_results.size(), 3u);
  EXPECT_TRUE(e->probe_results[1].ok);
  EXPECT_EQ(e->probe_results[1].rtt_ms, 12);
}

TEST(OutageDetector, FlappingAndSingleTarget) {
  OutageDetector d;
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(d.OnRound(T(20 * i), kTwoBad3));
    EXPECT_FALSE(d.OnRound(T(20 * i + 10), kGood3));
  }
  OutageDetector one;
  EXPECT_FALSE(one.OnRound(T(0), {Bad("a")}));
  auto s = one.OnRound(T(5), {Bad("a")});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->timestamp, T(0));
  auto e = one.OnRound(T(9), {Ok("a", 3)});
  ASSERT_TRUE(e);
  EXPECT_DOUBLE_EQ(*e->duration_seconds, 9);
}

TEST(OutageDetector, ConfigurableThresholds) {
  OutageDetector d(OutageOptions{3, 3});
  EXPECT_FALSE(d.OnRound(T(0), kTwoBad3));  // 2 < quorum 3
  EXPECT_EQ(d.state(), OutageDetector::State::kUp);
}

TEST(OutageDetector, ResumedOutageEndsAtTheFirstGoodRoundWithDurationFromStoredStart) {
  OutageDetector d;
  d.ResumeOutage(T(100));
  EXPECT_EQ(d.state(), OutageDetector::State::kDown);
  EXPECT_EQ(d.outage_start(), T(100));
  EXPECT_FALSE(d.OnRound(T(200), kTwoBad3));  // still down: no second start
  const auto end = d.OnRound(T(230), kGood3);
  ASSERT_TRUE(end);
  EXPECT_EQ(end->type, OutageEvent::Type::kEnd);
  EXPECT_DOUBLE_EQ(*end->duration_seconds, 130.0);
  EXPECT_FALSE(d.outage_start());
}

}  // namespace
}  // namespace ww
