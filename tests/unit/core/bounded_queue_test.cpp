#include "core/bounded_queue.h"

#include <gtest/gtest.h>

#include <thread>

namespace ww {
namespace {

TEST(BoundedQueue, DropsOldestWhenFullAndCountsIt) {
  BoundedQueue<int> q(3);
  for (int i = 0; i < 5; ++i) q.Push(i);
  EXPECT_EQ(q.dropped(), 2u);
  std::vector<int> out;
  q.PopBatch(out, 10, std::chrono::milliseconds(0));
  EXPECT_EQ(out, (std::vector<int>{2, 3, 4}));
}

TEST(BoundedQueue, PopBatchHonoursMaxAndCloseEndsConsumer) {
  BoundedQueue<int> q(10);
  q.Push(1);
  q.Push(2);
  std::vector<int> out;
  EXPECT_TRUE(q.PopBatch(out, 1, std::chrono::milliseconds(0)));
  EXPECT_EQ(out.size(), 1u);
  std::thread closer([&] { q.Close(); });
  closer.join();
  out.clear();
  EXPECT_FALSE(q.PopBatch(out, 10, std::chrono::seconds(5)));
  EXPECT_EQ(out, std::vector<int>{2});
}

}  // namespace
}  // namespace ww
