// The store reads behind /api/analysis/*: successful speed test results
// (newest first, and figures since a time) and, for the ping analysis, the
// stored targets and their rollup buckets, on data written by the store's own
// writer in a temp dir.

#include <gtest/gtest.h>

#include "store/speedtest_results_store.h"
#include "store/sqlite_store.h"
#include "store_test_util.h"

namespace ww {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::At;
using testing::BaseTime;
using testing::Lost;
using testing::Ok;
using testing::TempDir;

constexpr std::int64_t kMin = 60'000, kHour = 3'600'000;

SpeedtestResult Result(int minute, bool ok, double down) {
  SpeedtestResult r;
  r.timestamp = BaseTime() + minutes(minute);
  r.ok = ok;
  if (ok) {
    r.download_mbps = down;
    r.upload_mbps = down / 10;
    r.ping_ms = 12.5;
  } else {
    r.error = "connection refused";
  }
  r.server_name = "s" + std::to_string(minute);
  return r;
}

TEST(SpeedtestAnalysisReads, SuccessfulOnlyNewestFirstAndSince) {
  TempDir dir;
  FakeClock clock;
  auto opened = SpeedtestResultsStore::Open(dir.db(), clock);
  ASSERT_TRUE(opened.ok()) << opened.error();
  auto& store = *opened.value();
  // Inserted out of order: the reads order by start time, not by id.
  for (const SpeedtestResult& r :
       {Result(20, true, 200), Result(0, true, 100), Result(10, false, 0), Result(30, true, 300)}) {
    ASSERT_TRUE(store.Insert(r).ok());
  }
  auto newest = store.NewestSuccessful(2);
  ASSERT_TRUE(newest.ok()) << newest.error();
  ASSERT_EQ(newest->size(), 2u);
  EXPECT_EQ((*newest)[0].server_name, "s30");
  EXPECT_EQ((*newest)[1].server_name, "s20");
  EXPECT_EQ(store.NewestSuccessful(10)->size(), 3u);  // the failed one is left out

  auto figures = store.SuccessfulFiguresSince(BaseTime() + minutes(5));
  ASSERT_TRUE(figures.ok()) << figures.error();
  ASSERT_EQ(figures->size(), 2u);  // 20 and 30; 10 failed, 0 is before
  EXPECT_EQ((*figures)[0].timestamp, BaseTime() + minutes(20));
  EXPECT_EQ((*figures)[0].download_mbps, 200.0);
  EXPECT_EQ((*figures)[0].upload_mbps, 20.0);
  EXPECT_EQ((*figures)[1].ping_ms, 12.5);
  EXPECT_EQ(store.SuccessfulFiguresSince(BaseTime())->size(), 3u);  // the start is included
}

class RollupReads : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions o;
    o.data_dir = dir_.path();
    o.batch_interval = hours(1);
    auto opened = Store::Open(o, clock_);
    ASSERT_TRUE(opened.ok()) << opened.error();
    store_ = std::move(opened.value());
    ASSERT_TRUE(store_->RegisterTargets(testing::StandardTargets()));
  }

  TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<Store> store_;
};

TEST_F(RollupReads, TargetsAndBucketsOfEachLevel) {
  // Target 0: hour 0 two answers (10, 20 ms) and one loss; hour 1 one answer
  // (30 ms); hour 3 one loss. Target 1: one answer in hour 1.
  for (const Sample& s :
       {Ok(0, At(0), 10), Ok(0, At(6 * kMin), 20), Lost(0, At(7 * kMin)), Ok(0, At(kHour + 5), 30),
        Ok(1, At(kHour + 10), 50), Lost(0, At(3 * kHour))}) {
    store_->Append(s);
  }
  store_->Flush();

  const std::vector<StoredTarget> targets = store_->StoredTargets();
  ASSERT_EQ(targets.size(), 4u);
  EXPECT_EQ(targets[0].name, "1.1.1.1");
  EXPECT_EQ(targets[0].kind, "icmp");
  EXPECT_EQ(targets[2].role, "gateway");
  EXPECT_EQ(targets[3].kind, "dns");
  const std::int64_t a = targets[0].row, b = targets[1].row;

  std::vector<RollupBucket> newest = store_->NewestRollups(2, a, 2);
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].start, At(3 * kHour));
  EXPECT_EQ(newest[0].count, 1u);
  EXPECT_EQ(newest[0].lost, 1u);
  EXPECT_FALSE(newest[0].min_ms);
  EXPECT_EQ(newest[1].start, At(kHour));
  EXPECT_EQ(newest[1].sum_ms, 30.0);
  newest = store_->NewestRollups(2, a, 10);
  ASSERT_EQ(newest.size(), 3u);
  EXPECT_EQ(newest[2].count, 3u);
  EXPECT_EQ(newest[2].lost, 1u);
  EXPECT_EQ(newest[2].sum_ms, 30.0);
  EXPECT_EQ(newest[2].min_ms, 10.0);
  EXPECT_EQ(newest[2].max_ms, 20.0);
  // 5-minute buckets: hour 0 splits into [0, 5) and [5, 10) minutes.
  const std::vector<RollupBucket> five = store_->NewestRollups(1, a, 10);
  ASSERT_EQ(five.size(), 4u);
  EXPECT_EQ(five[3].start, At(0));
  EXPECT_EQ(five[2].start, At(5 * kMin));
  EXPECT_EQ(five[2].count, 2u);
  EXPECT_TRUE(store_->NewestRollups(2, 9999, 10).empty());  // no such target
  EXPECT_TRUE(store_->NewestRollups(2, a, 0).empty());

  const std::vector<RollupBucket> since = store_->RollupsSince(2, At(kHour), {});
  ASSERT_EQ(since.size(), 3u);  // hour 1 of a and b, hour 3 of a: oldest first
  EXPECT_EQ(since[0].start, At(kHour));
  EXPECT_EQ(since[2].start, At(3 * kHour));
  const std::vector<RollupBucket> only_b = store_->RollupsSince(2, At(0), {b});
  ASSERT_EQ(only_b.size(), 1u);
  EXPECT_EQ(only_b[0].target_row, b);
  EXPECT_EQ(only_b[0].sum_ms, 50.0);
}

}  // namespace
}  // namespace ww
