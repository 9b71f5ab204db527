// Failure handling: corrupt files, write errors, a full disk, interrupted
// drops, retention.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "store/batch_writer.h"
#include "store/db_file.h"
#include "store/sqlite_store.h"
#include "store_test_util.h"

namespace ww {
namespace {

namespace fs = std::filesystem;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::At;
using testing::Lost;
using testing::Ok;
using testing::QueryInt;
using testing::StandardTargets;
using testing::TempDir;

StoreOptions Options(const fs::path& dir) {
  StoreOptions o;
  o.data_dir = dir;
  o.batch_interval = hours(1);
  return o;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void WriteFile(const fs::path& p, const std::string& data) {
  std::ofstream(p, std::ios::binary) << data;
}

std::vector<fs::path> AsideFiles(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().find(".corrupt-") != std::string::npos)
      out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(StoreRecovery, GarbageFileIsMovedAsideWholeAndANewDatabaseStarted) {
  TempDir dir;
  const std::string garbage(10'000, '\x5a');
  WriteFile(dir.db(), garbage);
  WriteFile(dir.path() / "wanwatch.db-wal", "not a wal either");
  FakeClock clock;  // 2027-01-15T08:00:00Z
  auto store = Store::Open(Options(dir.path()), clock);
  ASSERT_TRUE(store.ok()) << store.error();
  const auto aside = AsideFiles(dir.path());
  ASSERT_EQ(aside.size(), 3u);  // SQLite made a -shm while looking
  EXPECT_EQ(aside[0].filename(), "wanwatch.db.corrupt-20270115T080000Z");
  EXPECT_EQ(aside[1].filename(), "wanwatch.db.corrupt-20270115T080000Z-shm");
  EXPECT_EQ(aside[2].filename(), "wanwatch.db.corrupt-20270115T080000Z-wal");
  EXPECT_EQ(ReadFile(aside[0]), garbage);  // kept byte for byte
  EXPECT_EQ(ReadFile(aside[2]), "not a wal either");
  ASSERT_TRUE((*store)->RegisterTargets(StandardTargets()));
  (*store)->Append(Ok(0, At(0), 10));
  (*store)->Flush();
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM samples"), 1);
  EXPECT_TRUE((*store)->Health().writable);
}

TEST(StoreRecovery, SecondCorruptionTheSameSecondGetsItsOwnName) {
  TempDir dir;
  FakeClock clock;
  WriteFile(dir.db(), "garbage one, long enough to be a header.......................");
  ASSERT_TRUE(Store::Open(Options(dir.path()), clock).ok());
  WriteFile(dir.db(), "garbage two, long enough to be a header.......................");
  fs::remove(dir.path() / "wanwatch.db-wal");
  fs::remove(dir.path() / "wanwatch.db-shm");
  ASSERT_TRUE(Store::Open(Options(dir.path()), clock).ok());
  const auto aside = AsideFiles(dir.path());
  ASSERT_EQ(aside.size(), 2u);
  EXPECT_EQ(aside[0].filename(), "wanwatch.db.corrupt-20270115T080000Z");
  EXPECT_EQ(aside[1].filename(), "wanwatch.db.corrupt-20270115T080000Z-2");
  EXPECT_NE(ReadFile(aside[1]).find("garbage two"), std::string::npos);
}

TEST(StoreRecovery, DamagedPageFailsQuickCheckAndIsMovedAside) {
  TempDir dir;
  {
    SQLite::Database db(dir.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(
        "PRAGMA page_size = 4096; CREATE TABLE t (x); "
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
        "INSERT INTO t SELECT randomblob(100) FROM n;");
  }
  std::string bytes = ReadFile(dir.db());
  ASSERT_GT(bytes.size(), 20u * 4096);
  std::fill(bytes.begin() + 10 * 4096, bytes.begin() + 11 * 4096, '\x55');
  WriteFile(dir.db(), bytes);
  FakeClock clock;
  auto store = Store::Open(Options(dir.path()), clock);
  ASSERT_TRUE(store.ok()) << store.error();
  const auto aside = AsideFiles(dir.path());
  ASSERT_EQ(aside.size(), 1u);
  EXPECT_EQ(ReadFile(aside[0]), bytes);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM sqlite_master WHERE name = 't'"), 0);
}

TEST(StoreRecovery, UnusableDataDirectoryIsAnErrorNamingIt) {
  TempDir dir;
  FakeClock clock;
  WriteFile(dir.path() / "file", "x");
  auto in_file = Store::Open(Options(dir.path() / "file" / "sub"), clock);
  ASSERT_FALSE(in_file.ok());
  EXPECT_NE(in_file.error().find("cannot create data directory " +
                                 (dir.path() / "file" / "sub").string()),
            std::string::npos)
      << in_file.error();
  fs::create_directory(dir.db());
  auto dir_db = Store::Open(Options(dir.path()), clock);
  ASSERT_FALSE(dir_db.ok());
  EXPECT_EQ(dir_db.error(), "database " + dir.db().string() + " is not a regular file");
  EXPECT_TRUE(AsideFiles(dir.path()).empty());
}

TEST(StoreRecovery, WriteErrorIsReportedRetriedAndNeverCountedTwice) {
  TempDir dir;
  FakeClock clock;
  auto store = std::move(Store::Open(Options(dir.path()), clock).value());
  ASSERT_TRUE(store->RegisterTargets(StandardTargets()));
  {
    SQLite::Database admin(dir.db().string(), SQLite::OPEN_READWRITE);
    admin.exec(
        "CREATE TRIGGER ww_fail BEFORE INSERT ON samples WHEN NEW.ts_ms = 1800000001000 "
        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  }
  store->Append(Ok(0, At(0), 10));
  store->Append(Ok(0, At(1000), 20));  // the trigger aborts the batch here
  store->Flush();
  StoreHealth h = store->Health();
  EXPECT_FALSE(h.writable);
  EXPECT_NE(h.last_error.find("injected failure"), std::string::npos) << h.last_error;
  EXPECT_NE(h.last_error.find(dir.db().string()), std::string::npos) << h.last_error;
  EXPECT_GE(h.write_errors, 1u);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM samples"), 0);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM rollup_1h"), 0);

  store->Append(Ok(0, At(2000), 30));  // accepted while failing
  {
    SQLite::Database admin(dir.db().string(), SQLite::OPEN_READWRITE);
    admin.exec("DROP TRIGGER ww_fail");
  }
  store->Flush();
  h = store->Health();
  EXPECT_TRUE(h.writable);
  EXPECT_EQ(h.last_error, "");
  EXPECT_EQ(h.queue_dropped, 0u);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM samples"), 3);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count FROM rollup_1h"), 3);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT CAST(sum_ms AS INTEGER) FROM rollup_1h"), 60);
}

TEST(StoreRecovery, TargetRegistrationFailureIsReportedAndRetriedNotFatal) {
  TempDir dir;
  FakeClock clock;
  auto store = std::move(Store::Open(Options(dir.path()), clock).value());
  {
    SQLite::Database admin(dir.db().string(), SQLite::OPEN_READWRITE);
    admin.exec(
        "CREATE TRIGGER ww_fail BEFORE INSERT ON targets "
        "BEGIN SELECT RAISE(ABORT, 'injected target failure'); END");
  }
  EXPECT_TRUE(store->RegisterTargets(StandardTargets()));  // the daemon keeps starting
  StoreHealth h = store->Health();
  EXPECT_FALSE(h.writable);
  EXPECT_NE(h.last_error.find("injected target failure"), std::string::npos) << h.last_error;
  store->Append(Ok(2, At(0), 1));
  store->Flush();  // registration is retried first, and fails again
  EXPECT_FALSE(store->Health().writable);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM samples"), 0);
  {
    SQLite::Database admin(dir.db().string(), SQLite::OPEN_READWRITE);
    admin.exec("DROP TRIGGER ww_fail");
  }
  store->Flush();
  EXPECT_TRUE(store->Health().writable) << store->Health().last_error;
  EXPECT_EQ(QueryInt(dir.db(),
                     "SELECT count(*) FROM samples s JOIN targets t ON t.id = "
                     "s.target_id WHERE t.name = 'gateway'"),
            1);
  // An invalid list is still an error.
  EXPECT_FALSE(store->RegisterTargets({testing::Target("", TargetRole::kExternal, true)}));
}

TEST(StoreRecovery, DropLeftOpenIsClosedAtTheNewestSampleOnRestart) {
  TempDir dir;
  FakeClock clock;
  {
    auto store = std::move(Store::Open(Options(dir.path()), clock).value());
    ASSERT_TRUE(store->RegisterTargets(StandardTargets()));
    for (int i = 0; i <= 20; ++i) store->Append(Lost(0, At(i * 1000)));
    DropRecord ongoing;
    ongoing.start = At(5000);
    ongoing.duration_sec = 3;
    ongoing.diagnosis = {DiagnosisCode::kUpstream,
                         "ISP / upstream issue (gateway OK, internet down)", "gateway ok"};
    store->RecordDrop(ongoing);
    DropRecord late = ongoing;  // nothing recorded after it started
    late.start = At(60'000);
    late.duration_sec = 4;
    late.diagnosis.detail = "";
    store->RecordDrop(late);
  }
  auto store = std::move(Store::Open(Options(dir.path()), clock).value());
  const auto drops = store->Drops(10);
  ASSERT_EQ(drops.size(), 2u);
  ASSERT_TRUE(drops[0].end.has_value());
  EXPECT_EQ(*drops[0].end, At(20'000));
  EXPECT_DOUBLE_EQ(drops[0].duration_sec, 15);
  EXPECT_EQ(drops[0].diagnosis.detail,
            "gateway ok; interrupted: wanwatch stopped during this drop; closed at the last "
            "recorded sample");
  EXPECT_EQ(drops[0].diagnosis.code, DiagnosisCode::kUpstream);
  ASSERT_TRUE(drops[1].end.has_value());
  EXPECT_EQ(*drops[1].end, At(64'000));  // its last reported duration
  EXPECT_EQ(drops[1].diagnosis.detail.rfind("interrupted:", 0), 0u);
}

TEST(StoreRecovery, RetentionDeletesOldRowsKeepsNewOnesAndRunsEveryFewMinutes) {
  TempDir dir;
  FakeClock clock;  // now = At(0)
  StoreOptions options = Options(dir.path());
  options.raw_retention = hours(24);
  options.rollup_retention = hours(48);
  StoreTuning tuning;
  tuning.batch.retention_rows_per_statement = 100;
  tuning.batch.retention_statements_per_slice = 2;
  auto store = std::move(OpenSqliteStore(options, clock, tuning).value());
  ASSERT_TRUE(store->RegisterTargets(StandardTargets()));
  const std::int64_t h = 3'600'000;
  for (int i = 0; i < 1000; ++i) store->Append(Ok(0, At(-72 * h + i * 1000), 10));  // all old
  for (int i = 0; i < 500; ++i) store->Append(Ok(0, At(-30 * h + i * 1000), 10));   // rollups stay
  for (int i = 0; i < 100; ++i) store->Append(Ok(0, At(-1 * h + i * 1000), 10));    // all stay
  store->Flush();  // the start-up pass runs after this first batch, in slices
  auto raw_left = [&] { return QueryInt(dir.db(), "SELECT count(*) FROM samples"); };
  ASSERT_TRUE(testing::WaitFor([&] { return raw_left() == 100; })) << raw_left();
  EXPECT_EQ(QueryInt(dir.db(), "SELECT min(ts_ms) FROM samples"), 1'800'000'000'000 - h);
  const std::int64_t cutoff = 1'800'000'000'000 - 48 * h;
  // Slices delete table by table (1m, 5m, then 1h), so wait for the last one.
  auto old_rollups = [&](const std::string& table) {
    return QueryInt(
        dir.db(), "SELECT count(*) FROM " + table + " WHERE bucket_ms < " + std::to_string(cutoff));
  };
  ASSERT_TRUE(testing::WaitFor([&] {
    return old_rollups("rollup_1m") == 0 && old_rollups("rollup_5m") == 0 &&
           old_rollups("rollup_1h") == 0;
  }));
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM rollup_1m"), 9 + 2);  // 500 s + 100 s
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM rollup_1h"), 2);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT sum(count) FROM rollup_1h"), 600);

  // Data that expires later waits for the next pass, five minutes on.
  store->Append(Ok(1, At(-25 * h), 10));
  store->Flush();
  EXPECT_EQ(raw_left(), 101);
  clock.Advance(minutes(5));
  store->Flush();
  EXPECT_TRUE(testing::WaitFor([&] { return raw_left() == 100; }));
}

TEST(StoreRecovery, RetentionSliceDeletesABoundedNumberOfRows) {
  TempDir dir;
  auto opened = OpenAndVerify(dir.db(), At(0));
  ASSERT_TRUE(opened.ok()) << opened.error();
  BatchTuning tuning;
  tuning.retention_rows_per_statement = 100;
  tuning.retention_statements_per_slice = 2;
  BatchWriter writer(dir.db(), std::move(opened.value().db), tuning);
  ASSERT_TRUE(writer.RegisterTargets(StandardTargets(), 0));
  std::vector<Sample> samples;
  for (int i = 0; i < 1000; ++i) samples.push_back(Ok(0, At(i * 1000), 10));
  ASSERT_TRUE(writer.Commit(samples, {}));
  const std::int64_t cutoff = 1'800'000'000'000 + 900'000;  // 900 rows are older
  auto more = writer.RetentionSlice(cutoff, 0);
  ASSERT_TRUE(more.ok()) << more.error();
  EXPECT_TRUE(*more);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM samples"), 800);
  int slices = 1;
  while (*more && slices < 50) {
    more = writer.RetentionSlice(cutoff, 0);
    ASSERT_TRUE(more.ok()) << more.error();
    ++slices;
  }
  EXPECT_FALSE(*more);
  // 900 rows: four slices of 200, a fifth deletes 100 and finds no more; the
  // three rollup tables and uplink_minutes take two more slices of two statements.
  EXPECT_EQ(slices, 7);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM samples"), 100);
}

}  // namespace
}  // namespace ww
