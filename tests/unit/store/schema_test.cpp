#include "store/schema.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "store/sqlite_store.h"
#include "store_test_util.h"

namespace ww {
namespace {

using testing::BaseTime;
using testing::QueryInt;
using testing::TempDir;

// Version 1 as it shipped: targets, samples, drops, meta; no rollups.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE targets (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, role TEXT NOT NULL,
  connectivity INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL);
CREATE TABLE samples (
  ts_ms INTEGER NOT NULL, target_id INTEGER NOT NULL, ok INTEGER NOT NULL, rtt_us INTEGER,
  error INTEGER NOT NULL DEFAULT 0, code INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (ts_ms, target_id)) WITHOUT ROWID;
CREATE TABLE drops (
  id INTEGER PRIMARY KEY, start_ms INTEGER NOT NULL, end_ms INTEGER,
  duration_sec REAL NOT NULL DEFAULT 0, diagnosis TEXT NOT NULL DEFAULT '',
  diagnosis_code TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '',
  uplink TEXT NOT NULL DEFAULT '', failed_rounds INTEGER NOT NULL DEFAULT 0,
  UNIQUE (start_ms, uplink));
INSERT INTO targets VALUES (5, '1.1.1.1', 'icmp', 'external', 1, 1799990000000);
INSERT INTO samples VALUES (1800000000000, 5, 1, 12000, 0, 0);
INSERT INTO samples VALUES (1800000001000, 5, 1, 14000, 0, 0);
INSERT INTO drops VALUES (1, 1799999000000, 1799999030000, 30, 'ISP / upstream issue (gateway OK, internet down)', 'upstream', '', '', 30);
PRAGMA user_version = 1;
)sql";

bool HasTable(const std::filesystem::path& db, const std::string& name) {
  return QueryInt(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" +
                          name + "'") == 1;
}

StoreOptions Options(const TempDir& dir) {
  StoreOptions o;
  o.data_dir = dir.path();
  o.batch_interval = std::chrono::hours(1);
  return o;
}

TEST(Schema, NewDatabaseHasEveryTableWalAndTheLatestVersion) {
  TempDir dir;
  FakeClock clock;
  auto store = Store::Open(Options(dir), clock);
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ((*store)->Health().schema_version, LatestSchemaVersion());
  EXPECT_GE(LatestSchemaVersion(), 2);
  EXPECT_EQ(QueryInt(dir.db(), "PRAGMA user_version"), LatestSchemaVersion());
  for (const char* t : {"meta", "targets", "samples", "drops", "rollup_1m", "rollup_5m",
                        "rollup_1h", "uplink_minutes"}) {
    EXPECT_TRUE(HasTable(dir.db(), t)) << t;
  }
  SQLite::Database conn(dir.db().string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(conn.execAndGet("PRAGMA journal_mode").getString(), "wal");
}

TEST(Schema, Version1DatabaseIsMigratedKeepingItsRows) {
  TempDir dir;
  {
    SQLite::Database v1(dir.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    v1.exec(kVersion1);
  }
  FakeClock clock;
  auto opened = Store::Open(Options(dir), clock);
  ASSERT_TRUE(opened.ok()) << opened.error();
  Store& store = **opened;
  EXPECT_EQ(store.Health().schema_version, LatestSchemaVersion());
  EXPECT_TRUE(HasTable(dir.db(), "rollup_1h"));

  const auto drops = store.Drops(10);
  ASSERT_EQ(drops.size(), 1u);
  EXPECT_EQ(drops[0].diagnosis.code, DiagnosisCode::kUpstream);
  EXPECT_EQ(drops[0].failed_rounds, 30);
  const HistorySeries h =
      store.History(BaseTime(), BaseTime() + std::chrono::seconds(2), std::chrono::seconds(1));
  ASSERT_EQ(h.latency.size(), 2u);
  EXPECT_DOUBLE_EQ(h.latency[0].value_or(-1), 12.0);
  EXPECT_DOUBLE_EQ(h.latency[1].value_or(-1), 14.0);

  // The old target keeps its row; new samples get rollups.
  ASSERT_TRUE(store.RegisterTargets({testing::Target("1.1.1.1", TargetRole::kExternal, true)}));
  store.Append(testing::Ok(0, BaseTime() + std::chrono::seconds(2), 16));
  store.Flush();
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM samples WHERE target_id = 5"), 3);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM rollup_1h WHERE target_id = 5"), 1);
}

TEST(Schema, NewerDatabaseIsRefusedAndLeftAlone) {
  TempDir dir;
  {
    SQLite::Database db(dir.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE future (x); PRAGMA user_version = 99");
  }
  FakeClock clock;
  auto store = Store::Open(Options(dir), clock);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().find("schema version 99 is newer than this build supports"),
            std::string::npos)
      << store.error();
  EXPECT_NE(store.error().find(dir.db().string()), std::string::npos);
  EXPECT_EQ(QueryInt(dir.db(), "PRAGMA user_version"), 99);
  EXPECT_TRUE(HasTable(dir.db(), "future"));
}

TEST(Schema, FailedStepRollsBackAndNamesTheVersion) {
  TempDir dir;
  SQLite::Database db(dir.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  const char* steps[] = {"CREATE TABLE a (x)", "CREATE TABLE b (x); CREATE TABLE a (y)"};
  auto result = Migrate(db, steps);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("migration to version 2 failed"), std::string::npos)
      << result.error();
  EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), 1);
  EXPECT_FALSE(db.tableExists("b"));  // the half-applied step left nothing behind
  // Fixing the step lets the same database continue.
  const char* fixed[] = {"CREATE TABLE a (x)", "CREATE TABLE b (x)"};
  auto again = Migrate(db, fixed);
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(*again, 2);
  EXPECT_TRUE(db.tableExists("b"));
}

TEST(Schema, MigrateIsIdempotent) {
  TempDir dir;
  SQLite::Database db(dir.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  ASSERT_EQ(*Migrate(db), LatestSchemaVersion());
  ASSERT_EQ(*Migrate(db), LatestSchemaVersion());
}

}  // namespace
}  // namespace ww
