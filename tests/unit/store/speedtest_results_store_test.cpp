// SpeedtestResultsStore on a temp-dir database: every field round-trips,
// failed results keep NULL speeds, pages are newest first, settings are
// replaced in one transaction, a version 3 database migrates to 4 with its
// data, and the read-only store opens schema 4.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "store/schema.h"
#include "store/speedtest_results_store.h"
#include "store/store.h"
#include "store_test_util.h"

namespace ww {
namespace {

using testing::BaseTime;
using testing::TempDir;

SpeedtestResult Measured(int minute) {
  SpeedtestResult r;
  r.timestamp = BaseTime() + std::chrono::minutes(minute);
  r.ok = true;
  r.engine = "librespeed";
  r.trigger = "scheduled";
  r.attempt = 1;
  r.server_url = "http://127.0.0.1:8989/backend";
  r.server_name = "127.0.0.1";
  r.server_location = "Berlin, DE";
  r.server_id = "4711";
  r.isp = "Example \"ISP\", Inc.";
  r.client_ip = "127.0.0.1";
  r.download_mbps = 250.5 + minute;
  r.upload_mbps = 35.25;
  r.download_line_mbps = 262.0;
  r.upload_line_mbps = 36.8;
  r.ping_ms = 15.3;
  r.jitter_ms = 2.1;
  r.packet_loss_pct = 0.0;
  r.download_latency_ms = 40.5;
  r.upload_latency_ms = 60.25;
  r.bufferbloat_grade = "B";
  r.bytes_downloaded = 5'000'000'000ULL;
  r.bytes_uploaded = 700'000'000ULL;
  r.streams = 4;
  r.duration_seconds = 23.4;
  return r;
}

SpeedtestResult Failed(int minute, int attempt) {
  SpeedtestResult r;
  r.timestamp = BaseTime() + std::chrono::minutes(minute);
  r.ok = false;
  r.error = "http://127.0.0.1:9/: connection refused";
  r.trigger = "manual";
  r.attempt = attempt;
  return r;
}

std::unique_ptr<SpeedtestResultsStore> OpenOrDie(const TempDir& dir, const Clock& clock) {
  auto opened = SpeedtestResultsStore::Open(dir.db(), clock);
  EXPECT_TRUE(opened.ok()) << opened.error();
  return opened.ok() ? std::move(opened).value() : nullptr;
}

TEST(SpeedtestResultsStore, EveryFieldRoundTrips) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(dir, clock);
  ASSERT_TRUE(store);
  const SpeedtestResult in = Measured(0);
  Result<std::int64_t> id = store->Insert(in);
  ASSERT_TRUE(id.ok()) << id.error();
  EXPECT_GT(*id, 0);
  Result<std::optional<SpeedtestResult>> latest = store->Latest();
  ASSERT_TRUE(latest.ok()) << latest.error();
  ASSERT_TRUE(latest->has_value());
  const SpeedtestResult& out = **latest;
  EXPECT_EQ(out.id, *id);
  EXPECT_EQ(out.timestamp, in.timestamp);
  EXPECT_TRUE(out.ok);
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.engine, in.engine);
  EXPECT_EQ(out.trigger, in.trigger);
  EXPECT_EQ(out.attempt, 1);
  EXPECT_EQ(out.server_url, in.server_url);
  EXPECT_EQ(out.server_name, in.server_name);
  EXPECT_EQ(out.server_location, in.server_location);
  EXPECT_EQ(out.server_id, in.server_id);
  EXPECT_EQ(out.isp, in.isp);
  EXPECT_EQ(out.client_ip, in.client_ip);
  EXPECT_EQ(out.download_mbps, in.download_mbps);
  EXPECT_EQ(out.upload_mbps, in.upload_mbps);
  EXPECT_EQ(out.download_line_mbps, in.download_line_mbps);
  EXPECT_EQ(out.upload_line_mbps, in.upload_line_mbps);
  EXPECT_EQ(out.ping_ms, in.ping_ms);
  EXPECT_EQ(out.jitter_ms, in.jitter_ms);
  EXPECT_EQ(out.packet_loss_pct, 0.0);  // measured zero stays zero, not NULL
  EXPECT_EQ(out.download_latency_ms, in.download_latency_ms);
  EXPECT_EQ(out.upload_latency_ms, in.upload_latency_ms);
  EXPECT_EQ(out.bufferbloat_grade, "B");
  EXPECT_EQ(out.bytes_downloaded, in.bytes_downloaded);
  EXPECT_EQ(out.bytes_uploaded, in.bytes_uploaded);
  EXPECT_EQ(out.streams, 4);
  EXPECT_DOUBLE_EQ(out.duration_seconds, 23.4);
}

TEST(SpeedtestResultsStore, FailedResultKeepsNullSpeedsInTheTable) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(dir, clock);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Insert(Failed(0, 2)).ok());
  auto latest = store->Latest();
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_FALSE((*latest)->ok);
  EXPECT_EQ((*latest)->attempt, 2);
  EXPECT_EQ((*latest)->error, "http://127.0.0.1:9/: connection refused");
  EXPECT_FALSE((*latest)->download_mbps.has_value());
  EXPECT_FALSE((*latest)->upload_mbps.has_value());
  EXPECT_FALSE((*latest)->ping_ms.has_value());
  SQLite::Database db(dir.db().string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM speedtest_results WHERE ok = 0 AND "
                          "download_mbps IS NULL AND upload_mbps IS NULL AND ping_ms IS NULL")
                .getInt(),
            1);
}

TEST(SpeedtestResultsStore, PagesAreNewestFirstAndCountIsTheTotal) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(dir, clock);
  ASSERT_TRUE(store);
  EXPECT_EQ(*store->Count(), 0);
  EXPECT_FALSE(store->Latest()->has_value());
  // Inserted out of order: the page order is by start time, not by id.
  for (int minute : {10, 0, 30, 20, 40}) ASSERT_TRUE(store->Insert(Measured(minute)).ok());
  EXPECT_EQ(*store->Count(), 5);
  auto first = store->Page(0, 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].timestamp, BaseTime() + std::chrono::minutes(40));
  EXPECT_EQ((*first)[1].timestamp, BaseTime() + std::chrono::minutes(30));
  auto last = store->Page(4, 2);
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->size(), 1u);
  EXPECT_EQ((*last)[0].timestamp, BaseTime());
  EXPECT_TRUE(store->Page(5, 2)->empty());
  EXPECT_EQ((*store->Latest())->timestamp, BaseTime() + std::chrono::minutes(40));
}

TEST(SpeedtestResultsStore, SettingsAreReplacedAndSurviveReopening) {
  TempDir dir;
  FakeClock clock;
  {
    auto store = OpenOrDie(dir, clock);
    ASSERT_TRUE(store);
    EXPECT_FALSE(store->GetSetting("speedtest.interval_minutes")->has_value());
    ASSERT_TRUE(store->PutSettings({{"a", "1"}, {"b", "x"}}).ok());
    ASSERT_TRUE(store->PutSettings({{"a", "2"}}).ok());
  }
  auto store = OpenOrDie(dir, clock);
  ASSERT_TRUE(store);
  EXPECT_EQ(**store->GetSetting("a"), "2");
  EXPECT_EQ(**store->GetSetting("b"), "x");
}

TEST(SpeedtestResultsStore, SettingsAreVisibleToAnotherConnectionOnceStored) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(dir, clock);
  ASSERT_TRUE(store);
  // Committed when PutSettings returns: the daemon answers the PUT only then.
  ASSERT_TRUE(store->PutSettings({{"k", "v"}}).ok());
  SQLite::Database other(dir.db().string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(other.execAndGet("SELECT value FROM settings WHERE key = 'k'").getString(), "v");
}

TEST(SpeedtestResultsStore, Version3DatabaseIsMigratedAndKeepsItsData) {
  TempDir dir;
  {
    SQLite::Database v3(dir.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    ASSERT_EQ(*Migrate(v3, SchemaMigrations().first(3)), 3);
    v3.exec(
        "INSERT INTO targets VALUES (3, '1.1.1.1', 'icmp', 'external', 1, 0);"
        "INSERT INTO uplink_minutes VALUES ('', 1800000000000, 2, 60, 1, 600, 9, 11);"
        "INSERT INTO meta VALUES ('k', 'v');");
    ASSERT_FALSE(v3.tableExists("speedtest_results"));
  }
  FakeClock clock;
  auto store = OpenOrDie(dir, clock);
  ASSERT_TRUE(store);
  EXPECT_GE(LatestSchemaVersion(), 4);
  SQLite::Database db(dir.db().string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), LatestSchemaVersion());
  EXPECT_EQ(db.execAndGet("SELECT samples FROM uplink_minutes").getInt(), 60);
  EXPECT_EQ(db.execAndGet("SELECT name FROM targets WHERE id = 3").getString(), "1.1.1.1");
  EXPECT_EQ(db.execAndGet("SELECT value FROM meta WHERE key = 'k'").getString(), "v");
  EXPECT_TRUE(db.tableExists("speedtest_results"));
  EXPECT_TRUE(db.tableExists("settings"));
  ASSERT_TRUE(store->Insert(Measured(0)).ok());
  EXPECT_EQ(*store->Count(), 1);
}

TEST(SpeedtestResultsStore, ReadOnlyStoreOpensSchema4) {
  TempDir dir;
  FakeClock clock;
  {
    auto store = OpenOrDie(dir, clock);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Insert(Measured(0)).ok());
  }
  auto ro = Store::OpenReadOnly(dir.path());
  ASSERT_TRUE(ro.ok()) << ro.error();
  EXPECT_EQ((*ro)->Health().schema_version, LatestSchemaVersion());  // 4 or later
}

TEST(SpeedtestResultsStore, UnwritableDatabaseIsAnErrorNotAnException) {
  TempDir dir;
  FakeClock clock;
  auto opened = SpeedtestResultsStore::Open(dir.path() / "no" / "such" / "dir" / "x.db", clock);
  EXPECT_FALSE(opened.ok());
  EXPECT_NE(opened.error().find("x.db"), std::string::npos) << opened.error();
}

}  // namespace
}  // namespace ww
