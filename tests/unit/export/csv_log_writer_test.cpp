#include "export/csv_log_writer.h"

#include <gtest/gtest.h>

#include "export/csv_format.h"
#include "export_test_util.h"

namespace ww {
namespace {

using export_test::BaseTime;
using export_test::CsvCells;
using export_test::Lines;
using export_test::MakeSample;
using export_test::MakeTarget;
using export_test::ReadFile;
using export_test::TempDir;
using export_test::WriteFile;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

// 0, 1: external connectivity ICMP; 2: gateway; 3: DNS check.
std::vector<TargetSpec> Targets() {
  auto dns = MakeTarget("dns 192.0.2.53", TargetRole::kExternal, false, ProbeKind::kDns);
  dns.interval = std::chrono::seconds(5);
  return {MakeTarget("192.0.2.1", TargetRole::kExternal, true),
          MakeTarget("a \"quoted\", name", TargetRole::kExternal, true),
          MakeTarget("gateway", TargetRole::kGateway, false), dns};
}

std::shared_ptr<const Snapshot> Snap() {
  auto s = std::make_shared<Snapshot>();
  s->packet_loss_pct = 2.5;
  s->avg_latency = 11.5;
  s->jitter = 0.25;
  s->p95 = 14;
  s->uptime_pct = 97.5;
  s->trend_label = "stable";
  s->health_score = 88;
  s->health_grade = "A";
  s->baseline = 10.5;
  return s;
}

struct Fixture {
  explicit Fixture(int offset_minutes = 0, CsvLogOptions o = {}) : clock(BaseTime()) {
    o.dir = dir.path() / "logs";
    writer = std::make_unique<CsvLogWriter>(
        o, Targets(), std::make_unique<FixedLocalZone>(minutes(offset_minutes)), clock);
  }
  std::string Log(const std::string& name) { return ReadFile(dir.path() / "logs" / name); }
  TempDir dir;
  FakeClock clock;
  std::unique_ptr<CsvLogWriter> writer;
};

TEST(CsvLogWriter, OneRowPerConnectivityProbeWithGatewayDnsAndSnapshot) {
  Fixture f;
  f.writer->Start();
  const WallTime t = BaseTime();
  f.writer->PostSample(MakeSample(3, t - std::chrono::seconds(2), true, 21.5), Snap());  // DNS
  f.writer->PostSample(MakeSample(2, t, true, 0.75), Snap());                            // gateway
  f.writer->PostSample(MakeSample(0, t, true, 12.25), Snap());
  f.writer->PostSample(MakeSample(1, t, false), nullptr);
  f.writer->Stop();
  const auto lines = Lines(f.Log("ping_log_2027-01-15.csv"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], kPingLogHeader);
  EXPECT_EQ(lines[1],
            "2027-01-15 08:00:00.000,192.0.2.1,True,12.25,0.75,21.5,,2.5,11.5,0.25,14,97.5,stable,"
            "88,A,10.5,,");
  const auto cells = CsvCells(lines[2]);
  ASSERT_EQ(cells.size(), 18u);
  EXPECT_EQ(cells[1], "a \"quoted\", name");
  EXPECT_EQ(cells[2], "False");
  EXPECT_EQ(cells[3], "");
  EXPECT_EQ(f.writer->stats().rows_written, 2u);
}

TEST(CsvLogWriter, StaleGatewayAndDnsResultsAreNotReused) {
  Fixture f;
  f.writer->Start();
  const WallTime t = BaseTime();
  f.writer->PostSample(MakeSample(3, t - std::chrono::seconds(11), true, 21.5), Snap());
  f.writer->PostSample(MakeSample(2, t - std::chrono::seconds(2), true, 0.75), Snap());
  f.writer->PostSample(MakeSample(0, t, true, 12.25), Snap());
  f.writer->Stop();
  const auto cells = CsvCells(Lines(f.Log("ping_log_2027-01-15.csv")).at(1));
  EXPECT_EQ(cells[4], "");  // gateway older than 1.5 intervals (1 s)
  EXPECT_EQ(cells[5], "");  // DNS older than twice its 5 s interval
}

TEST(CsvLogWriter, DayRolloverInUtc) {
  Fixture f;
  f.writer->Start();
  const WallTime midnight = BaseTime() + hours(16);
  f.writer->PostSample(MakeSample(0, midnight - milliseconds(1), true, 1), Snap());
  f.writer->PostSample(MakeSample(0, midnight, true, 2), Snap());
  f.writer->Stop();
  const auto before = Lines(f.Log("ping_log_2027-01-15.csv"));
  const auto after = Lines(f.Log("ping_log_2027-01-16.csv"));
  ASSERT_EQ(before.size(), 2u);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0], kPingLogHeader);
  EXPECT_TRUE(before[1].starts_with("2027-01-15 23:59:59.999,")) << before[1];
  EXPECT_TRUE(after[1].starts_with("2027-01-16 00:00:00.000,")) << after[1];
}

TEST(CsvLogWriter, DayRolloverAtAFixedOffsetAndDropsLogByEndDay) {
  Fixture f(-300);  // UTC-05:00: local midnight is 05:00 UTC
  f.writer->Start();
  const WallTime local_midnight = BaseTime() + hours(21);  // 2027-01-16 05:00 UTC
  f.writer->PostSample(MakeSample(0, local_midnight - milliseconds(1), true, 1), Snap());
  f.writer->PostSample(MakeSample(0, local_midnight, true, 2), Snap());
  DropRecord drop;
  drop.start = local_midnight - std::chrono::seconds(3);
  drop.end = local_midnight + std::chrono::seconds(4);
  drop.duration_sec = 7;
  drop.diagnosis.text = "Local network down (gateway unreachable)";
  f.writer->PostDropEnded(drop);
  f.writer->Stop();
  EXPECT_TRUE(Lines(f.Log("ping_log_2027-01-15.csv")).at(1).starts_with("2027-01-15 23:59:59.999"));
  EXPECT_TRUE(Lines(f.Log("ping_log_2027-01-16.csv")).at(1).starts_with("2027-01-16 00:00:00.000"));
  const auto drops = Lines(f.Log("drops_2027-01-16.csv"));
  ASSERT_EQ(drops.size(), 2u);
  EXPECT_EQ(drops[0], kDropsLogHeader);
  EXPECT_EQ(drops[1],
            "2027-01-15 23:59:57.000,2027-01-16 00:00:04.000,7.00,\"192.0.2.1;a \"\"quoted\"\", "
            "name\",Local network down (gateway unreachable)");
  EXPECT_FALSE(std::filesystem::exists(f.dir.path() / "logs" / "drops_2027-01-15.csv"));
}

TEST(CsvLogWriter, AppendsToAnExistingFileWithoutASecondHeader) {
  Fixture f;
  std::filesystem::create_directories(f.dir.path() / "logs");
  WriteFile(f.dir.path() / "logs" / "ping_log_2027-01-15.csv",
            std::string(kPingLogHeader) + "\r\nearlier row\r\n");
  f.writer->Start();
  f.writer->PostSample(MakeSample(0, BaseTime(), true, 1), Snap());
  f.writer->Stop();
  const auto lines = Lines(f.Log("ping_log_2027-01-15.csv"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], "earlier row");
}

TEST(CsvLogWriter, PrunesFilesOlderThanRetentionAtStart) {
  CsvLogOptions o;
  o.retention_days = 3;
  Fixture f(0, o);
  const auto logs = f.dir.path() / "logs";
  std::filesystem::create_directories(logs);
  // FakeClock is at 2027-01-15: keep the 12th and later, remove the 11th and earlier.
  for (const char* name :
       {"ping_log_2027-01-11.csv", "drops_2026-12-31.csv", "ping_log_2027-01-12.csv",
        "drops_2027-01-14.csv", "notes.txt", "ping_log_garbage.csv"}) {
    WriteFile(logs / name, "x");
  }
  f.writer->Start();
  f.writer->Stop();
  EXPECT_FALSE(std::filesystem::exists(logs / "ping_log_2027-01-11.csv"));
  EXPECT_FALSE(std::filesystem::exists(logs / "drops_2026-12-31.csv"));
  for (const char* kept :
       {"ping_log_2027-01-12.csv", "drops_2027-01-14.csv", "notes.txt", "ping_log_garbage.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(logs / kept)) << kept;
  }
  EXPECT_EQ(f.writer->stats().files_pruned, 2u);
}

TEST(CsvLogWriter, PrunesAgainWhenANewDayBegins) {
  CsvLogOptions o;
  o.retention_days = 1;
  Fixture f(0, o);
  const auto logs = f.dir.path() / "logs";
  std::filesystem::create_directories(logs);
  WriteFile(logs / "ping_log_2027-01-14.csv", "x");  // kept on the 15th, too old on the 16th
  f.writer->Start();
  f.writer->PostSample(MakeSample(0, BaseTime(), true, 1), Snap());
  f.writer->PostSample(MakeSample(0, BaseTime() + hours(16), true, 1), Snap());
  f.writer->Stop();
  EXPECT_FALSE(std::filesystem::exists(logs / "ping_log_2027-01-14.csv"));
  EXPECT_TRUE(std::filesystem::exists(logs / "ping_log_2027-01-15.csv"));
  EXPECT_TRUE(std::filesystem::exists(logs / "ping_log_2027-01-16.csv"));
}

TEST(CsvLogWriter, AFullQueueDropsRowsAndCountsThem) {
  CsvLogOptions o;
  o.queue_capacity = 2;
  Fixture f(0, o);
  for (int i = 0; i < 5; ++i) {
    f.writer->PostSample(MakeSample(0, BaseTime() + std::chrono::seconds(i), true, i), Snap());
  }
  EXPECT_EQ(f.writer->stats().rows_dropped, 3u);
  f.writer->Start();
  f.writer->Stop();
  const auto lines = Lines(f.Log("ping_log_2027-01-15.csv"));
  ASSERT_EQ(lines.size(), 3u);  // the newest two survive
  EXPECT_TRUE(lines[1].starts_with("2027-01-15 08:00:03.000")) << lines[1];
}

TEST(CsvLogWriter, DiskErrorsAreCountedNotFatal) {
  TempDir dir;
  WriteFile(dir.path() / "logs", "a file where the directory should be");
  FakeClock clock(BaseTime());
  CsvLogOptions o;
  o.dir = dir.path() / "logs";
  CsvLogWriter writer(o, Targets(), std::make_unique<FixedLocalZone>(minutes(0)), clock);
  writer.Start();
  writer.PostSample(MakeSample(0, BaseTime(), true, 1), Snap());
  writer.PostSample(MakeSample(1, BaseTime(), true, 1), Snap());
  writer.Stop();
  const CsvLogStats s = writer.stats();
  EXPECT_EQ(s.write_errors, 2u);
  EXPECT_EQ(s.rows_failed, 2u);
  EXPECT_EQ(s.rows_written, 0u);
  EXPECT_NE(s.last_error.find(o.dir.string()), std::string::npos) << s.last_error;
}

}  // namespace
}  // namespace ww
