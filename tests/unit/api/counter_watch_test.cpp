#include "api/counter_watch.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

using namespace std::chrono_literals;

class CounterWatchTest : public ::testing::Test {
 protected:
  CounterWatch watch_{10min};
  MonoTime t0_{1h};
};

TEST_F(CounterWatchTest, ZeroNeverCounts) {
  EXPECT_FALSE(watch_.Observe("csv", 0, t0_).recent);
  EXPECT_FALSE(watch_.Observe("csv", 0, t0_ + 1h).recent);
  EXPECT_FALSE(watch_.Observe("csv", 0, t0_ + 1h).at.has_value());
}

TEST_F(CounterWatchTest, GrowthCountsForTheWindowThenNot) {
  watch_.Observe("csv", 0, t0_);
  const MonoTime grew = t0_ + 1min;
  CounterWatch::Growth g = watch_.Observe("csv", 3, grew);
  EXPECT_TRUE(g.recent);
  EXPECT_EQ(g.at, grew);
  EXPECT_TRUE(watch_.Observe("csv", 3, grew + 10min - 1ns).recent);
  EXPECT_FALSE(watch_.Observe("csv", 3, grew + 10min).recent);
  // Growing again starts a new window.
  EXPECT_TRUE(watch_.Observe("csv", 4, grew + 20min).recent);
  EXPECT_FALSE(watch_.Observe("csv", 4, grew + 30min).recent);
}

TEST_F(CounterWatchTest, NonZeroAtFirstLookCountsAsGrowthThen) {
  EXPECT_TRUE(watch_.Observe("store", 7, t0_).recent);
  EXPECT_FALSE(watch_.Observe("store", 7, t0_ + 10min).recent);
}

TEST_F(CounterWatchTest, ACounterThatStartedOverIsNews) {
  watch_.Observe("csv", 5, t0_);
  EXPECT_FALSE(watch_.Observe("csv", 5, t0_ + 11min).recent);
  EXPECT_TRUE(watch_.Observe("csv", 2, t0_ + 12min).recent);  // reset, then 2 new failures
  EXPECT_FALSE(watch_.Observe("csv", 0, t0_ + 13min).recent);
}

TEST_F(CounterWatchTest, CountersAreIndependent) {
  watch_.Observe("a", 0, t0_);
  watch_.Observe("b", 0, t0_);
  EXPECT_TRUE(watch_.Observe("a", 1, t0_ + 1s).recent);
  EXPECT_FALSE(watch_.Observe("b", 0, t0_ + 1s).recent);
}

}  // namespace
}  // namespace ww
