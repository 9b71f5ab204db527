#include "engine/uplink_transition.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

using Kind = UplinkTransition::Kind;

class UplinkTransitionTest : public ::testing::Test {
 protected:
  // One settled state, `seconds` after the last one.
  std::optional<UplinkTransition> Settle(UplinkState state, int seconds = 5) {
    clock_.Advance(std::chrono::seconds(seconds));
    return detector_.OnSettled(state, clock_.WallNow());
  }

  FakeClock clock_;
  UplinkTransitionDetector detector_;
};

TEST_F(UplinkTransitionTest, FirstJudgementIsNotAChangeWhateverItIs) {
  EXPECT_FALSE(Settle(UplinkState::kDown));
  EXPECT_FALSE(Settle(UplinkState::kDown));
  UplinkTransitionDetector up_first;
  EXPECT_FALSE(up_first.OnSettled(UplinkState::kUp, clock_.WallNow()));
}

TEST_F(UplinkTransitionTest, SameStateAgainIsNoChange) {
  Settle(UplinkState::kUp);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(Settle(UplinkState::kUp));
}

TEST_F(UplinkTransitionTest, UpToDegradedStartsAndBackToUpEndsWithTheTimeNotUp) {
  Settle(UplinkState::kUp);
  const auto start = Settle(UplinkState::kDegraded, 10);
  ASSERT_TRUE(start);
  EXPECT_EQ(start->kind, Kind::kStart);
  EXPECT_EQ(start->from, UplinkState::kUp);
  EXPECT_EQ(start->to, UplinkState::kDegraded);
  EXPECT_EQ(start->at, clock_.WallNow());
  EXPECT_FALSE(start->not_up_seconds);
  EXPECT_FALSE(Settle(UplinkState::kDegraded, 30));
  const auto end = Settle(UplinkState::kUp, 12);
  ASSERT_TRUE(end);
  EXPECT_EQ(end->kind, Kind::kEnd);
  EXPECT_EQ(end->from, UplinkState::kDegraded);
  ASSERT_TRUE(end->not_up_seconds);
  EXPECT_DOUBLE_EQ(*end->not_up_seconds, 42);
}

TEST_F(UplinkTransitionTest, DownAndDegradedInBetweenAreChangesAndTheEndCountsFromLeavingUp) {
  Settle(UplinkState::kUp);
  ASSERT_EQ(Settle(UplinkState::kDown, 1)->kind, Kind::kStart);
  const auto better = Settle(UplinkState::kDegraded, 20);
  ASSERT_TRUE(better);
  EXPECT_EQ(better->kind, Kind::kChange);
  EXPECT_EQ(better->from, UplinkState::kDown);
  EXPECT_EQ(better->to, UplinkState::kDegraded);
  EXPECT_FALSE(better->not_up_seconds);
  const auto worse = Settle(UplinkState::kDown, 20);
  ASSERT_TRUE(worse);
  EXPECT_EQ(worse->kind, Kind::kChange);
  const auto end = Settle(UplinkState::kUp, 20);
  ASSERT_TRUE(end);
  EXPECT_EQ(end->kind, Kind::kEnd);
  EXPECT_EQ(end->from, UplinkState::kDown);
  EXPECT_DOUBLE_EQ(*end->not_up_seconds, 60);
}

TEST_F(UplinkTransitionTest, NotUpAtStartUpEndsCountingFromTheFirstJudgement) {
  Settle(UplinkState::kDown);
  const auto end = Settle(UplinkState::kUp, 7);
  ASSERT_TRUE(end);
  EXPECT_EQ(end->kind, Kind::kEnd);
  EXPECT_DOUBLE_EQ(*end->not_up_seconds, 7);
}

TEST_F(UplinkTransitionTest, SecondEpisodeIsTimedOnItsOwn) {
  Settle(UplinkState::kUp);
  Settle(UplinkState::kDown, 1);
  EXPECT_DOUBLE_EQ(*Settle(UplinkState::kUp, 100)->not_up_seconds, 100);
  Settle(UplinkState::kUp, 500);
  ASSERT_EQ(Settle(UplinkState::kDegraded, 5)->kind, Kind::kStart);
  EXPECT_DOUBLE_EQ(*Settle(UplinkState::kUp, 3)->not_up_seconds, 3);
}

}  // namespace
}  // namespace ww
