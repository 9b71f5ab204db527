// sqlite, disk, memory, process, permissions, scheduler and components: the
// boundaries of api/health_checks.h.

#include "api/health_checks.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

using namespace std::chrono_literals;

const WallTime kNow{std::chrono::seconds{1'800'000'000}};
constexpr std::uint64_t kMiB = 1ull << 20;
constexpr std::uint64_t kGiB = 1ull << 30;

StoreHealth GoodStore() {
  StoreHealth s;
  s.open = true;
  s.writable = true;
  s.schema_version = 7;
  s.last_commit = kNow - 1s;
  s.quick_check_ok = true;
  s.quick_check_detail = "ok";
  s.quick_check_at = kNow - 10min;
  s.db_bytes = 123456;
  return s;
}

TEST(SqliteCheckTest, GoodStoreIsOkWithItsFigures) {
  CheckResult r = SqliteCheck(GoodStore(), {});
  EXPECT_TRUE(r.ok);
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(r.body["open"], true);
  EXPECT_EQ(r.body["writable"], true);
  EXPECT_EQ(r.body["quick_check"], "ok");
  EXPECT_EQ(r.body["quick_check_ok"], true);
  EXPECT_EQ(r.body["quick_check_at"], "2027-01-15T07:50:00.000+00:00");
  EXPECT_TRUE(r.body["last_error"].is_null());
  EXPECT_EQ(r.body["schema_version"], 7);
  EXPECT_EQ(r.body["db_bytes"], 123456);
  EXPECT_EQ(r.body["write_errors"], 0);
  EXPECT_EQ(r.body["queue_dropped"], 0);
}

TEST(SqliteCheckTest, QuickCheckNotRunYetIsOkAndNull) {
  StoreHealth s = GoodStore();
  s.quick_check_ok.reset();
  s.quick_check_detail.clear();
  s.quick_check_at.reset();
  CheckResult r = SqliteCheck(s, {});
  EXPECT_TRUE(r.ok);
  EXPECT_TRUE(r.body["quick_check"].is_null());
  EXPECT_TRUE(r.body["quick_check_at"].is_null());
}

TEST(SqliteCheckTest, EachFailureMakesItNotOk) {
  StoreHealth closed = GoodStore();
  closed.open = false;
  closed.writable = false;
  CheckResult r = SqliteCheck(closed, {});
  EXPECT_FALSE(r.ok);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0], "sqlite: the database is not open");

  StoreHealth full = GoodStore();
  full.writable = false;
  full.last_error = "database or disk is full";
  r = SqliteCheck(full, {});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.body["last_error"], "database or disk is full");
  EXPECT_EQ(r.problems.at(0), "sqlite: the database is not writable: database or disk is full");

  StoreHealth corrupt = GoodStore();
  corrupt.quick_check_ok = false;
  corrupt.quick_check_detail = "*** in database main ***\nPage 5: btreeInitPage() returns error";
  r = SqliteCheck(corrupt, {});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.body["quick_check_ok"], false);
  EXPECT_EQ(r.problems.at(0).rfind("sqlite: PRAGMA quick_check failed: *** in database", 0), 0u);
}

TEST(SqliteCheckTest, CountersCountOnlyWhileTheyGrew) {
  StoreHealth s = GoodStore();
  s.write_errors = 3;
  s.queue_dropped = 40;
  EXPECT_TRUE(SqliteCheck(s, {}).ok);  // old news
  CheckResult errors = SqliteCheck(s, StoreGrowth{true, false});
  EXPECT_FALSE(errors.ok);
  EXPECT_EQ(errors.problems.at(0), "sqlite: 3 write errors, the last within 10 min");
  CheckResult dropped = SqliteCheck(s, StoreGrowth{false, true});
  EXPECT_FALSE(dropped.ok);
  EXPECT_EQ(dropped.problems.at(0),
            "sqlite: 40 samples dropped (writer behind), the last within 10 min");
  EXPECT_EQ(SqliteCheck(s, StoreGrowth{true, true}).problems.size(), 2u);
}

TEST(DiskCheckTest, FivePercentBoundary) {
  const DiskSpace at_limit{100 * kGiB, 5 * kGiB};
  CheckResult ok = DiskCheck("/var/lib/wanwatch", at_limit);
  EXPECT_TRUE(ok.ok);
  EXPECT_EQ(ok.body["path"], "/var/lib/wanwatch");
  EXPECT_EQ(ok.body["free_bytes"], 5 * kGiB);
  EXPECT_EQ(ok.body["total_bytes"], 100 * kGiB);
  EXPECT_EQ(ok.body["free_pct"], 5.0);
  EXPECT_EQ(ok.body["limit_free_pct"], 5.0);
  EXPECT_EQ(ok.body["limit_free_bytes"], 200 * kMiB);

  CheckResult low = DiskCheck("/var/lib/wanwatch", DiskSpace{100 * kGiB, 5 * kGiB - 1});
  EXPECT_FALSE(low.ok);
  EXPECT_EQ(low.problems.at(0),
            "disk: 5119 MiB (5.0 %) free on /var/lib/wanwatch (limit 5.0 % and 200 MiB)");
}

TEST(DiskCheckTest, TwoHundredMebibyteBoundary) {
  EXPECT_TRUE(DiskCheck("/d", DiskSpace{kGiB, 200 * kMiB}).ok);  // 19.5 %
  CheckResult low = DiskCheck("/d", DiskSpace{kGiB, 200 * kMiB - 1});
  EXPECT_FALSE(low.ok);
  EXPECT_EQ(low.body["ok"], false);
}

TEST(DiskCheckTest, UnreadableIsNotOkAndSaysWhy) {
  CheckResult r = DiskCheck("/gone", Result<DiskSpace>::Error("/gone: statvfs failed: No such"));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.body["ok"], false);
  EXPECT_EQ(r.body["path"], "/gone");
  EXPECT_EQ(r.body["error"], "/gone: statvfs failed: No such");
  EXPECT_EQ(r.problems.at(0), "disk: cannot read: /gone: statvfs failed: No such");
}

TEST(MemoryCheckTest, FivePercentBoundary) {
  CheckResult ok = MemoryCheck(MemoryInfo{100 * kMiB, 5 * kMiB});
  EXPECT_TRUE(ok.ok);
  EXPECT_EQ(ok.body["total_bytes"], 100 * kMiB);
  EXPECT_EQ(ok.body["available_bytes"], 5 * kMiB);
  EXPECT_EQ(ok.body["available_pct"], 5.0);
  CheckResult low = MemoryCheck(MemoryInfo{100 * kMiB, 5 * kMiB - 1024});
  EXPECT_FALSE(low.ok);
  EXPECT_EQ(low.problems.at(0), "memory: 4 MiB (5.0 %) available (limit 5.0 %)");
  EXPECT_FALSE(MemoryCheck(Result<MemoryInfo>::Error("/proc/meminfo: no MemTotal line")).ok);
}

TEST(ProcessCheckTest, FiveHundredTwelveMebibyteBoundary) {
  CheckResult ok = ProcessCheck(ProcessMemory{512 * kMiB, 600 * kMiB});
  EXPECT_TRUE(ok.ok);
  EXPECT_EQ(ok.body["rss_bytes"], 512 * kMiB);
  EXPECT_EQ(ok.body["peak_rss_bytes"], 600 * kMiB);
  EXPECT_EQ(ok.body["limit_bytes"], 512 * kMiB);
  CheckResult big = ProcessCheck(ProcessMemory{512 * kMiB + 1, 0});
  EXPECT_FALSE(big.ok);
  EXPECT_EQ(big.problems.at(0), "process: resident set 512 MiB (limit 512 MiB)");
}

TEST(PermissionsCheckTest, PrivateWritableDirIsOk) {
  CheckResult r = PermissionsCheck("/var/lib/wanwatch", DirInfo{0750, 998, true});
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.body["data_dir"], "/var/lib/wanwatch");
  EXPECT_EQ(r.body["mode"], "0750");
  EXPECT_EQ(r.body["owner_uid"], 998);
  EXPECT_EQ(r.body["writable"], true);
  EXPECT_EQ(r.body["world_writable"], false);
}

TEST(PermissionsCheckTest, NotWritableOrWorldWritableIsNotOk) {
  CheckResult ro = PermissionsCheck("/d", DirInfo{0555, 0, false});
  EXPECT_FALSE(ro.ok);
  EXPECT_EQ(ro.problems.at(0), "permissions: /d is not writable by us");
  CheckResult open = PermissionsCheck("/d", DirInfo{0777, 0, true});
  EXPECT_FALSE(open.ok);
  EXPECT_EQ(open.body["world_writable"], true);
  EXPECT_EQ(open.problems.at(0), "permissions: /d is world-writable (mode 0777)");
  // The sticky bit stops others deleting our files, not adding their own.
  EXPECT_FALSE(PermissionsCheck("/d", DirInfo{01777, 0, true}).ok);
  EXPECT_TRUE(PermissionsCheck("/d", DirInfo{0775, 0, true}).ok);  // group-writable is a choice
  EXPECT_FALSE(PermissionsCheck("/d", Result<DirInfo>::Error("/d: stat failed")).ok);
}

ProbeLoopHealth Loop(std::optional<WallTime> last_round_at, Millis interval = 1000ms) {
  ProbeLoopHealth h;
  h.running = true;
  h.round = 42;
  h.last_round_at = last_round_at;
  h.samples_delivered = 126;
  h.round_interval = interval;
  return h;
}

TEST(SchedulerCheckTest, TenSecondsWithoutARoundIsTheLimit) {
  const WallTime started = kNow - 1h;
  CheckResult ok = SchedulerCheck(Loop(kNow - 10s), kNow, started);
  EXPECT_TRUE(ok.ok);
  EXPECT_EQ(ok.body["running"], true);
  EXPECT_EQ(ok.body["round"], 42);
  EXPECT_EQ(ok.body["last_round_age_seconds"], 10.0);
  EXPECT_EQ(ok.body["limit_seconds"], 10.0);
  EXPECT_EQ(ok.body["last_round_at"], "2027-01-15T07:59:50.000+00:00");
  CheckResult stalled = SchedulerCheck(Loop(kNow - 10s - 1ms), kNow, started);
  EXPECT_FALSE(stalled.ok);
  EXPECT_EQ(stalled.problems.at(0), "scheduler: no probe sent for 10.0 s (limit 10.0 s)");
}

TEST(SchedulerCheckTest, SlowTargetsWidenTheLimitToThreeIntervals) {
  const WallTime started = kNow - 1h;
  EXPECT_TRUE(SchedulerCheck(Loop(kNow - 29s, 10s), kNow, started).ok);
  CheckResult r = SchedulerCheck(Loop(kNow - 31s, 10s), kNow, started);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.body["limit_seconds"], 30.0);
}

TEST(SchedulerCheckTest, BeforeTheFirstRoundTheStartCounts) {
  CheckResult young = SchedulerCheck(Loop(std::nullopt), kNow, kNow - 5s);
  EXPECT_TRUE(young.ok);
  EXPECT_TRUE(young.body["last_round_at"].is_null());
  EXPECT_TRUE(young.body["last_round_age_seconds"].is_null());
  CheckResult stuck = SchedulerCheck(Loop(std::nullopt), kNow, kNow - 11s);
  EXPECT_FALSE(stuck.ok);
  EXPECT_EQ(stuck.problems.at(0), "scheduler: no probe sent since start, 11.0 s (limit 10.0 s)");
}

TEST(SchedulerCheckTest, StoppedOrAbsentLoopIsNotOk) {
  ProbeLoopHealth stopped = Loop(kNow - 1s);
  stopped.running = false;
  CheckResult r = SchedulerCheck(stopped, kNow, kNow - 1h);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.body["running"], false);
  EXPECT_EQ(r.problems.at(0), "scheduler: the probe loop is not running");
  CheckResult none = SchedulerCheck(std::nullopt, kNow, kNow - 1h);
  EXPECT_FALSE(none.ok);
  EXPECT_EQ(none.body["round"], -1);
  EXPECT_EQ(none.problems.at(0), "scheduler: the daemon has no probe loop");
}

TEST(ComponentsCheckTest, OkUnlessOwnVerdictOrRecentGrowth) {
  ComponentHealth csv{"csv_logs", true, "0 rows dropped", 0};
  ComponentHealth old_failures{"engine_queue", true, "12 samples dropped", 12};
  ComponentHealth broken{"reports", false, "cannot write reports/", 0};
  CheckResult ok = ComponentsCheck({{csv, false}, {old_failures, false}});
  EXPECT_TRUE(ok.ok);
  ASSERT_EQ(ok.body.size(), 2u);
  EXPECT_EQ(ok.body[1]["name"], "engine_queue");
  EXPECT_EQ(ok.body[1]["ok"], true);
  EXPECT_EQ(ok.body[1]["failures"], 12);

  CheckResult grew = ComponentsCheck({{csv, false}, {old_failures, true}});
  EXPECT_FALSE(grew.ok);
  EXPECT_EQ(grew.body[1]["ok"], false);
  EXPECT_EQ(grew.body[1]["detail"], "12 samples dropped; failures grew within the last 10 min");
  EXPECT_EQ(grew.problems.at(0),
            "components: engine_queue: 12 samples dropped; failures grew within the last 10 min");

  CheckResult own = ComponentsCheck({{broken, false}});
  EXPECT_FALSE(own.ok);
  EXPECT_EQ(own.problems.at(0), "components: reports: cannot write reports/");
  EXPECT_TRUE(ComponentsCheck({}).ok);
}

}  // namespace
}  // namespace ww
