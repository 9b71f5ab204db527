#include "event_loop.h"

#include <gtest/gtest.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <vector>

namespace ww::lab {
namespace {

// The loop's timers are real timerfd deadlines, so this test uses the system
// clock; it asserts order and "not early", never an upper bound on lateness.
TEST(LabEventLoop, TimersFireInDeadlineOrderAndNotEarly) {
  SystemClock clock;
  EventLoop loop(clock);
  ASSERT_TRUE(loop.Init());
  std::vector<int> order;
  const MonoTime start = clock.Now();
  MonoTime fired_at;
  loop.At(start + std::chrono::milliseconds(30), [&] {
    order.push_back(3);
    fired_at = clock.Now();
    loop.Stop();
  });
  loop.At(start + std::chrono::milliseconds(10), [&] { order.push_back(1); });
  const auto cancelled =
      loop.At(start + std::chrono::milliseconds(20), [&] { order.push_back(9); });
  loop.At(start + std::chrono::milliseconds(20), [&] { order.push_back(2); });
  loop.Cancel(cancelled);
  loop.Run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_GE(fired_at - start, std::chrono::milliseconds(30));
}

TEST(LabEventLoop, DispatchesReadableFdsAndStopsWatchingOnRequest) {
  SystemClock clock;
  EventLoop loop(clock);
  ASSERT_TRUE(loop.Init());
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  int calls = 0;
  ASSERT_TRUE(loop.Watch(fds[0], EPOLLIN, [&](std::uint32_t) {
    char c;
    ASSERT_EQ(read(fds[0], &c, 1), 1);
    ++calls;
    loop.Unwatch(fds[0]);
    loop.Stop();
  }));
  ASSERT_EQ(write(fds[1], "xy", 2), 2);
  loop.Run();
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(loop.Watch(-1, EPOLLIN, [](std::uint32_t) {}));
  close(fds[0]);
  close(fds[1]);
}

}  // namespace
}  // namespace ww::lab
