#include "engine/drop_detector.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

WallTime T(double s) { return FromUnixMillis(static_cast<std::int64_t>(s * 1000)); }
Diagnosis D(DiagnosisCode code, const char* text) { return Diagnosis{code, text, ""}; }
const Diagnosis kClear = D(DiagnosisCode::kAllClear, "All clear");
const Diagnosis kUp =
    D(DiagnosisCode::kUpstream, "ISP / upstream issue (gateway OK, internet down)");
const Diagnosis kLocal =
    D(DiagnosisCode::kLocalNetwork, "Local network down (gateway unreachable)");

TEST(DropDetector, ConfirmsAfterThresholdWithStartAtFirstFailure) {
  DropDetector d(3);
  EXPECT_FALSE(d.OnRound(T(0), false, kClear));
  EXPECT_FALSE(d.OnRound(T(1), true, kUp));
  EXPECT_FALSE(d.OnRound(T(2), true, kUp));
  EXPECT_FALSE(d.Current(T(2.5)));
  auto started = d.OnRound(T(3), true, kUp);
  ASSERT_TRUE(started);
  EXPECT_EQ(started->kind, DropEvent::Kind::kStarted);
  EXPECT_EQ(started->drop.start, T(1));
  EXPECT_FALSE(started->drop.end);
  EXPECT_EQ(started->drop.diagnosis.code, DiagnosisCode::kUpstream);
  ASSERT_TRUE(d.Current(T(3.5)));
  EXPECT_DOUBLE_EQ(d.Current(T(3.5))->duration_sec, 2.5);
  EXPECT_FALSE(d.OnRound(T(4), true, kUp));
  auto ended = d.OnRound(T(5), false, kClear);
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->kind, DropEvent::Kind::kEnded);
  EXPECT_EQ(ended->drop.start, T(1));
  EXPECT_EQ(*ended->drop.end, T(5));
  EXPECT_DOUBLE_EQ(ended->drop.duration_sec, 4.0);
  EXPECT_EQ(ended->drop.failed_rounds, 4);
  // Recovery does not overwrite the diagnosis (the original's bug).
  EXPECT_EQ(ended->drop.diagnosis.text, kUp.text);
  EXPECT_FALSE(d.Current(T(6)));
}

TEST(DropDetector, ShortFailureBelowThresholdIsNoDrop) {
  DropDetector d(3);
  d.OnRound(T(1), true, kUp);
  d.OnRound(T(2), true, kUp);
  EXPECT_FALSE(d.OnRound(T(3), false, kClear));
  EXPECT_EQ(d.consecutive_failed(), 0);
  // A new failure run starts its own count.
  d.OnRound(T(4), true, kUp);
  d.OnRound(T(5), true, kUp);
  auto started = d.OnRound(T(6), true, kUp);
  ASSERT_TRUE(started);
  EXPECT_EQ(started->drop.start, T(4));
}

TEST(DropDetector, RecordsTheDiagnosisSeenMostOften) {
  DropDetector d(1);
  d.OnRound(T(1), true, kUp);  // confirmed with upstream
  d.OnRound(T(2), true, kLocal);
  d.OnRound(T(3), true, kLocal);
  auto ended = d.OnRound(T(4), false, kClear);
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->drop.diagnosis.code, DiagnosisCode::kLocalNetwork);
}

TEST(DropDetector, ThresholdOfZeroActsAsOne) {
  DropDetector d(0);
  EXPECT_TRUE(d.OnRound(T(1), true, kUp));
}

}  // namespace
}  // namespace ww
