#include "export/csv_format.h"

#include <gtest/gtest.h>

#include "export/local_time.h"
#include "export_test_util.h"

namespace ww {
namespace {

using export_test::BaseTime;
using export_test::CsvCells;

const FixedLocalZone kUtc{std::chrono::minutes(0)};

PingRow FullRow() {
  PingRow r;
  r.time = BaseTime() + std::chrono::milliseconds(1234);
  r.target = "1.1.1.1";
  r.success = true;
  r.latency_ms = 12.3456;
  r.gateway_ms = 0.5;
  r.dns_ms = 20;
  r.wifi_signal_pct = 77;
  r.packet_loss_pct = 1.25;
  r.avg_latency_ms = 13.5;
  r.jitter_ms = 0.75;
  r.p95_ms = 18.125;
  r.uptime_pct = 98.75;
  r.trend = "rising";
  r.health_score = 93;
  r.health_grade = "A+";
  r.baseline_ms = 11;
  r.public_ip = "192.0.2.1";
  r.isp = "Example ISP";
  return r;
}

TEST(CsvFormat, HeaderHasTheOriginalsEighteenColumns) {
  const auto cells = CsvCells(std::string(kPingLogHeader));
  ASSERT_EQ(cells.size(), 18u);
  EXPECT_EQ(cells.front(), "Timestamp");
  EXPECT_EQ(cells[4], "GatewayMs");
  EXPECT_EQ(cells.back(), "ISP");
  EXPECT_EQ(CsvCells(std::string(kDropsLogHeader)),
            (std::vector<std::string>{"Start", "End", "Duration", "Target", "Diagnosis"}));
}

TEST(CsvFormat, PingRowHasEveryColumnInOrder) {
  const std::string line = FormatPingRow(FullRow(), kUtc);
  ASSERT_TRUE(line.ends_with("\r\n"));
  EXPECT_EQ(line,
            "2027-01-15 08:00:01.234,1.1.1.1,True,12.346,0.5,20,77,1.25,13.5,0.75,18.125,98.75,"
            "rising,93,A+,11,192.0.2.1,Example ISP\r\n");
}

TEST(CsvFormat, MissingValuesAreEmptyCells) {
  PingRow r;
  r.time = BaseTime();
  r.target = "8.8.8.8";
  r.success = false;
  r.packet_loss_pct = 100;
  r.uptime_pct = 0;
  r.trend = "collecting";
  r.health_score = 0;
  r.health_grade = "F";
  const std::string line = FormatPingRow(r, kUtc);
  const auto cells = CsvCells(line.substr(0, line.size() - 2));
  ASSERT_EQ(cells.size(), 18u);
  EXPECT_EQ(cells[2], "False");
  for (int i : {3, 4, 5, 6, 8, 9, 10, 15, 16, 17}) EXPECT_EQ(cells[i], "") << "column " << i;
  EXPECT_EQ(cells[7], "100");
  EXPECT_EQ(cells[11], "0");
}

TEST(CsvFormat, TargetNamesWithCommasAndQuotesAreQuoted) {
  PingRow r = FullRow();
  r.target = "office, \"main\" line";
  const std::string line = FormatPingRow(r, kUtc);
  EXPECT_NE(line.find(",\"office, \"\"main\"\" line\",True,"), std::string::npos) << line;
  const auto cells = CsvCells(line.substr(0, line.size() - 2));
  ASSERT_EQ(cells.size(), 18u);
  EXPECT_EQ(cells[1], "office, \"main\" line");
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField(""), "");
}

TEST(CsvFormat, TimestampsAreLocalToTheConfiguredZone) {
  const FixedLocalZone india{std::chrono::minutes(330)};
  const std::string line = FormatPingRow(FullRow(), india);
  EXPECT_TRUE(line.starts_with("2027-01-15 13:30:01.234,")) << line;
}

TEST(CsvFormat, DropRowFinishedAndOngoing) {
  DropRecord d;
  d.start = BaseTime();
  d.end = BaseTime() + std::chrono::milliseconds(12'346);
  d.duration_sec = 12.346;
  d.diagnosis.text = "ISP / upstream issue (gateway OK, internet down)";
  EXPECT_EQ(FormatDropRow(d, "1.1.1.1;8.8.8.8", kUtc),
            "2027-01-15 08:00:00.000,2027-01-15 08:00:12.346,12.35,1.1.1.1;8.8.8.8,"
            "\"ISP / upstream issue (gateway OK, internet down)\"\r\n");
  d.end.reset();
  EXPECT_EQ(FormatDropRow(d, "a", kUtc),
            "2027-01-15 08:00:00.000,,12.35,a,\"ISP / upstream issue (gateway OK, internet "
            "down)\"\r\n");
}

TEST(CsvFormat, FileNamesCarryTheLocalDate) {
  const LocalDay day = LocalDayOf(BaseTime(), kUtc);
  EXPECT_EQ(PingLogName(day), "ping_log_2027-01-15.csv");
  EXPECT_EQ(DropsLogName(day), "drops_2027-01-15.csv");
}

}  // namespace
}  // namespace ww
