// OutageStore on a temp-dir database: every column round-trips (NULL
// enrichment stays null), pages are newest first, the open outage is a start
// with no end after it, enrichment updates both rows, and a version 4
// database (speed test results) migrates with its data.

#include "store/outage_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "store/schema.h"
#include "store_test_util.h"

namespace ww {
namespace {

using testing::BaseTime;
using testing::TempDir;

OutageRow Start(int minute) {
  OutageRow r;
  r.timestamp = BaseTime() + std::chrono::minutes(minute);
  r.event_type = "outage_start";
  r.event_kind = "connectivity_lost";
  r.probe_results = R"({"1.1.1.1:53": false, "8.8.8.8:53": false, "9.9.9.9:53": true})";
  r.probe_details = R"([{"target":"1.1.1.1:53","ok":false,"error":"timeout"}])";
  r.uplink = "fiber";
  r.diagnosis = "ISP / upstream issue (gateway OK, internet down)";
  r.diagnosis_code = "upstream";
  return r;
}

OutageRow End(int minute, int start_minute) {
  OutageRow r = Start(minute);
  r.event_type = "outage_end";
  r.event_kind = "connectivity_restored";
  r.outage_start = BaseTime() + std::chrono::minutes(start_minute);
  r.duration_seconds = 60.0 * (minute - start_minute);
  return r;
}

std::unique_ptr<OutageStore> OpenOrDie(const TempDir& dir) {
  auto store = OutageStore::Open(dir.db());
  EXPECT_TRUE(store.ok()) << store.error();
  return store.ok() ? std::move(store).value() : nullptr;
}

TEST(OutageStore, RowsRoundTripWithNullEnrichment) {
  TempDir dir;
  auto store = OpenOrDie(dir);
  ASSERT_TRUE(store);
  const Result<std::int64_t> id = store->Insert(End(7, 3));
  ASSERT_TRUE(id.ok()) << id.error();
  const auto page = store->Page(0, 10);
  ASSERT_TRUE(page.ok()) << page.error();
  ASSERT_EQ(page->size(), 1u);
  const OutageRow& r = page->front();
  const OutageRow want = End(7, 3);
  EXPECT_EQ(r.id, *id);
  EXPECT_EQ(r.timestamp, want.timestamp);
  EXPECT_EQ(r.event_type, "outage_end");
  EXPECT_EQ(r.event_kind, "connectivity_restored");
  EXPECT_EQ(r.duration_seconds, 240.0);
  EXPECT_EQ(r.outage_start, want.outage_start);
  EXPECT_EQ(r.probe_results, want.probe_results);
  EXPECT_EQ(r.probe_details, want.probe_details);
  EXPECT_EQ(r.uplink, "fiber");
  EXPECT_EQ(r.diagnosis, want.diagnosis);
  EXPECT_EQ(r.diagnosis_code, "upstream");
  EXPECT_FALSE(r.enrichment.isp_name);
  EXPECT_FALSE(r.enrichment.asn);
  EXPECT_FALSE(r.enrichment.bgp_unstable);
  EXPECT_FALSE(r.enrichment.cloudflare_outage_desc);
}

TEST(OutageStore, PagesAreNewestFirstAndCountCountsAll) {
  TempDir dir;
  auto store = OpenOrDie(dir);
  ASSERT_TRUE(store);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store->Insert(Start(10 * i)).ok());
    ASSERT_TRUE(store->Insert(End(10 * i + 2, 10 * i)).ok());
  }
  EXPECT_EQ(*store->Count(), 10);
  const auto first = store->Page(0, 3);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 3u);
  EXPECT_EQ((*first)[0].timestamp, BaseTime() + std::chrono::minutes(42));
  EXPECT_EQ((*first)[0].event_type, "outage_end");
  EXPECT_EQ((*first)[1].timestamp, BaseTime() + std::chrono::minutes(40));
  EXPECT_EQ((*first)[1].event_type, "outage_start");
  const auto last = store->Page(9, 3);
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->size(), 1u);
  EXPECT_EQ(last->front().timestamp, BaseTime());
  EXPECT_TRUE(store->Page(10, 3)->empty());
}

TEST(OutageStore, OpenOutageIsAStartWithNoEndAfterIt) {
  TempDir dir;
  auto store = OpenOrDie(dir);
  ASSERT_TRUE(store);
  EXPECT_FALSE(store->OpenOutage()->has_value());
  const std::int64_t start_id = *store->Insert(Start(1));
  auto open = store->OpenOutage();
  ASSERT_TRUE(open.ok());
  ASSERT_TRUE(open->has_value());
  EXPECT_EQ((*open)->id, start_id);
  EXPECT_EQ((*open)->timestamp, BaseTime() + std::chrono::minutes(1));
  ASSERT_TRUE(store->Insert(End(5, 1)).ok());
  EXPECT_FALSE(store->OpenOutage()->has_value());
}

TEST(OutageStore, OpenOutageSurvivesReopening) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Insert(Start(3)).ok());
  }
  auto again = OpenOrDie(dir);
  ASSERT_TRUE(again);
  auto open = again->OpenOutage();
  ASSERT_TRUE(open.ok() && open->has_value());
  EXPECT_EQ((*open)->timestamp, BaseTime() + std::chrono::minutes(3));
}

TEST(OutageStore, EnrichmentIsWrittenToTheGivenRows) {
  TempDir dir;
  auto store = OpenOrDie(dir);
  ASSERT_TRUE(store);
  const std::int64_t other = *store->Insert(End(0, 0));
  const std::int64_t start = *store->Insert(Start(1));
  const std::int64_t end = *store->Insert(End(4, 1));
  OutageEnrichment e;
  e.isp_name = "Example Networks";
  e.asn = "AS64500";
  e.bgp_unstable = true;
  ASSERT_TRUE(store->SetEnrichment({start, end}, e).ok());
  const auto rows = store->Page(0, 10);
  ASSERT_TRUE(rows.ok());
  for (const OutageRow& r : *rows) {
    if (r.id == other) {
      EXPECT_FALSE(r.enrichment.isp_name);
      continue;
    }
    EXPECT_EQ(r.enrichment.isp_name, "Example Networks");
    EXPECT_EQ(r.enrichment.asn, "AS64500");
    EXPECT_EQ(r.enrichment.bgp_unstable, true);
    EXPECT_FALSE(r.enrichment.cloudflare_outage_desc);
  }
}

TEST(OutageStore, Version4DatabaseIsMigratedAndKeepsItsData) {
  TempDir dir;
  {
    SQLite::Database v4(dir.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    ASSERT_EQ(*Migrate(v4, SchemaMigrations().first(4)), 4);
    v4.exec(
        "INSERT INTO targets VALUES (3, '1.1.1.1', 'icmp', 'external', 1, 0);"
        "INSERT INTO settings VALUES ('interval_minutes', '30', 0);"
        "INSERT INTO speedtest_results (ts_ms, ok) VALUES (1800000000000, 1);");
    ASSERT_FALSE(v4.tableExists("outage_events"));
  }
  auto store = OpenOrDie(dir);
  ASSERT_TRUE(store);
  {
    SQLite::Database db(dir.db().string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), LatestSchemaVersion());
    EXPECT_EQ(db.execAndGet("SELECT name FROM targets WHERE id = 3").getString(), "1.1.1.1");
    EXPECT_EQ(db.execAndGet("SELECT value FROM settings").getString(), "30");
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM speedtest_results").getInt(), 1);
    EXPECT_TRUE(db.tableExists("alert_log"));
  }
  ASSERT_TRUE(store->Insert(Start(0)).ok());
  EXPECT_EQ(*store->Count(), 1);
}

TEST(OutageStore, OpeningAnUnwritablePathFailsWithItsName) {
  auto store = OutageStore::Open("/nonexistent-dir/wanwatch.db");
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().find("/nonexistent-dir/wanwatch.db"), std::string::npos) << store.error();
}

}  // namespace
}  // namespace ww
