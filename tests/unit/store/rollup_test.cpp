#include "store/rollup.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

constexpr std::int64_t kB = 1'800'000'000'000;  // 08:00:00 UTC, an hour boundary
constexpr std::int64_t kRow = 7;

RollupBook::Loader NothingStored() {
  return [](const RollupKey&) { return std::optional<RollupCell>(); };
}

RollupKey Key(std::size_t level, std::int64_t bucket_offset_ms) {
  return {level, kB + bucket_offset_ms, kRow};
}

// Samples either side of minute, 5-minute and hour boundaries.
std::vector<RollupInput> BoundarySamples() {
  return {{kB + 59'500, kRow, true, 10},   {kB + 60'200, kRow, true, 20},
          {kB + 299'000, kRow, false, 0},  {kB + 300'000, kRow, true, 40},
          {kB + 3'599'999, kRow, true, 5}, {kB + 3'600'000, kRow, true, 7}};
}

TEST(Rollup, BucketStartFloorsAlsoBefore1970) {
  EXPECT_EQ(BucketStart(119'999, 60'000), 60'000);
  EXPECT_EQ(BucketStart(120'000, 60'000), 120'000);
  EXPECT_EQ(BucketStart(-1, 60'000), -60'000);
  EXPECT_EQ(BucketStart(-60'000, 60'000), -60'000);
}

TEST(Rollup, MinuteBucketsSplitAtTheMinute) {
  const auto cells = RollupBook().Stage(BoundarySamples(), NothingStored());
  const RollupCell& first = cells.at(Key(0, 0));
  EXPECT_EQ(first.count, 1u);
  EXPECT_EQ(first.lost, 0u);
  EXPECT_DOUBLE_EQ(first.sum_ms, 10);
  EXPECT_DOUBLE_EQ(first.sumsq_ms, 100);
  EXPECT_EQ(cells.at(Key(0, 60'000)).sum_ms, 20);
  const RollupCell& lost = cells.at(Key(0, 240'000));
  EXPECT_EQ(lost.count, 1u);
  EXPECT_EQ(lost.lost, 1u);
  EXPECT_FALSE(lost.min_ms.has_value());
  EXPECT_EQ(lost.hist.Total(), 0u);
  EXPECT_EQ(cells.at(Key(0, 300'000)).sum_ms, 40);
  EXPECT_EQ(cells.at(Key(0, 3'540'000)).sum_ms, 5);
  EXPECT_EQ(cells.at(Key(0, 3'600'000)).sum_ms, 7);
  EXPECT_EQ(cells.size(), 6u + 4u + 2u);  // 6 minutes, 4 five-minutes, 2 hours
}

TEST(Rollup, FiveMinuteBucketsSplitAtFiveMinutes) {
  const auto cells = RollupBook().Stage(BoundarySamples(), NothingStored());
  const RollupCell& first = cells.at(Key(1, 0));
  EXPECT_EQ(first.count, 3u);
  EXPECT_EQ(first.lost, 1u);
  EXPECT_EQ(first.ok_count(), 2u);
  EXPECT_DOUBLE_EQ(first.sum_ms, 30);
  EXPECT_DOUBLE_EQ(first.sumsq_ms, 500);
  EXPECT_DOUBLE_EQ(*first.min_ms, 10);
  EXPECT_DOUBLE_EQ(*first.max_ms, 20);
  EXPECT_EQ(cells.at(Key(1, 300'000)).count, 1u);
  EXPECT_EQ(cells.at(Key(1, 3'300'000)).count, 1u);
  EXPECT_EQ(cells.at(Key(1, 3'600'000)).count, 1u);
}

TEST(Rollup, HourBucketsSplitAtTheHourWithHistogram) {
  const auto cells = RollupBook().Stage(BoundarySamples(), NothingStored());
  const RollupCell& hour = cells.at(Key(2, 0));
  EXPECT_EQ(hour.count, 5u);
  EXPECT_EQ(hour.lost, 1u);
  EXPECT_DOUBLE_EQ(hour.sum_ms, 75);
  EXPECT_DOUBLE_EQ(hour.sumsq_ms, 100 + 400 + 1600 + 25);
  EXPECT_DOUBLE_EQ(*hour.min_ms, 5);
  EXPECT_DOUBLE_EQ(*hour.max_ms, 40);
  LatencyHistogram expected;
  expected.SetCount(7, 1);   // 5 ms in [5, 7.5)
  expected.SetCount(9, 1);   // 10 ms in [10, 15)
  expected.SetCount(11, 1);  // 20 ms in [20, 30)
  expected.SetCount(12, 1);  // 40 ms in [30, 50)
  EXPECT_EQ(hour.hist, expected);
  const RollupCell& next = cells.at(Key(2, 3'600'000));
  EXPECT_EQ(next.count, 1u);
  EXPECT_DOUBLE_EQ(*next.min_ms, 7);
}

TEST(Rollup, StageLeavesTheBookUntilInstall) {
  RollupBook book;
  auto staged = book.Stage(BoundarySamples(), NothingStored());
  EXPECT_EQ(book.open_cells(), 0u);
  book.Install(staged);
  EXPECT_EQ(book.open_cells(), 12u);
  // A second batch builds on the installed state.
  auto more = book.Stage({{kB + 10'000, kRow, true, 30}}, NothingStored());
  EXPECT_EQ(more.at(Key(2, 0)).count, 6u);
  EXPECT_DOUBLE_EQ(more.at(Key(2, 0)).sum_ms, 105);
  EXPECT_EQ(book.Find(Key(2, 0))->count, 5u);  // still unchanged until installed
}

TEST(Rollup, CellsNotHeldStartFromTheStoredRow) {
  RollupCell stored;
  stored.count = 10;
  stored.lost = 2;
  stored.sum_ms = 100;
  stored.sumsq_ms = 1300;
  stored.min_ms = 8;
  stored.max_ms = 15;
  stored.hist.SetCount(9, 8);
  int loads = 0;
  auto loader = [&](const RollupKey& key) -> std::optional<RollupCell> {
    ++loads;
    if (key == Key(2, 0)) return stored;
    return std::nullopt;
  };
  auto cells =
      RollupBook().Stage({{kB + 1000, kRow, true, 4}, {kB + 2000, kRow, false, 0}}, loader);
  const RollupCell& hour = cells.at(Key(2, 0));
  EXPECT_EQ(hour.count, 12u);
  EXPECT_EQ(hour.lost, 3u);
  EXPECT_DOUBLE_EQ(hour.sum_ms, 104);
  EXPECT_DOUBLE_EQ(hour.sumsq_ms, 1316);
  EXPECT_DOUBLE_EQ(*hour.min_ms, 4);
  EXPECT_DOUBLE_EQ(*hour.max_ms, 15);
  EXPECT_EQ(hour.hist.Total(), 9u);
  EXPECT_EQ(loads, 3);  // once per new cell, not per sample
}

TEST(Rollup, EvictClosedKeepsOpenBucketsAndTheGrace) {
  RollupBook book;
  book.Install(book.Stage(BoundarySamples(), NothingStored()));
  // At 09:01:30 with 60 s grace: minutes that ended by 09:00:30 go, as do
  // five-minutes up to 09:00, and the 08:00 hour (ended 09:00).
  book.EvictClosed(kB + 3'690'000, 60'000);
  EXPECT_EQ(book.open_cells(), 3u);
  EXPECT_NE(book.Find(Key(0, 3'600'000)), nullptr);
  EXPECT_NE(book.Find(Key(1, 3'600'000)), nullptr);
  EXPECT_NE(book.Find(Key(2, 3'600'000)), nullptr);
}

TEST(Rollup, BrokenReadingsDoNotPoisonSums) {
  RollupCell c;
  c.Add(true, -5);
  c.Add(true, std::numeric_limits<double>::quiet_NaN());
  c.Add(true, 3);
  EXPECT_EQ(c.count, 3u);
  EXPECT_DOUBLE_EQ(c.sum_ms, 3);
  EXPECT_DOUBLE_EQ(*c.min_ms, 0);
}

}  // namespace
}  // namespace ww
