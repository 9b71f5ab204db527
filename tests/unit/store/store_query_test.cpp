// History and Heatmap through the Store, on data written by its own writer.

#include <gtest/gtest.h>

#include "store/sqlite_store.h"
#include "store_test_util.h"

namespace ww {
namespace {

using std::nullopt;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::At;
using testing::Lost;
using testing::Ok;
using testing::TempDir;

constexpr TargetId kA = 0, kB = 1, kGw = 2, kDns = 3;  // see StandardTargets()
constexpr std::int64_t kMin = 60'000, kHour = 3'600'000;

class StoreQuery : public ::testing::Test {
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
  void Write(const std::vector<Sample>& samples) {
    for (const Sample& s : samples) store_->Append(s);
    store_->Flush();
  }

  TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<Store> store_;
};

using Series = std::vector<std::optional<double>>;

TEST_F(StoreQuery, OneSecondStepsComeFromRawSamplesWithGaps) {
  Write({Ok(kA, At(0), 10), Ok(kB, At(300), 20), Ok(kGw, At(100), 1), Ok(kDns, At(200), 100),
         Lost(kA, At(1000)), Ok(kB, At(1300), 30),
         // second 2: nothing at all
         Lost(kA, At(3000)), Lost(kB, At(3000)), Ok(kGw, At(3100), 2), Ok(kA, At(3500), 14)});
  const HistorySeries h = store_->History(At(0), At(4000), seconds(1));
  EXPECT_EQ(h.step, seconds(1));
  ASSERT_EQ(h.times.size(), 4u);
  EXPECT_EQ(h.times[0], At(0));
  EXPECT_EQ(h.times[3], At(3000));
  EXPECT_EQ(h.latency, (Series{15.0, 30.0, nullopt, 14.0}));  // the DNS check is not latency
  EXPECT_EQ(h.gateway, (Series{1.0, nullopt, nullopt, 2.0}));

  const HistorySeries two = store_->History(At(0), At(4000), seconds(2));
  EXPECT_EQ(two.latency, (Series{20.0, 14.0}));
  EXPECT_EQ(two.gateway, (Series{1.0, 2.0}));

  const HistorySeries shifted = store_->History(At(500), At(2500), seconds(1));
  ASSERT_EQ(shifted.times.size(), 3u);
  EXPECT_EQ(shifted.times[0], At(0));  // aligned to whole steps
  EXPECT_EQ(shifted.latency, (Series{15.0, 30.0, nullopt}));
}

TEST_F(StoreQuery, MinuteStepsComeFromMinuteRollups) {
  Write({Ok(kA, At(1000), 10), Ok(kA, At(2000), 20), Lost(kB, At(3000)), Ok(kDns, At(4000), 300),
         // minute 1 empty
         Ok(kB, At(2 * kMin + 5000), 30), Ok(kGw, At(2 * kMin + 6000), 3)});
  const HistorySeries h = store_->History(At(0), At(3 * kMin), seconds(60));
  EXPECT_EQ(h.step, seconds(60));
  EXPECT_EQ(h.latency, (Series{15.0, nullopt, 30.0}));
  EXPECT_EQ(h.gateway, (Series{nullopt, nullopt, 3.0}));
  const HistorySeries two = store_->History(At(0), At(4 * kMin), seconds(120));
  EXPECT_EQ(two.latency, (Series{15.0, 30.0}));
}

TEST_F(StoreQuery, FiveMinuteAndHourStepsComeFromTheirRollups) {
  Write({Ok(kA, At(1000), 10), Ok(kA, At(2000), 10), Ok(kB, At(4 * kMin), 40),
         Ok(kA, At(7 * kMin), 8),
         // hour 1 empty
         Ok(kGw, At(2 * kHour + kMin), 2), Ok(kB, At(2 * kHour + 59 * kMin), 50)});
  const HistorySeries five = store_->History(At(0), At(15 * kMin), seconds(300));
  EXPECT_EQ(five.latency, (Series{20.0, 8.0, nullopt}));  // (10 + 10 + 40) / 3
  const HistorySeries hourly = store_->History(At(0), At(3 * kHour), seconds(3600));
  EXPECT_EQ(hourly.step, seconds(3600));
  EXPECT_EQ(hourly.latency, (Series{17.0, nullopt, 50.0}));  // (10 + 10 + 40 + 8) / 4
  EXPECT_EQ(hourly.gateway, (Series{nullopt, nullopt, 2.0}));
}

TEST_F(StoreQuery, EmptyDatabaseAndEmptyRange) {
  const HistorySeries h = store_->History(At(0), At(3000), seconds(1));
  EXPECT_EQ(h.latency, (Series{nullopt, nullopt, nullopt}));
  EXPECT_EQ(h.gateway, (Series{nullopt, nullopt, nullopt}));
  EXPECT_TRUE(store_->History(At(3000), At(0), seconds(1)).times.empty());
  for (const auto& cell : store_->Heatmap(At(0), 0)) EXPECT_FALSE(cell.has_value());
}

class StoreHeatmap : public StoreQuery {
 protected:
  // "Now" is 08:30 UTC; the window reaches back to 08:30 yesterday.
  WallTime Now() const { return At(30 * kMin); }
  void WriteDay() {
    Write({// yesterday 08:10: its bucket (08:00) starts before the window
           Ok(kA, At(-24 * kHour + 10 * kMin), 99),
           // yesterday 09:xx
           Ok(kA, At(-23 * kHour + kMin), 10), Ok(kB, At(-23 * kHour + 2 * kMin), 30),
           Lost(kA, At(-23 * kHour + 3 * kMin)), Ok(kGw, At(-23 * kHour), 500),
           Ok(kDns, At(-23 * kHour), 700),
           // today 07:50 and 08:10
           Ok(kB, At(-10 * kMin), 5), Ok(kA, At(10 * kMin), 7), Ok(kA, At(11 * kMin), 9)});
  }
};

TEST_F(StoreHeatmap, HoursInUtc) {
  WriteDay();
  const auto cells = store_->Heatmap(Now(), 0);
  ASSERT_TRUE(cells[9].has_value());
  EXPECT_DOUBLE_EQ(cells[9]->avg_ms, 20);  // gateway and DNS check excluded
  EXPECT_DOUBLE_EQ(cells[9]->min_ms, 10);
  EXPECT_DOUBLE_EQ(cells[9]->max_ms, 30);
  EXPECT_EQ(cells[9]->count, 2u);
  EXPECT_EQ(cells[9]->lost, 1u);
  ASSERT_TRUE(cells[7].has_value());
  EXPECT_DOUBLE_EQ(cells[7]->avg_ms, 5);
  ASSERT_TRUE(cells[8].has_value());
  EXPECT_DOUBLE_EQ(cells[8]->avg_ms, 8);  // today's 08:00 only, not yesterday's 99 ms
  EXPECT_EQ(cells[8]->count, 2u);
  int present = 0;
  for (const auto& c : cells) present += c.has_value();
  EXPECT_EQ(present, 3);
}

TEST_F(StoreHeatmap, HoursShiftedByTheUtcOffset) {
  WriteDay();
  const auto east = store_->Heatmap(Now(), 120);
  ASSERT_TRUE(east[11].has_value());
  EXPECT_DOUBLE_EQ(east[11]->avg_ms, 20);
  ASSERT_TRUE(east[9].has_value());
  EXPECT_DOUBLE_EQ(east[9]->avg_ms, 5);
  ASSERT_TRUE(east[10].has_value());
  EXPECT_DOUBLE_EQ(east[10]->avg_ms, 8);
  EXPECT_FALSE(east[8].has_value());

  const auto west = store_->Heatmap(Now(), -330);  // UTC-5:30: 09:00 UTC is 03:30
  ASSERT_TRUE(west[3].has_value());
  EXPECT_DOUBLE_EQ(west[3]->avg_ms, 20);
  ASSERT_TRUE(west[1].has_value());
  EXPECT_DOUBLE_EQ(west[1]->avg_ms, 5);
  ASSERT_TRUE(west[2].has_value());
  EXPECT_DOUBLE_EQ(west[2]->avg_ms, 8);
}

TEST_F(StoreHeatmap, HourWithOnlyLossesHasACellWithoutLatency) {
  Write({Lost(kA, At(-2 * kHour)), Lost(kB, At(-2 * kHour))});
  const auto cells = store_->Heatmap(Now(), 0);
  ASSERT_TRUE(cells[6].has_value());
  EXPECT_EQ(cells[6]->count, 0u);
  EXPECT_EQ(cells[6]->lost, 2u);
  EXPECT_DOUBLE_EQ(cells[6]->avg_ms, 0);
}

}  // namespace
}  // namespace ww
