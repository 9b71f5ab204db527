// The isp-status minute history in the store: queued writes, the merge of a
// minute recorded twice, range reads, restart, migration, retention, and the
// read-only store.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "store/schema.h"
#include "store/sqlite_store.h"
#include "store_test_util.h"

namespace ww {
namespace {

using std::chrono::hours;
using testing::QueryInt;
using testing::TempDir;

constexpr std::int64_t kT0 = 1'800'000'000'000;  // FakeClock's start, an hour boundary
constexpr std::int64_t kMin = 60'000, kHour = 3'600'000;
const std::string kLiquid = "Liquid (BGP01)";

UplinkMinute Minute(std::int64_t start_ms, UplinkState state, std::uint32_t samples = 180,
                    std::uint32_t lost = 0, double avg_ms = 12.5) {
  UplinkMinute m;
  m.start_ms = start_ms;
  m.state = state;
  m.samples = samples;
  m.lost = lost;
  const std::uint32_t answered = samples - lost;
  m.sum_ms = avg_ms * answered;
  if (answered > 0) {
    m.min_ms = avg_ms - 2;
    m.max_ms = avg_ms + 30;
  }
  return m;
}

StoreOptions Options(const TempDir& dir) {
  StoreOptions o;
  o.data_dir = dir.path();
  o.batch_interval = hours(1);  // nothing commits unless a test flushes
  return o;
}

std::unique_ptr<Store> OpenOrDie(const StoreOptions& options, const Clock& clock,
                                 const StoreTuning& tuning = {}) {
  auto store = OpenSqliteStore(options, clock, tuning);
  EXPECT_TRUE(store.ok()) << store.error();
  return store.ok() ? std::move(store.value()) : nullptr;
}

void ExpectSame(const UplinkMinute& got, const UplinkMinute& want) {
  EXPECT_EQ(got.start_ms, want.start_ms);
  EXPECT_EQ(got.state, want.state) << got.start_ms;
  EXPECT_EQ(got.samples, want.samples) << got.start_ms;
  EXPECT_EQ(got.lost, want.lost) << got.start_ms;
  EXPECT_DOUBLE_EQ(got.sum_ms, want.sum_ms) << got.start_ms;
  EXPECT_EQ(got.min_ms, want.min_ms) << got.start_ms;
  EXPECT_EQ(got.max_ms, want.max_ms) << got.start_ms;
}

std::vector<std::int64_t> Starts(const std::vector<UplinkMinute>& minutes) {
  std::vector<std::int64_t> out;
  for (const UplinkMinute& m : minutes) out.push_back(m.start_ms - kT0);
  return out;
}

TEST(UplinkMinutes, RoundTripPerUplinkAfterFlushOnly) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  const UplinkMinute up = Minute(kT0, UplinkState::kUp);
  const UplinkMinute lossy = Minute(kT0 + kMin, UplinkState::kDegraded, 180, 40, 80.25);
  const UplinkMinute dead = Minute(kT0 + 2 * kMin, UplinkState::kDown, 180, 180);
  for (const UplinkMinute& m : {up, lossy, dead}) store->RecordUplinkMinute("", m);
  store->RecordUplinkMinute(kLiquid, Minute(kT0, UplinkState::kDown, 3, 3));
  // Queued, not written: the caller never waits for the disk.
  EXPECT_TRUE(store->UplinkMinutes("", kT0, kT0 + kHour).empty());
  EXPECT_FALSE(store->NewestUplinkMinute().has_value());
  store->Flush();

  const auto implicit = store->UplinkMinutes("", kT0, kT0 + kHour);
  ASSERT_EQ(implicit.size(), 3u);
  ExpectSame(implicit[0], up);
  ExpectSame(implicit[1], lossy);
  ExpectSame(implicit[2], dead);
  EXPECT_FALSE(implicit[2].min_ms.has_value()) << "nothing answered: no min, no max";
  const auto liquid = store->UplinkMinutes(kLiquid, kT0, kT0 + kHour);
  ASSERT_EQ(liquid.size(), 1u);
  ExpectSame(liquid[0], Minute(kT0, UplinkState::kDown, 3, 3));
  EXPECT_TRUE(store->UplinkMinutes("Liquid", kT0, kT0 + kHour).empty());
  EXPECT_EQ(store->NewestUplinkMinute(), kT0 + 2 * kMin);
  EXPECT_EQ(store->Health().last_commit, clock.WallNow());
}

TEST(UplinkMinutes, SecondRecordKeepsTheWorseStateAndTheLargerCounts) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  // A partial minute (restart), then the full one: UP 60 samples, DOWN 20 of 20 lost.
  store->RecordUplinkMinute("", Minute(kT0, UplinkState::kDown, 20, 20));
  store->Flush();
  store->RecordUplinkMinute("", Minute(kT0, UplinkState::kUp, 60, 0, 10));
  store->Flush();
  auto got = store->UplinkMinutes("", kT0, kT0 + kMin);
  ASSERT_EQ(got.size(), 1u);
  UplinkMinute want = Minute(kT0, UplinkState::kUp, 60, 0, 10);
  want.state = UplinkState::kDown;  // worse state wins, counts come from the larger record
  ExpectSame(got[0], want);

  // A smaller, better record changes nothing; within one batch too.
  store->RecordUplinkMinute("", Minute(kT0, UplinkState::kUp, 59, 0, 99));
  store->RecordUplinkMinute("", Minute(kT0, UplinkState::kDegraded, 10, 1, 99));
  store->Flush();
  got = store->UplinkMinutes("", kT0, kT0 + kMin);
  ASSERT_EQ(got.size(), 1u);
  ExpectSame(got[0], want);

  // As many samples but more lost: its counts (the worse reading) win.
  store->RecordUplinkMinute("", Minute(kT0, UplinkState::kUp, 60, 6, 11));
  store->Flush();
  got = store->UplinkMinutes("", kT0, kT0 + kMin);
  want = Minute(kT0, UplinkState::kUp, 60, 6, 11);
  want.state = UplinkState::kDown;
  ExpectSame(got.at(0), want);
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM uplink_minutes"), 1);
}

TEST(UplinkMinutes, RangeIsHalfOpenOldestFirstAndStartsAreWholeMinutes) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  for (int i : {5, 1, 4, 0, 3, 2}) {
    store->RecordUplinkMinute("wan", Minute(kT0 + i * kMin, UplinkState::kUp));
  }
  // Off the minute grid: stored at the start of its minute (before 1970-safe floor).
  store->RecordUplinkMinute("wan", Minute(kT0 + 6 * kMin + 59'999, UplinkState::kUp));
  store->Flush();
  EXPECT_EQ(Starts(store->UplinkMinutes("wan", kT0, kT0 + kHour)),
            (std::vector<std::int64_t>{0, kMin, 2 * kMin, 3 * kMin, 4 * kMin, 5 * kMin, 6 * kMin}));
  EXPECT_EQ(Starts(store->UplinkMinutes("wan", kT0 + kMin, kT0 + 3 * kMin)),
            (std::vector<std::int64_t>{kMin, 2 * kMin}));
  EXPECT_EQ(Starts(store->UplinkMinutes("wan", kT0 + kMin + 1, kT0 + 3 * kMin + 1)),
            (std::vector<std::int64_t>{2 * kMin, 3 * kMin}));
  EXPECT_TRUE(store->UplinkMinutes("wan", kT0 + 3 * kMin, kT0 + 3 * kMin).empty());
  EXPECT_TRUE(store->UplinkMinutes("wan", kT0 + 3 * kMin, kT0).empty());
  EXPECT_TRUE(store->UplinkMinutes("wan", kT0 - kHour, kT0).empty());
}

TEST(UplinkMinutes, NewestMinuteIsOverEveryUplink) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  store->RecordUplinkMinute("b", Minute(kT0 + 9 * kMin, UplinkState::kUp));
  store->RecordUplinkMinute("a", Minute(kT0 + 2 * kMin, UplinkState::kUp));
  store->RecordUplinkMinute("", Minute(kT0 + 4 * kMin, UplinkState::kDown));
  store->Flush();
  EXPECT_EQ(store->NewestUplinkMinute(), kT0 + 9 * kMin);
}

TEST(UplinkMinutes, ReadsUseTheIndexesNotAScan) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  SQLite::Database db(dir.db().string(), SQLite::OPEN_READONLY);
  auto plan = [&](const std::string& sql) {
    SQLite::Statement st(db, "EXPLAIN QUERY PLAN " + sql);
    std::string out;
    while (st.executeStep()) out += st.getColumn(3).getString() + "\n";
    return out;
  };
  const std::string range =
      plan("SELECT * FROM uplink_minutes WHERE uplink = 'x' AND minute_ms >= 1 AND minute_ms < 2");
  EXPECT_NE(range.find("USING PRIMARY KEY (uplink=? AND minute_ms>? AND minute_ms<?)"),
            std::string::npos)
      << range;
  const std::string newest = plan("SELECT MAX(minute_ms) FROM uplink_minutes");
  EXPECT_NE(newest.find("uplink_minutes_by_minute"), std::string::npos) << newest;
}

TEST(UplinkMinutes, RestartKeepsTheMinutesAndMergesIntoThem) {
  TempDir dir;
  FakeClock clock;
  {
    auto store = OpenOrDie(Options(dir), clock);
    store->RecordUplinkMinute(kLiquid, Minute(kT0, UplinkState::kDegraded, 100, 10));
    store->RecordUplinkMinute(kLiquid, Minute(kT0 + kMin, UplinkState::kUp));
  }  // closing commits what is queued
  auto store = OpenOrDie(Options(dir), clock);
  auto got = store->UplinkMinutes(kLiquid, kT0, kT0 + kHour);
  ASSERT_EQ(got.size(), 2u);
  ExpectSame(got[0], Minute(kT0, UplinkState::kDegraded, 100, 10));
  store->RecordUplinkMinute(kLiquid, Minute(kT0, UplinkState::kUp, 180, 10));
  store->Flush();
  got = store->UplinkMinutes(kLiquid, kT0, kT0 + kHour);
  EXPECT_EQ(got.at(0).state, UplinkState::kDegraded);
  EXPECT_EQ(got.at(0).samples, 180u);
}

TEST(UplinkMinutes, Version2DatabaseIsMigratedAndKeepsItsRollups) {
  TempDir dir;
  {
    SQLite::Database v2(dir.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    ASSERT_EQ(*Migrate(v2, SchemaMigrations().first(2)), 2);
    v2.exec(
        "INSERT INTO targets VALUES (3, '1.1.1.1', 'icmp', 'external', 1, 0);"
        "INSERT INTO rollup_1m VALUES (1800000000000, 3, 60, 0, 600, 9, 11, 6000, x'');");
    ASSERT_FALSE(v2.tableExists("uplink_minutes"));
  }
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  EXPECT_GE(LatestSchemaVersion(), 3);
  EXPECT_EQ(store->Health().schema_version, LatestSchemaVersion());
  EXPECT_EQ(QueryInt(dir.db(), "PRAGMA user_version"), LatestSchemaVersion());
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count FROM rollup_1m WHERE target_id = 3"), 60);
  store->RecordUplinkMinute("", Minute(kT0, UplinkState::kUp));
  store->Flush();
  EXPECT_EQ(store->UplinkMinutes("", kT0, kT0 + kMin).size(), 1u);
}

TEST(UplinkMinutes, RetentionIsTheRollupsAndDeletesInSlices) {
  TempDir dir;
  FakeClock clock;  // now = kT0
  StoreOptions options = Options(dir);
  options.raw_retention = hours(1);
  options.rollup_retention = hours(48);
  StoreTuning tuning;
  tuning.batch.retention_rows_per_statement = 50;
  tuning.batch.retention_statements_per_slice = 2;
  auto store = OpenOrDie(options, clock, tuning);
  for (int i = 0; i < 300; ++i) {  // 5 hours, 3 days ago: expire
    for (const char* u : {"", "b"}) {
      store->RecordUplinkMinute(u, Minute(kT0 - 72 * kHour + i * kMin, UplinkState::kUp));
    }
  }
  for (int i = 0; i < 30; ++i) {  // 47 h ago: kept, though older than raw retention
    store->RecordUplinkMinute("", Minute(kT0 - 47 * kHour + i * kMin, UplinkState::kDown));
  }
  store->Flush();  // the start-up retention pass follows this first batch, slice by slice
  auto rows = [&] { return QueryInt(dir.db(), "SELECT count(*) FROM uplink_minutes"); };
  ASSERT_TRUE(testing::WaitFor([&] { return rows() == 30; })) << rows();
  EXPECT_EQ(QueryInt(dir.db(), "SELECT min(minute_ms) FROM uplink_minutes"), kT0 - 47 * kHour);

  // Two hours on, those have expired too: a later pass deletes them.
  clock.Advance(hours(2));
  store->Flush();
  EXPECT_TRUE(testing::WaitFor([&] { return rows() == 0; })) << rows();
}

TEST(UplinkMinutes, ReadOnlyStoreReadsThemBesideTheWriterAndAfter) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  store->RecordUplinkMinute(kLiquid, Minute(kT0, UplinkState::kDegraded, 90, 9));
  store->Flush();
  {
    auto beside = Store::OpenReadOnly(dir.path());
    ASSERT_TRUE(beside.ok()) << beside.error();
    const auto got = (*beside)->UplinkMinutes(kLiquid, kT0, kT0 + kMin);
    ASSERT_EQ(got.size(), 1u);
    ExpectSame(got[0], Minute(kT0, UplinkState::kDegraded, 90, 9));
    EXPECT_EQ((*beside)->NewestUplinkMinute(), kT0);
    EXPECT_GT((*beside)->Health().db_bytes, 0u);
    (*beside)->RecordUplinkMinute(kLiquid, Minute(kT0 + kMin, UplinkState::kUp));  // ignored
  }
  store.reset();
  auto after = Store::OpenReadOnly(dir.path());
  ASSERT_TRUE(after.ok()) << after.error();
  EXPECT_EQ((*after)->UplinkMinutes(kLiquid, kT0, kT0 + kHour).size(), 1u);
  EXPECT_EQ((*after)->NewestUplinkMinute(), kT0);
}

// While a commit fails the writer holds what it took; once the database
// heals, one Flush writes all of it: held minutes and samples, and the
// samples queued meanwhile beyond one batch.
TEST(UplinkMinutes, HeldThroughAWriteFailureAndWrittenByTheNextFlush) {
  TempDir dir;
  FakeClock clock;
  StoreTuning tuning;
  tuning.max_batch = 4;
  tuning.batch.retention_statements_per_slice = 10;  // one slice: no extra round to hide behind
  auto store = OpenOrDie(Options(dir), clock, tuning);
  ASSERT_TRUE(store->RegisterTargets(testing::StandardTargets()));
  {
    SQLite::Database admin(dir.db().string(), SQLite::OPEN_READWRITE);
    admin.exec(
        "CREATE TRIGGER ww_fail BEFORE INSERT ON uplink_minutes "
        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  }
  store->RecordUplinkMinute("", Minute(kT0, UplinkState::kUp));
  store->Append(testing::Ok(0, testing::At(0), 10));
  store->Append(testing::Ok(0, testing::At(1000), 10));
  store->Flush();
  ASSERT_FALSE(store->Health().writable);
  EXPECT_NE(store->Health().last_error.find("injected failure"), std::string::npos);
  for (int i = 2; i < 9; ++i) store->Append(testing::Ok(0, testing::At(i * 1000), 10));
  store->RecordUplinkMinute("", Minute(kT0 + kMin, UplinkState::kDown, 180, 180));
  {
    SQLite::Database admin(dir.db().string(), SQLite::OPEN_READWRITE);
    admin.exec("DROP TRIGGER ww_fail");
  }
  store->Flush();
  EXPECT_TRUE(store->Health().writable) << store->Health().last_error;
  EXPECT_EQ(QueryInt(dir.db(), "SELECT count(*) FROM samples"), 9);
  EXPECT_EQ(Starts(store->UplinkMinutes("", kT0, kT0 + kHour)),
            (std::vector<std::int64_t>{0, kMin}));
}

TEST(UplinkMinutes, RowsWithAStateOutOfRangeAreSkippedNotTrusted) {
  TempDir dir;
  FakeClock clock;
  auto store = OpenOrDie(Options(dir), clock);
  store->RecordUplinkMinute("", Minute(kT0, UplinkState::kUp));
  store->Flush();
  {
    SQLite::Database db(dir.db().string(), SQLite::OPEN_READWRITE);
    db.exec(
        "INSERT INTO uplink_minutes VALUES ('', 1800000060000, 7, 10, 99, 1e999, NULL, NULL);"
        "INSERT INTO uplink_minutes VALUES ('', 1800000120000, 1, -5, 3, 0, NULL, NULL);");
  }
  const auto got = store->UplinkMinutes("", kT0, kT0 + kHour);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].start_ms, kT0);
  EXPECT_EQ(got[1].start_ms, kT0 + 2 * kMin);
  EXPECT_EQ(got[1].samples, 0u) << "negative counts read as 0";
  EXPECT_EQ(got[1].lost, 0u) << "never more lost than sent";
}

}  // namespace
}  // namespace ww
