#include "export/report_scheduler.h"

#include <gtest/gtest.h>

#include "export_test_util.h"

namespace ww {
namespace {

using export_test::BaseTime;
using export_test::TempDir;
using export_test::WriteFile;
using std::chrono::hours;
using std::chrono::minutes;

TEST(ReportScheduler, NextDailyReportIsShortlyAfterLocalMidnight) {
  const FixedLocalZone utc{minutes(0)}, india{minutes(330)};
  const WallTime midnight = BaseTime() + hours(16);  // 2027-01-16 00:00 UTC
  DailyReportDue d = NextDailyReport(BaseTime(), utc, minutes(2));
  EXPECT_EQ(d.due, midnight + minutes(2));
  EXPECT_EQ(FormatDay(d.day), "2027-01-15");
  d = NextDailyReport(midnight + minutes(1), utc, minutes(2));  // not yet written
  EXPECT_EQ(FormatDay(d.day), "2027-01-15");
  d = NextDailyReport(midnight + minutes(2), utc, minutes(2));
  EXPECT_EQ(d.due, midnight + hours(24) + minutes(2));
  EXPECT_EQ(FormatDay(d.day), "2027-01-16");
  d = NextDailyReport(BaseTime(), india, minutes(2));  // 13:30 local
  EXPECT_EQ(d.due, midnight - minutes(330) + minutes(2));
  EXPECT_EQ(FormatDay(d.day), "2027-01-15");
}

TEST(ReportScheduler, WritesYesterdaysReportAfterMidnightAndPrunesOldOnes) {
  TempDir dir;
  FakeClock clock(BaseTime() + hours(15) + minutes(59));  // 23:59 UTC
  StoreOptions store_options;
  store_options.data_dir = dir.path();
  auto store = Store::Open(store_options, clock);
  ASSERT_TRUE(store.ok()) << store.error();
  const auto reports = dir.path() / "reports";
  std::filesystem::create_directories(reports);
  WriteFile(reports / "report_2026-12-01_24h.html", "old");
  WriteFile(reports / "report_2026-12-20_24h.html", "recent");
  ReportSchedulerOptions o;
  o.reports_dir = reports;
  o.retention_days = 30;
  o.poll_interval = std::chrono::milliseconds(5);
  ReportScheduler scheduler(o, *store.value(), std::make_unique<FixedLocalZone>(minutes(0)), clock);
  scheduler.Start();
  const auto expected = reports / "report_2027-01-15_daily.html";
  EXPECT_FALSE(export_test::WaitFor([&] { return std::filesystem::exists(expected); },
                                    std::chrono::milliseconds(100)));
  clock.Advance(minutes(4));  // 00:03, one minute after the due time
  EXPECT_TRUE(export_test::WaitFor([&] { return std::filesystem::exists(expected); }));
  scheduler.Stop();
  const std::string html = export_test::ReadFile(expected);
  EXPECT_NE(html.find("daily 2027-01-15"), std::string::npos);
  EXPECT_NE(html.find("2027-01-15 00:00 to 2027-01-16 00:00"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(reports / "report_2026-12-01_24h.html"));
  EXPECT_TRUE(std::filesystem::exists(reports / "report_2026-12-20_24h.html"));
}

}  // namespace
}  // namespace ww

namespace ww {
namespace {

TEST(ReportScheduler, AnUnwritableReportsDirIsAnErrorNamingIt) {
  export_test::TempDir dir;
  FakeClock clock(export_test::BaseTime());
  StoreOptions store_options;
  store_options.data_dir = dir.path();
  auto store = Store::Open(store_options, clock);
  ASSERT_TRUE(store.ok()) << store.error();
  export_test::WriteFile(dir.path() / "reports", "a file, not a directory");
  ReportSchedulerOptions o;
  o.reports_dir = dir.path() / "reports";
  ReportScheduler scheduler(o, *store.value(),
                            std::make_unique<FixedLocalZone>(std::chrono::minutes(0)), clock);
  const Status s = scheduler.WriteDaily(*ParseDay("2027-01-14"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(o.reports_dir.string()), std::string::npos) << s.message();
}

}  // namespace
}  // namespace ww
