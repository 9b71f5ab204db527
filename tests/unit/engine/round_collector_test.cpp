#include "engine/round_collector.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

Sample S(std::int64_t round, TargetId target, bool ok, double rtt = 1, int ms = 0) {
  Sample s;
  s.round = round;
  s.target = target;
  s.ok = ok;
  s.rtt_ms = rtt;
  s.sent_at = FromUnixMillis(round * 1000 + ms);
  return s;
}

TEST(RoundCollector, ReleasesInOrderOnlyWhenComplete) {
  RoundCollector c(3);
  EXPECT_TRUE(c.Add(S(5, 0, true)).empty());
  EXPECT_TRUE(c.Add(S(6, 0, true)).empty());
  EXPECT_TRUE(c.Add(S(5, 1, true)).empty());
  EXPECT_TRUE(c.Add(S(6, 1, true)).empty());
  EXPECT_TRUE(c.Add(S(6, 2, true)).empty());  // 6 complete but 5 is not
  auto out = c.Add(S(5, 2, false));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].number, 5);
  EXPECT_EQ(out[1].number, 6);
  EXPECT_TRUE(out[0].complete);
  EXPECT_EQ(c.pending(), 0u);
}

TEST(RoundCollector, StartIsEarliestSendAndMeanOverSuccesses) {
  RoundCollector c(2);
  c.Add(S(1, 0, true, 10, 300));
  auto out = c.Add(S(1, 1, true, 20, 100));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].started_at, FromUnixMillis(1100));
  EXPECT_DOUBLE_EQ(*out[0].MeanRtt(), 15);
  EXPECT_FALSE(out[0].AllFailed());
}

TEST(RoundCollector, IncompleteRoundReleasedAfterLaterRoundsComplete) {
  RoundCollector c(2, /*max_pending=*/2);
  c.Add(S(1, 0, false));  // (1,1) never arrives
  c.Add(S(2, 0, true));
  EXPECT_TRUE(c.Add(S(2, 1, true)).empty());  // only one later round complete
  c.Add(S(3, 0, true));
  auto out = c.Add(S(3, 1, true));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_FALSE(out[0].complete);
  EXPECT_TRUE(out[0].AllFailed());
  // The straggler arrives after its round was released: ignored.
  EXPECT_TRUE(c.Add(S(1, 1, true)).empty());
  EXPECT_EQ(c.pending(), 0u);
}

TEST(RoundCollector, SkippedRoundsDoNotStall) {
  RoundCollector c(1);
  EXPECT_EQ(c.Add(S(1, 0, true)).size(), 1u);
  EXPECT_EQ(c.Add(S(7, 0, true)).size(), 1u);
}

}  // namespace
}  // namespace ww
