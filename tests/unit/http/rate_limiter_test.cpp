#include "http/rate_limiter.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace ww {
namespace {

using namespace std::chrono_literals;

class RateLimiterTest : public ::testing::Test {
 protected:
  SlidingWindowLimiter Make(int limit, std::size_t max_keys = 100) {
    return SlidingWindowLimiter({limit, 60s, max_keys}, clock_);
  }
  FakeClock clock_;
};

TEST_F(RateLimiterTest, AllowsUpToTheLimitThenRefuses) {
  auto limiter = Make(3);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Acquire("k").allowed) << i;
  const RateDecision refused = limiter.Acquire("k");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 60s);  // all three at the same instant
  EXPECT_TRUE(limiter.Acquire("other").allowed) << "keys are counted separately";
}

// The worked example of rate_limiter.h.
TEST_F(RateLimiterTest, RetryAfterIsTheTimeUntilTheOldestEventLeaves) {
  auto limiter = Make(3);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(limiter.Acquire("k").allowed);
    clock_.Advance(10s);
  }
  clock_.Advance(0s);  // t = 30
  EXPECT_EQ(limiter.Acquire("k").retry_after, 30s);
  clock_.Advance(29s);  // t = 59
  EXPECT_EQ(limiter.Acquire("k").retry_after, 1s);
  clock_.Advance(1s);  // t = 60: the event of t = 0 is exactly one window old
  EXPECT_TRUE(limiter.Acquire("k").allowed);
  // Now t = 10, 20, 60 count; the next slot frees at t = 70.
  EXPECT_EQ(limiter.Acquire("k").retry_after, 10s);
}

TEST_F(RateLimiterTest, RetryAfterRoundsUpAndIsAtLeastOneSecond) {
  auto limiter = Make(1);
  ASSERT_TRUE(limiter.Acquire("k").allowed);
  clock_.Advance(59s + 999ms);
  EXPECT_EQ(limiter.Acquire("k").retry_after, 1s) << "1 ms left still says 1 s, never 0";
  clock_.Advance(1ms);
  EXPECT_TRUE(limiter.Acquire("k").allowed);
  clock_.Advance(500ms);
  EXPECT_EQ(limiter.Acquire("k").retry_after, 60s) << "59.5 s rounded up";
  clock_.Advance(1ms);
  EXPECT_EQ(limiter.Acquire("k").retry_after, 60s) << "59.499 s rounded up";
}

TEST_F(RateLimiterTest, RefusedRequestsAreNotCounted) {
  auto limiter = Make(2);
  ASSERT_TRUE(limiter.Acquire("k").allowed);
  ASSERT_TRUE(limiter.Acquire("k").allowed);
  for (int i = 0; i < 50; ++i) {
    clock_.Advance(1s);
    ASSERT_FALSE(limiter.Acquire("k").allowed);
  }
  clock_.Advance(10s);  // t = 60
  EXPECT_TRUE(limiter.Acquire("k").allowed) << "hammering must not extend the wait";
}

TEST_F(RateLimiterTest, WindowSlidesInsteadOfResettingPerMinute) {
  auto limiter = Make(60);
  // 60 calls spread over 59 s, then the 61st: refused until the first leaves.
  for (int i = 0; i < 60; ++i) {
    ASSERT_TRUE(limiter.Acquire("k").allowed) << i;
    if (i < 59) clock_.Advance(1s);
  }
  EXPECT_EQ(limiter.Acquire("k").retry_after, 1s);
  clock_.Advance(1s);
  EXPECT_TRUE(limiter.Acquire("k").allowed);
  EXPECT_FALSE(limiter.Acquire("k").allowed);
}

TEST_F(RateLimiterTest, ZeroLimitIsOff) {
  auto limiter = Make(0);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Acquire("k").allowed);
  limiter.Record("k");
  EXPECT_TRUE(limiter.Check("k").allowed);
  EXPECT_EQ(limiter.tracked_keys(), 0u);
}

TEST_F(RateLimiterTest, CheckAndRecordForFailureCounting) {
  auto limiter = Make(3);
  EXPECT_TRUE(limiter.Check("client").allowed);
  EXPECT_EQ(limiter.tracked_keys(), 0u) << "Check alone tracks nothing";
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(limiter.Check("client").allowed);
    limiter.Record("client");
    clock_.Advance(5s);
  }
  const RateDecision blocked = limiter.Check("client");  // t = 15, failures at 0, 5, 10
  EXPECT_FALSE(blocked.allowed);
  EXPECT_EQ(blocked.retry_after, 45s);
  EXPECT_EQ(limiter.Check("client").retry_after, 45s) << "checking does not count";
  clock_.Advance(45s);
  EXPECT_TRUE(limiter.Check("client").allowed);
  limiter.Record("client");  // failures at 5, 10, 60: full again until t = 65
  EXPECT_EQ(limiter.Check("client").retry_after, 5s);
}

TEST_F(RateLimiterTest, IdleKeysAreSweptAfterAWindow) {
  auto limiter = Make(5);
  for (int i = 0; i < 50; ++i) limiter.Acquire("client-" + std::to_string(i));
  EXPECT_EQ(limiter.tracked_keys(), 50u);
  clock_.Advance(60s);
  limiter.Acquire("fresh");
  EXPECT_EQ(limiter.tracked_keys(), 1u);
}

TEST_F(RateLimiterTest, MaxKeysBoundsMemoryByDroppingTheStalest) {
  auto limiter = Make(1, /*max_keys=*/3);
  ASSERT_TRUE(limiter.Acquire("a").allowed);
  clock_.Advance(1s);
  ASSERT_TRUE(limiter.Acquire("b").allowed);
  clock_.Advance(1s);
  ASSERT_TRUE(limiter.Acquire("c").allowed);
  clock_.Advance(1s);
  ASSERT_TRUE(limiter.Acquire("d").allowed);  // evicts "a", the least recently active
  EXPECT_EQ(limiter.tracked_keys(), 3u);
  EXPECT_FALSE(limiter.Acquire("b").allowed) << "b is still tracked";
  EXPECT_FALSE(limiter.Acquire("d").allowed);
  EXPECT_TRUE(limiter.Acquire("a").allowed) << "a was forgotten";
  EXPECT_EQ(limiter.tracked_keys(), 3u);
  for (int i = 0; i < 10'000; ++i) limiter.Acquire("flood-" + std::to_string(i));
  EXPECT_EQ(limiter.tracked_keys(), 3u);
}

TEST_F(RateLimiterTest, ConcurrentCallersNeverExceedTheLimit) {
  auto limiter = Make(1000);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) allowed += limiter.Acquire("k").allowed ? 1 : 0;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 1000);
}

}  // namespace
}  // namespace ww
