// The sequence map and the timeout queue: pure data structures, no sockets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "probe/icmp_prober.h"
#include "probe/icmp_seq_map.h"
#include "probe/icmp_timeout_queue.h"

namespace ww {
namespace {

using Match = IcmpSeqMap::Match;
using std::chrono::milliseconds;
using std::chrono::seconds;
const MonoTime kT0{std::chrono::hours(5)};

TEST(IcmpSeqMap, AssignsConsecutiveNumbersAndFindsPendingByStamp) {
  IcmpSeqMap map;
  EXPECT_EQ(map.Add(10, 1000), 0);
  EXPECT_EQ(map.Add(11, 1001), 1);
  EXPECT_EQ(map.pending(), 2u);
  const auto found = map.Find(1, 1001, kT0);
  EXPECT_EQ(found.match, Match::kPending);
  EXPECT_EQ(found.probe, 11u);
  // Same number, other stamp: a reply to some older request.
  EXPECT_EQ(map.Find(1, 999, kT0).match, Match::kUnknown);
  // Never assigned.
  EXPECT_EQ(map.Find(7, 0, kT0).match, Match::kUnknown);
  // No stamp (an error quoting only 8 bytes of the request): the number decides.
  EXPECT_EQ(map.Find(0, std::nullopt, kT0).probe, 10u);
}

TEST(IcmpSeqMap, AnsweredIsDuplicateAndExpiredIsLateForTheHistoryWindow) {
  IcmpSeqMap map;
  const auto a = map.Add(1, 50);
  const auto b = map.Add(2, 60);
  map.Close(*a, /*answered=*/true, kT0);
  map.Close(*b, /*answered=*/false, kT0);
  EXPECT_EQ(map.pending(), 0u);
  EXPECT_EQ(map.Find(*a, 50, kT0 + seconds(1)).match, Match::kDuplicate);
  EXPECT_EQ(map.Find(*b, 60, kT0 + seconds(1)).match, Match::kLate);
  EXPECT_EQ(map.Find(*a, 50, kT0 + IcmpSeqMap::kHistory).match, Match::kUnknown);
  EXPECT_EQ(map.Find(*b, 60, kT0 + IcmpSeqMap::kHistory).match, Match::kUnknown);
  // Closing again changes nothing.
  map.Close(*b, /*answered=*/true, kT0);
  EXPECT_EQ(map.Find(*b, 60, kT0).match, Match::kLate);
}

TEST(IcmpSeqMap, WrapsAroundAndSkipsNumbersStillPending) {
  IcmpSeqMap map;
  ASSERT_EQ(map.Add(0, 0), 0);  // stays pending across the wrap
  for (std::uint32_t i = 1; i < IcmpSeqMap::kSize; ++i) {
    const auto seq = map.Add(i, i);
    ASSERT_TRUE(seq.has_value());
    map.Close(*seq, true, kT0);
  }
  // 65535 was the last; 0 is pending, so the counter skips to 1.
  EXPECT_EQ(map.Add(99, 12345), 1);
  EXPECT_EQ(map.Find(1, 12345, kT0).probe, 99u);
  EXPECT_EQ(map.Find(0, 0, kT0).probe, 0u);
}

TEST(IcmpSeqMap, RefusesWhenEveryNumberIsPending) {
  IcmpSeqMap map;
  for (std::uint32_t i = 0; i < IcmpSeqMap::kSize; ++i) ASSERT_TRUE(map.Add(i, i).has_value());
  EXPECT_FALSE(map.Add(1, 1).has_value());
  map.Close(300, false, kT0);
  EXPECT_EQ(map.Add(7, 7), 300);
}

TEST(IcmpTimeoutQueue, OrdersMixedTimeoutsByDeadline) {
  IcmpTimeoutQueue q;
  // A 5 s probe, then a 100 ms one, then a 1 s one, sent 1 ms apart.
  q.Push({kT0 + seconds(5), 1, 0});
  q.Push({kT0 + milliseconds(1) + milliseconds(100), 2, 0});
  q.Push({kT0 + milliseconds(2) + seconds(1), 3, 0});
  q.Push({kT0 + milliseconds(3) + milliseconds(100), 4, 7});
  std::vector<std::uint32_t> order;
  while (!q.empty()) {
    order.push_back(q.top().probe);
    q.Pop();
  }
  EXPECT_EQ(order, (std::vector<std::uint32_t>{2, 4, 3, 1}));
}

TEST(IcmpTimeoutQueue, KeepsGenerationsForLazyDeletion) {
  IcmpTimeoutQueue q;
  q.Push({kT0, 3, 41});
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.top().generation, 41u);
}

TEST(IcmpProberOptions, ValidateNamesEveryBadOption) {
  EXPECT_TRUE(IcmpProberOptions{}.Validate().ok());
  IcmpProberOptions o;
  o.payload_size = 8;
  o.socket_buffer_bytes = 100;
  const Status s = o.Validate();
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), ::testing::HasSubstr("icmp payload_size 8 is outside [16, 8192]"));
  EXPECT_THAT(s.message(), ::testing::HasSubstr("icmp socket_buffer_bytes 100 is below 4096"));
  o = IcmpProberOptions{};
  o.payload_size = 8193;
  EXPECT_THAT(o.Validate().message(), ::testing::HasSubstr("payload_size 8193"));
}

}  // namespace
}  // namespace ww
