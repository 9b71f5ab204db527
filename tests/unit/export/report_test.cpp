// The report's numbers from a real store (golden values worked out by hand
// below) and the page built from them.
#include <gtest/gtest.h>

#include <sstream>

#include "config/config.h"
#include "export/report_command.h"
#include "export/report_data.h"
#include "export/report_html.h"
#include "export_test_util.h"
#include "store/store.h"

namespace ww {
namespace {

using export_test::BaseTime;
using export_test::MakeSample;
using export_test::MakeTarget;
using export_test::TempDir;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr const char* kOddName = "a<b>&\"c\", d";

// Ten minutes from 08:00 UTC, one probe a second per target:
//  target 0 (kOddName): 10 ms on even seconds, 20 ms on odd ones;
//  target 1: 30 ms, 200 ms in seconds 300-419 (two minutes of high latency),
//            lost in seconds 100-119 (a 20 s drop is also recorded);
//  target 2: the gateway, 1 ms.
// Connectivity: 1200 probes, 20 lost → uptime 98.333 %, loss 1.667 %.
// Mean: (300×10 + 300×20 + 460×30 + 120×200) / 1180 = 39.661 ms.
// Jitter: target 0 has 599 pairs of |10−20| = 10; target 1 has 579 pairs, two of
// them |30−200| = 170 → (5990 + 340) / 1178 = 5.3735 ms.
// Baseline: the first 30 successes are seconds 0-14 of both targets:
// (8×10 + 7×20 + 15×30) / 30 = 22.333 ms.
// Health: 100 − 3×1.667 − 5 (avg > 30) − 3 (jitter > 5) = 87 → A.
class ReportFromStore : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.data_dir = dir.path();
    auto opened = Store::Open(options, clock);
    ASSERT_TRUE(opened.ok()) << opened.error();
    store = std::move(opened).value();
    ASSERT_TRUE(store
                    ->RegisterTargets({MakeTarget(kOddName, TargetRole::kExternal, true),
                                       MakeTarget("192.0.2.2", TargetRole::kExternal, true),
                                       MakeTarget("gateway", TargetRole::kGateway, false)})
                    .ok());
    for (int i = 0; i < 600; ++i) {
      const WallTime t = BaseTime() + seconds(i);
      store->Append(MakeSample(0, t, true, i % 2 == 0 ? 10 : 20));
      const bool lost = i >= 100 && i < 120;
      store->Append(MakeSample(1, t, !lost, i >= 300 && i < 420 ? 200 : 30));
      store->Append(MakeSample(2, t, true, 1));
    }
    DropRecord drop;
    drop.start = BaseTime() + seconds(100);
    drop.end = BaseTime() + seconds(120);
    drop.duration_sec = 20;
    drop.diagnosis.code = DiagnosisCode::kUpstream;
    drop.diagnosis.text = "ISP / upstream issue (gateway OK, internet down)";
    store->RecordDrop(drop);
    DropRecord old = drop;  // two days earlier: outside the period
    old.start -= hours(48);
    old.end = *old.end - hours(48);
    old.duration_sec = 99;
    store->RecordDrop(old);
    store->Flush();
  }

  ReportRequest Request(const LocalZone& zone) const {
    ReportRequest r;
    r.to = BaseTime() + hours(1);
    r.from = r.to - hours(24);
    r.zone = &zone;
    r.timezone_label = "UTC+02:00";
    r.generated_at = r.to;
    return r;
  }

  TempDir dir;
  FakeClock clock{BaseTime() + hours(1)};
  std::unique_ptr<Store> store;
  const FixedLocalZone plus2{minutes(120)};
};

TEST_F(ReportFromStore, KeyNumbers) {
  auto data = LoadReportData(*store, Request(plus2));
  ASSERT_TRUE(data.ok()) << data.error();
  const ReportData& d = *data;
  EXPECT_EQ(d.probes, 1200u);
  EXPECT_EQ(d.lost, 20u);
  EXPECT_NEAR(d.uptime_pct, 98.3333, 1e-3);
  EXPECT_NEAR(d.loss_pct, 1.6667, 1e-3);
  EXPECT_NEAR(*d.avg_ms, 39.6610, 1e-3);
  EXPECT_DOUBLE_EQ(*d.min_ms, 10);
  EXPECT_DOUBLE_EQ(*d.max_ms, 200);
  EXPECT_NEAR(*d.jitter_ms, 5.3735, 1e-3);
  EXPECT_NEAR(*d.baseline_ms, 22.3333, 1e-3);
  EXPECT_EQ(d.health_score, 87);
  EXPECT_EQ(d.health_grade, "A");
  // p50 falls among the 20 ms probes, p95 and p99 among the 200 ms ones (clamped to max).
  EXPECT_GE(*d.p50_ms, 20);
  EXPECT_LT(*d.p50_ms, 30);
  EXPECT_DOUBLE_EQ(*d.p95_ms, 200);
  EXPECT_DOUBLE_EQ(*d.p99_ms, 200);
  ASSERT_TRUE(d.jitter_coverage_from.has_value());
  EXPECT_EQ(*d.jitter_coverage_from, BaseTime());
}

TEST_F(ReportFromStore, DropsDistributionEventsHeatmapAndTargets) {
  auto data = LoadReportData(*store, Request(plus2));
  ASSERT_TRUE(data.ok()) << data.error();
  const ReportData& d = *data;
  ASSERT_EQ(d.drops.size(), 1u);
  EXPECT_DOUBLE_EQ(d.total_downtime_sec, 20);
  ASSERT_TRUE(d.longest_drop.has_value());
  EXPECT_EQ(d.longest_drop->start, BaseTime() + seconds(100));
  // 20 ms probes sit in the stored 20-30 ms bucket: ln(25/20)/ln(30/20) = 55.03 % below 25.
  EXPECT_DOUBLE_EQ(d.distribution[0], 0);
  EXPECT_NEAR(d.distribution[1], 300 + 300 * 0.550339, 1e-3);
  EXPECT_NEAR(d.distribution[2], 300 * 0.449661 + 460, 1e-3);
  EXPECT_DOUBLE_EQ(d.distribution[3], 0);
  EXPECT_DOUBLE_EQ(d.distribution[4], 0);
  EXPECT_DOUBLE_EQ(d.distribution[5], 120);
  // Minutes 5 and 6 average (60×15 + 60×200) / 120 = 107.5 ms, above 100.
  ASSERT_EQ(d.high_latency.size(), 1u);
  EXPECT_EQ(d.high_latency[0].start, BaseTime() + minutes(5));
  EXPECT_EQ(d.high_latency[0].end, BaseTime() + minutes(7));
  EXPECT_DOUBLE_EQ(d.high_latency[0].avg_ms, 107.5);
  // 08:00 UTC is 10:00 at +02:00.
  for (int h = 0; h < 24; ++h) EXPECT_EQ(d.heatmap[h].has_value(), h == 10) << h;
  EXPECT_NEAR(*d.heatmap[10], 39.661, 1e-3);
  ASSERT_EQ(d.targets.size(), 3u);
  EXPECT_EQ(d.targets[0].name, kOddName);
  EXPECT_EQ(d.targets[1].lost, 20u);
  EXPECT_NEAR(d.targets[1].loss_pct, 3.3333, 1e-3);
  EXPECT_EQ(d.targets[2].role, "gateway");
  EXPECT_DOUBLE_EQ(*d.targets[2].avg_ms, 1);
}

TEST_F(ReportFromStore, HtmlIsSelfContainedEscapedAndShowsTheNumbers) {
  auto data = LoadReportData(*store, Request(plus2));
  ASSERT_TRUE(data.ok()) << data.error();
  const std::string html = BuildReportHtml(*data);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find(" style="), std::string::npos);
  EXPECT_EQ(html.find(kOddName), std::string::npos);
  EXPECT_NE(html.find("a&lt;b&gt;&amp;&quot;c&quot;, d"), std::string::npos);
  for (const char* expected :
       {"87/100", "Grade: A", "98.33%", "1.67%", "39.7 ms", "5.37 ms", "Baseline: 22.3 ms",
        "ISP / upstream issue (gateway OK, internet down)", "Total downtime: 20s",
        "hours in UTC+02:00", "<polyline", "200+", "107.5 ms", "2027-01-15 10:01:40.000"}) {
    EXPECT_NE(html.find(expected), std::string::npos) << expected;
  }
}

TEST_F(ReportFromStore, ReadOnlyStoreSeesTheSameDataBesideTheWriter) {
  auto ro = Store::OpenReadOnly(dir.path());
  ASSERT_TRUE(ro.ok()) << ro.error();
  auto a = LoadReportData(*store, Request(plus2));
  auto b = LoadReportData(*ro.value(), Request(plus2));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(BuildReportHtml(*a), BuildReportHtml(*b));
  EXPECT_FALSE(ro.value()->RegisterTargets({}).ok());
  EXPECT_FALSE(ro.value()->Health().writable);
}

TEST_F(ReportFromStore, ReportCommandWritesTheFileAndPrintsItsPath) {
  Config config;
  config.general.timezone = "+02:00";
  std::ostringstream out, err;
  const auto path = dir.path() / "out" / "r.html";
  EXPECT_EQ(RunReportCommand({"24h", path}, config, dir.path(), clock, out, err), 0) << err.str();
  EXPECT_EQ(out.str(), path.string() + "\n");
  const std::string html = export_test::ReadFile(path);
  EXPECT_NE(html.find("192.0.2.2"), std::string::npos);
  // Default name: the local date (+02:00) and the range, under reports/.
  std::ostringstream out2;
  EXPECT_EQ(RunReportCommand({"7d", std::nullopt}, config, dir.path(), clock, out2, err), 0);
  EXPECT_EQ(out2.str(), (dir.path() / "reports" / "report_2027-01-15_7d.html").string() + "\n");
}

TEST(ReportCommand, BadArgumentsAndMissingDatabaseExit2WithAMessage) {
  TempDir dir;
  FakeClock clock(BaseTime());
  Config config;
  std::ostringstream out, err;
  EXPECT_EQ(RunReportCommand({"1w", std::nullopt}, config, dir.path(), clock, out, err), 2);
  EXPECT_NE(err.str().find("--range: must be 24h, 7d or 30d, got \"1w\""), std::string::npos)
      << err.str();
  err.str("");
  EXPECT_EQ(RunReportCommand({"24h", std::nullopt}, config, dir.path(), clock, out, err), 2);
  EXPECT_NE(err.str().find("no database at " + (dir.path() / "wanwatch.db").string()),
            std::string::npos)
      << err.str();
  config.general.timezone = "Mars/Olympus";
  err.str("");
  EXPECT_EQ(RunReportCommand({"24h", std::nullopt}, config, dir.path(), clock, out, err), 2);
  EXPECT_NE(err.str().find("general.timezone"), std::string::npos) << err.str();
  EXPECT_EQ(out.str(), "");
}

TEST(ReportMath, RangesAndSteps) {
  EXPECT_EQ(*ParseReportRange("7d"), hours(168));
  EXPECT_FALSE(ParseReportRange("24H").ok());
  EXPECT_EQ(ReportChartStep(hours(24)), seconds(120));
  EXPECT_EQ(ReportChartStep(hours(24 * 7)), seconds(900));
  EXPECT_EQ(ReportChartStep(hours(24 * 30)), seconds(3600));
  EXPECT_EQ(ReportEventStep(hours(24)), seconds(60));
  EXPECT_EQ(ReportEventStep(hours(24 * 7)), seconds(300));
}

TEST(ReportMath, EventsSplitAtGapsAndNormalPoints) {
  HistorySeries s;
  s.step = seconds(60);
  const std::optional<double> values[] = {150, 250, std::nullopt, 120, 90, 101};
  for (std::size_t i = 0; i < std::size(values); ++i) {
    s.times.push_back(BaseTime() + minutes(i));
    s.latency.push_back(values[i]);
  }
  const auto events = FindHighLatencyEvents(s, 100);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_DOUBLE_EQ(events[0].avg_ms, 200);
  EXPECT_DOUBLE_EQ(events[0].peak_ms, 250);
  EXPECT_EQ(events[0].end, BaseTime() + minutes(2));
  EXPECT_EQ(events[1].start, BaseTime() + minutes(3));
  EXPECT_EQ(events[2].end, BaseTime() + minutes(6));
}

TEST(ReportMath, EmptyStoreGivesAnEmptyButValidReport) {
  TempDir dir;
  FakeClock clock(BaseTime());
  StoreOptions options;
  options.data_dir = dir.path();
  auto store = Store::Open(options, clock);
  ASSERT_TRUE(store.ok());
  const FixedLocalZone utc{minutes(0)};
  ReportRequest r;
  r.to = BaseTime();
  r.from = r.to - hours(24);
  r.zone = &utc;
  auto data = LoadReportData(*store.value(), r);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->probes, 0u);
  EXPECT_DOUBLE_EQ(data->uptime_pct, 100);
  const std::string html = BuildReportHtml(*data);
  EXPECT_NE(html.find("No latency data in this period"), std::string::npos);
  EXPECT_NE(html.find("No connection drops in this period."), std::string::npos);
  r.zone = nullptr;
  EXPECT_FALSE(LoadReportData(*store.value(), r).ok());
}

}  // namespace
}  // namespace ww

namespace ww {
namespace {

TEST(ReadOnlyStore, AClosedDatabaseIsReadWithoutCreatingWalFiles) {
  export_test::TempDir dir;
  FakeClock clock(export_test::BaseTime());
  {
    StoreOptions options;
    options.data_dir = dir.path();
    auto store = Store::Open(options, clock);
    ASSERT_TRUE(store.ok()) << store.error();
    ASSERT_TRUE(
        store.value()
            ->RegisterTargets({export_test::MakeTarget("192.0.2.9", TargetRole::kExternal, true)})
            .ok());
    store.value()->Append(export_test::MakeSample(0, export_test::BaseTime(), true, 5));
    store.value()->Flush();
  }  // closed: SQLite checkpoints and removes the -wal file
  ASSERT_FALSE(std::filesystem::exists(dir.path() / "wanwatch.db-wal"));
  auto ro = Store::OpenReadOnly(dir.path());
  ASSERT_TRUE(ro.ok()) << ro.error();
  const auto totals = ro.value()->Totals(export_test::BaseTime() - std::chrono::hours(1),
                                         export_test::BaseTime() + std::chrono::hours(1));
  ASSERT_EQ(totals.size(), 1u);
  EXPECT_EQ(totals[0].name, "192.0.2.9");
  EXPECT_EQ(totals[0].count, 1u);
  ro.value().reset();
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "wanwatch.db-wal"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "wanwatch.db-shm"));
}

}  // namespace
}  // namespace ww
