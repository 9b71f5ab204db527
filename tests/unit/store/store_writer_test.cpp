// The Store through its public interface: targets, batching, Flush, rollups on
// disk, drops, restart, the bounded queue.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "store/latency_histogram.h"
#include "store/sqlite_store.h"
#include "store_test_util.h"

namespace ww {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::At;
using testing::BaseTime;
using testing::Lost;
using testing::Ok;
using testing::QueryInt;
using testing::StandardTargets;
using testing::TempDir;

StoreOptions Options(const TempDir& dir) {
  StoreOptions o;
  o.data_dir = dir.path();
  o.batch_interval = hours(1);  // nothing commits unless a test flushes or advances the clock
  return o;
}

std::unique_ptr<Store> OpenOrDie(const StoreOptions& options, const Clock& clock) {
  auto store = Store::Open(options, clock);
  EXPECT_TRUE(store.ok()) << store.error();
  return store.ok() ? std::move(store.value()) : nullptr;
}

std::int64_t RowOf(const TempDir& dir, const std::string& name) {
  return QueryInt(dir.db(), "SELECT id FROM targets WHERE name = '" + name + "'");
}

DropRecord Drop(WallTime start, std::optional<WallTime> end, std::string uplink = "") {
  DropRecord d;
  d.start = start;
  d.end = end;
  d.duration_sec = end ? std::chrono::duration<double>(*end - start).count() : 4;
  d.diagnosis = {DiagnosisCode::kUpstream, "ISP / upstream issue (gateway OK, internet down)",
                 "gateway 1.2 ms, 3/3 external failed"};
  d.uplink = std::move(uplink);
  d.failed_rounds = 4;
  return d;
}

TEST(StoreWriter, OpenReportsHealth) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  const StoreHealth h = store->Health();
  EXPECT_TRUE(h.open);
  EXPECT_TRUE(h.writable);
  EXPECT_EQ(h.last_error, "");
  EXPECT_EQ(h.queue_dropped, 0u);
  EXPECT_FALSE(h.last_commit.has_value());
}

TEST(StoreWriter, TargetsKeepTheirRowsAcrossRestartsMatchedByName) {
  TempDir dir;
  FakeClock clock;
  std::int64_t first = 0, gateway = 0;
  {
    auto store = OpenOrDie(Options(dir), clock);
    ASSERT_TRUE(store->RegisterTargets(StandardTargets()));
    first = RowOf(dir, "1.1.1.1");
    gateway = RowOf(dir, "gateway");
  }
  auto store = OpenOrDie(Options(dir), clock);
  // Reordered, one new, one now without connectivity.
  std::vector<TargetSpec> next = {testing::Target("9.9.9.9", TargetRole::kExternal, true),
                                  testing::Target("gateway", TargetRole::kGateway, false),
                                  testing::Target("1.1.1.1", TargetRole::kExternal, false)};
  ASSERT_TRUE(store->RegisterTargets(next));
  EXPECT_EQ(RowOf(dir, "1.1.1.1"), first);
  EXPECT_EQ(RowOf(dir, "gateway"), gateway);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM targets"), 5);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT connectivity FROM targets WHERE name = '1.1.1.1'"), 0);
  // TargetId 2 is now "1.1.1.1": its sample lands on the old row.
  store->Append(Ok(2, At(0), 9));
  store->Flush();
  EXPECT_EQ(QueryInt(dir.db(), "SELECT target_id FROM samples"), first);
}

TEST(StoreWriter, RegisterTargetsRejectsEmptyAndDuplicateNames) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  auto targets = StandardTargets();
  targets[1].name = "";
  EXPECT_EQ(store->RegisterTargets(targets).message(), "target 1: empty name");
  targets[1].name = "gateway";
  EXPECT_EQ(store->RegisterTargets(targets).message(), "target 'gateway' appears twice");
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM targets"), 0);
}

TEST(StoreWriter, SamplesWaitForTheBatchOrFlush) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  ASSERT_TRUE(store->RegisterTargets(StandardTargets()));
  for (int i = 0; i < 3; ++i) store->Append(Ok(0, At(i * 1000), 10 + i));
  store->Append(Lost(1, At(0)));
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM samples"), 0);  // batch interval is 1 h
  store->Flush();
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM samples"), 4);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT rtt_us FROM samples WHERE ts_ms = 1800000002000"), 12000);
  EXPECT_EQ(QueryInt(dir.db(),
                     "SELECT count(*) FROM samples WHERE ok = 0 AND rtt_us IS NULL "
                     "AND error = 1"),
            1);
  EXPECT_EQ(store->Health().last_commit, clock.WallNow());
}

TEST(StoreWriter, CommitsByItselfWhenTheBatchIntervalPasses) {
  TempDir dir;
  FakeClock clock;
  StoreOptions options = Options(dir);
  options.batch_interval = milliseconds(50);
  auto store = OpenOrDie(options, clock);
  ASSERT_TRUE(store->RegisterTargets(StandardTargets()));
  store->Append(Ok(0, At(0), 10));
  clock.Advance(milliseconds(50));
  EXPECT_TRUE(
      testing::WaitFor([&] { return QueryInt(dir.db(), "SELECT count(*) FROM samples") == 1; }));
}

TEST(StoreWriter, RollupRowsMatchHandComputedNumbers) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  ASSERT_TRUE(store->RegisterTargets(StandardTargets()));
  // Either side of minute, 5-minute and hour boundaries.
  store->Append(Ok(0, At(59'500), 10));
  store->Append(Ok(0, At(60'200), 20));
  store->Append(Lost(0, At(299'000)));
  store->Append(Ok(0, At(300'000), 40));
  store->Append(Ok(0, At(3'599'999), 5));
  store->Append(Ok(0, At(3'600'000), 7));
  store->Flush();
  const std::string row = std::to_string(RowOf(dir, "1.1.1.1"));
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM rollup_1m"), 6);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM rollup_5m"), 4);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM rollup_1h"), 2);
  SQLite::Database db(dir.db().string(), SQLite::OPEN_READONLY);
  SQLite::Statement five(db,
                         "SELECT count, lost, sum_ms, min_ms, max_ms, sumsq_ms FROM rollup_5m "
                         "WHERE bucket_ms = 1800000000000 AND target_id = " +
                             row);
  ASSERT_TRUE(five.executeStep());
  EXPECT_EQ(five.getColumn(0).getInt(), 3);
  EXPECT_EQ(five.getColumn(1).getInt(), 1);
  EXPECT_DOUBLE_EQ(five.getColumn(2).getDouble(), 30);
  EXPECT_DOUBLE_EQ(five.getColumn(3).getDouble(), 10);
  EXPECT_DOUBLE_EQ(five.getColumn(4).getDouble(), 20);
  EXPECT_DOUBLE_EQ(five.getColumn(5).getDouble(), 500);
  SQLite::Statement hour(db,
                         "SELECT count, lost, sum_ms, sumsq_ms, hist FROM rollup_1h "
                         "WHERE bucket_ms = 1800000000000");
  ASSERT_TRUE(hour.executeStep());
  EXPECT_EQ(hour.getColumn(0).getInt(), 5);
  EXPECT_EQ(hour.getColumn(1).getInt(), 1);
  EXPECT_DOUBLE_EQ(hour.getColumn(2).getDouble(), 75);
  EXPECT_DOUBLE_EQ(hour.getColumn(3).getDouble(), 2125);
  const SQLite::Column blob = hour.getColumn(4);
  auto hist = LatencyHistogram::Decode(blob.getBlob(), static_cast<std::size_t>(blob.getBytes()));
  ASSERT_TRUE(hist.ok()) << hist.error();
  EXPECT_EQ(hist->Total(), 4u);
  EXPECT_EQ(hist->counts()[LatencyHistogram::BucketOf(5)], 1u);
  EXPECT_EQ(hist->counts()[LatencyHistogram::BucketOf(40)], 1u);
  EXPECT_NEAR(*hist->Percentile(50), 15.0, 1e-9);  // top of [10, 15): rank 2 of 4
  SQLite::Statement lost(db,
                         "SELECT min_ms IS NULL FROM rollup_1m WHERE bucket_ms = "
                         "1800000240000");
  ASSERT_TRUE(lost.executeStep());
  EXPECT_EQ(lost.getColumn(0).getInt(), 1);  // nothing succeeded in that minute
}

TEST(StoreWriter, OpenBucketIsVisibleAfterEachBatchAndKeepsGrowing) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  ASSERT_TRUE(store->RegisterTargets(StandardTargets()));
  store->Append(Ok(0, At(1000), 10));
  store->Flush();
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count FROM rollup_1h"), 1);
  store->Append(Ok(0, At(2000), 30));
  store->Append(Lost(0, At(3000)));
  store->Flush();
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count FROM rollup_1h"), 3);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT CAST(sum_ms AS INTEGER) FROM rollup_1h"), 40);
}

TEST(StoreWriter, DropsAreUpdatedByStartAndUplinkAndListedOldestFirst) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  store->RecordDrop(Drop(At(10'000), std::nullopt));
  store->Flush();
  auto drops = store->Drops(10);
  ASSERT_EQ(drops.size(), 1u);
  EXPECT_FALSE(drops[0].end.has_value());
  EXPECT_GT(drops[0].id, 0);
  // The same drop ends; another uplink drops at the same moment.
  store->RecordDrop(Drop(At(10'000), At(25'000)));
  store->RecordDrop(Drop(At(10'000), std::nullopt, "lte"));
  store->Flush();
  drops = store->Drops(10);
  ASSERT_EQ(drops.size(), 2u);
  EXPECT_EQ(drops[0].uplink, "");
  EXPECT_EQ(drops[0].end, At(25'000));
  EXPECT_DOUBLE_EQ(drops[0].duration_sec, 15);
  EXPECT_EQ(drops[0].diagnosis.code, DiagnosisCode::kUpstream);
  EXPECT_EQ(drops[0].diagnosis.text, "ISP / upstream issue (gateway OK, internet down)");
  EXPECT_EQ(drops[0].diagnosis.detail, "gateway 1.2 ms, 3/3 external failed");
  EXPECT_EQ(drops[0].failed_rounds, 4);
  EXPECT_EQ(drops[1].uplink, "lte");

  // Reported out of order; the newest three come back oldest first.
  for (int start : {90, 30, 70, 50})
    store->RecordDrop(Drop(At(start * 1000), At(start * 1000 + 5000)));
  store->Flush();
  drops = store->Drops(3);
  ASSERT_EQ(drops.size(), 3u);
  EXPECT_EQ(drops[0].start, At(50'000));
  EXPECT_EQ(drops[1].start, At(70'000));
  EXPECT_EQ(drops[2].start, At(90'000));
  EXPECT_TRUE(store->Drops(0).empty());
  EXPECT_EQ(store->Drops(100).size(), 6u);
  EXPECT_EQ(store->DropCount(), 6u);
}

TEST(StoreWriter, RestartKeepsTargetsSamplesRollupsAndDrops) {
  TempDir dir;
  FakeClock clock;
  {
    auto store = OpenOrDie(Options(dir), clock);
    ASSERT_TRUE(store->RegisterTargets(StandardTargets()));
    store->Append(Ok(0, At(1000), 10));
    store->Append(Ok(2, At(1000), 1));
    store->RecordDrop(Drop(At(500), At(900)));
    // No Flush: closing the store commits what is queued.
  }
  auto store = OpenOrDie(Options(dir), clock);
  ASSERT_TRUE(store->RegisterTargets(StandardTargets()));
  store->Append(Ok(0, At(2000), 30));
  store->Flush();
  ASSERT_EQ(store->Drops(10).size(), 1u);
  EXPECT_EQ(store->Drops(10)[0].end, At(900));
  const HistorySeries raw = store->History(At(1000), At(3000), seconds(1));
  EXPECT_DOUBLE_EQ(raw.latency[0].value_or(-1), 10);
  EXPECT_DOUBLE_EQ(raw.gateway[0].value_or(-1), 1);
  EXPECT_DOUBLE_EQ(raw.latency[1].value_or(-1), 30);
  // The hour that spans the restart adds up instead of starting over.
  const std::string row = std::to_string(RowOf(dir, "1.1.1.1"));
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count FROM rollup_1h WHERE target_id = " + row), 2);
  EXPECT_EQ(
      QueryInt(dir.db(), "SELECT CAST(sum_ms AS INTEGER) FROM rollup_1h WHERE target_id = " + row),
      40);
}

TEST(StoreWriter, FullQueueDropsTheOldestAndCountsInsteadOfBlocking) {
  TempDir dir;
  FakeClock clock;
  StoreOptions options = Options(dir);
  options.queue_capacity = 10;
  auto store = OpenOrDie(options, clock);
  ASSERT_TRUE(store->RegisterTargets(StandardTargets()));
  for (int i = 0; i < 25; ++i) store->Append(Ok(0, At(i * 1000), 10));
  EXPECT_EQ(store->Health().queue_dropped, 15u);
  store->Flush();
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM samples"), 10);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT min(ts_ms) FROM samples"), 1'800'000'015'000);
}

TEST(StoreWriter, SamplesOfUnregisteredTargetsAreSkipped) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  ASSERT_TRUE(store->RegisterTargets(StandardTargets()));
  store->Append(Ok(17, At(0), 10));
  store->Append(Ok(0, At(0), 10));
  store->Append(Ok(0, At(0), 11));  // same target and millisecond: kept once
  store->Flush();
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM samples"), 1);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count FROM rollup_1m"), 1);
  EXPECT_TRUE(store->Health().writable);
}

TEST(StoreWriter, FlushFromManyThreadsReturns) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  ASSERT_TRUE(store->RegisterTargets(StandardTargets()));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        store->Append(Ok(static_cast<TargetId>(t), At(i * 1000), 5 + i % 7));
        if (i % 50 == 0) store->Flush();
      }
      store->Flush();
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM samples"), 800);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT sum(count) FROM rollup_1h"), 800);
}

}  // namespace
}  // namespace ww
