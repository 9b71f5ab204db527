#include "speedtest/latency_stats.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

TEST(LatencyStats, WorkedExampleFromTheHeader) {
  const LatencySummary s = SummarizeLatency({10.0, 12.0, std::nullopt, 11.0});
  EXPECT_DOUBLE_EQ(*s.median_ms, 11.0);
  EXPECT_DOUBLE_EQ(*s.jitter_ms, 1.5);
  EXPECT_DOUBLE_EQ(*s.loss_pct, 25.0);
  EXPECT_EQ(s.sent, 4);
  EXPECT_EQ(s.answered, 3);
}

TEST(LatencyStats, MedianOfAnEvenCountIsTheMeanOfTheMiddleTwo) {
  EXPECT_DOUBLE_EQ(Median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(Median({7}), 7);
  EXPECT_DOUBLE_EQ(Median({}), 0);
}

TEST(LatencyStats, JitterIsInSendOrderNotSorted) {
  // Sorted the differences would be 1 + 1; in order they are 2 + 2.
  const LatencySummary s = SummarizeLatency({1.0, 3.0, 1.0});
  EXPECT_DOUBLE_EQ(*s.jitter_ms, 2.0);
}

TEST(LatencyStats, NothingAnsweredIsUnknownLatencyAndFullLoss) {
  const LatencySummary s = SummarizeLatency({std::nullopt, std::nullopt});
  EXPECT_FALSE(s.median_ms);
  EXPECT_FALSE(s.jitter_ms);
  EXPECT_DOUBLE_EQ(*s.loss_pct, 100.0);
}

TEST(LatencyStats, NoProbesIsAllUnknown) {
  const LatencySummary s = SummarizeLatency({});
  EXPECT_FALSE(s.median_ms);
  EXPECT_FALSE(s.loss_pct);
}

TEST(LatencyStats, OneAnswerHasNoJitter) {
  const LatencySummary s = SummarizeLatency({5.0});
  EXPECT_DOUBLE_EQ(*s.median_ms, 5.0);
  EXPECT_FALSE(s.jitter_ms);
  EXPECT_DOUBLE_EQ(*s.loss_pct, 0.0);
}

}  // namespace
}  // namespace ww
