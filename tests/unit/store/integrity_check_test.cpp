// quick_check and the database size for /api/health: at open, hourly on the
// checker's own thread, and a damaged page reported as not ok.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <fstream>

#include "store/integrity_check.h"
#include "store/sqlite_store.h"
#include "store_test_util.h"

namespace ww {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using testing::TempDir;

constexpr int kPage = 4096;

StoreTuning FastPolling() {
  StoreTuning t;
  t.integrity.poll = milliseconds(5);  // notice the FakeClock moving quickly
  return t;
}

std::unique_ptr<Store> OpenOrDie(const TempDir& dir, const Clock& clock) {
  StoreOptions o;
  o.data_dir = dir.path();
  o.batch_interval = hours(1);
  auto store = OpenSqliteStore(o, clock, FastPolling());
  EXPECT_TRUE(store.ok()) << store.error();
  return store.ok() ? std::move(store.value()) : nullptr;
}

// A table of 2,000 random 100-byte rows (about 60 pages), all in the main file.
void AddFiller(const std::filesystem::path& db) {
  SQLite::Database conn(db.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  conn.exec(
      "CREATE TABLE filler (x); "
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
      "INSERT INTO filler SELECT randomblob(100) FROM n;");
  conn.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

// Overwrites page `page` (0-based) in place, the way a bad sector would.
void DamagePage(const std::filesystem::path& db, int page) {
  std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(f) << db;
  f.seekp(static_cast<std::streamoff>(page) * kPage);
  const std::string junk(kPage, '\x55');
  f.write(junk.data(), junk.size());
  ASSERT_TRUE(f.good());
}

TEST(IntegrityCheck, HealthCarriesTheCheckMadeAtOpenAndTheFileSize) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(dir, clock);
  const StoreHealth h = store->Health();
  EXPECT_EQ(h.quick_check_ok, true);
  EXPECT_EQ(h.quick_check_detail, "ok");
  EXPECT_EQ(h.quick_check_at, clock.WallNow());
  EXPECT_GE(h.db_bytes, static_cast<std::uint64_t>(std::filesystem::file_size(dir.db())));
  EXPECT_GT(h.db_bytes, 0u);
}

TEST(IntegrityCheck, RunsAgainEachHourAndTheSizeFollowsTheFile) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(dir, clock);
  const WallTime opened = clock.WallNow();
  // The main file alone: at open the schema's pages may still sit in the WAL,
  // which the filler's TRUNCATE checkpoint empties, so main + WAL can shrink.
  const std::uint64_t before = std::filesystem::file_size(dir.db());
  clock.Advance(hours(1) - milliseconds(1));
  AddFiller(dir.db());
  // Not yet an hour: no new check.
  std::this_thread::sleep_for(milliseconds(50));  // lets a wrong early check show up
  EXPECT_EQ(store->Health().quick_check_at, opened);
  clock.Advance(milliseconds(1));
  ASSERT_TRUE(testing::WaitFor([&] { return store->Health().quick_check_at != opened; }));
  const StoreHealth h = store->Health();
  EXPECT_EQ(h.quick_check_at, opened + hours(1));
  EXPECT_EQ(h.quick_check_ok, true);
  EXPECT_EQ(h.quick_check_detail, "ok");
  EXPECT_GE(h.db_bytes, before + 50u * kPage) << "the filler table is about 60 pages";
  EXPECT_GE(h.db_bytes, static_cast<std::uint64_t>(std::filesystem::file_size(dir.db())));
}

TEST(IntegrityCheck, DamagedPageOfARunningStoreIsReportedNotOk) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(dir, clock);
  AddFiller(dir.db());
  DamagePage(dir.db(), 20);
  clock.Advance(hours(1));
  ASSERT_TRUE(testing::WaitFor([&] { return store->Health().quick_check_ok == false; }))
      << store->Health().quick_check_detail;
  const StoreHealth h = store->Health();
  EXPECT_NE(h.quick_check_detail, "ok");
  EXPECT_FALSE(h.quick_check_detail.empty());
  EXPECT_LE(h.quick_check_detail.size(), 500u);
  EXPECT_EQ(h.quick_check_at, clock.WallNow());
}

TEST(IntegrityCheck, RunQuickCheckOkDamagedMissingAndCancelled) {
  TempDir dir;
  AddFiller(dir.db());
  QuickCheckResult r = RunQuickCheck(dir.db());
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.detail, "ok");

  const std::atomic<bool> cancelled{true};
  r = RunQuickCheck(dir.db(), &cancelled);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.detail.find("interrupt"), std::string::npos) << r.detail;

  DamagePage(dir.db(), 20);
  r = RunQuickCheck(dir.db());
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.detail, "ok");

  const auto missing = dir.path() / "none.db";
  r = RunQuickCheck(missing);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.detail.find(missing.string()), std::string::npos) << r.detail;
  EXPECT_FALSE(std::filesystem::exists(missing)) << "a check never creates a database";
}

TEST(IntegrityCheck, WithoutACheckAtOpenTheThreadChecksAtOnce) {
  TempDir dir;
  AddFiller(dir.db());
  FakeClock clock;
  IntegrityTuning tuning;
  tuning.poll = milliseconds(5);
  IntegrityChecker checker(dir.db(), clock, tuning, std::nullopt);
  ASSERT_TRUE(testing::WaitFor([&] { return checker.Current().ok.has_value(); }));
  EXPECT_EQ(checker.Current().ok, true);
  EXPECT_EQ(checker.Current().at, clock.WallNow());
  EXPECT_EQ(checker.Current().db_bytes, std::filesystem::file_size(dir.db()));
  checker.Stop();
  checker.Stop();  // twice is fine
}

TEST(IntegrityCheck, DatabaseBytesCountsTheWal) {
  TempDir dir;
  EXPECT_EQ(DatabaseBytes(dir.db()), 0u);
  dir.Write("wanwatch.db", std::string(1000, 'x'));
  dir.Write("wanwatch.db-wal", std::string(234, 'y'));
  EXPECT_EQ(DatabaseBytes(dir.db()), 1234u);
}

}  // namespace
}  // namespace ww
