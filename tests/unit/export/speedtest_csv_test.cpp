// speedtest_results.csv: Hermes's columns first, unknown figures empty (never
// 0), RFC 4180 quoting, the header written once.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "../common/temp_dir.h"
#include "export/speedtest_csv.h"

namespace ww {
namespace {

SpeedtestResult Measured() {
  SpeedtestResult r;
  r.id = 7;
  r.timestamp = WallTime{std::chrono::seconds{1'800'000'000}};
  r.ok = true;
  r.engine = "librespeed";
  r.trigger = "scheduled";
  r.server_url = "http://127.0.0.1:8989/";
  r.server_name = "127.0.0.1";
  r.server_location = "Berlin, DE";
  r.isp = "Example \"ISP\"";
  r.download_mbps = 250.456;
  r.upload_mbps = 35.2;
  r.ping_ms = 15.3;
  r.jitter_ms = 2.1;
  r.packet_loss_pct = 0;
  r.bufferbloat_grade = "A+";
  r.bytes_downloaded = 1000;
  r.bytes_uploaded = 200;
  r.streams = 4;
  r.duration_seconds = 23.44;
  return r;
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(SpeedtestCsv, HeaderStartsWithHermesColumns) {
  EXPECT_TRUE(std::string(kSpeedtestCsvHeader)
                  .starts_with("timestamp,download_mbps,upload_mbps,ping_ms,jitter_ms,isp_name,"
                               "server_name,server_location,server_id,"));
}

TEST(SpeedtestCsv, MeasuredRow) {
  EXPECT_EQ(FormatSpeedtestCsvRow(Measured()),
            "2027-01-15T08:00:00+00:00,250.46,35.20,15.30,2.10,\"Example \"\"ISP\"\"\",127.0.0.1,"
            "\"Berlin, DE\",,7,ok,,librespeed,scheduled,1,http://127.0.0.1:8989/,,0.00,,,,,A+,"
            "1000,200,4,23.4\r\n");
}

TEST(SpeedtestCsv, FailedRowHasEmptyFiguresNotZeros) {
  SpeedtestResult r;
  r.timestamp = WallTime{std::chrono::seconds{1'800'000'000}};
  r.error = "refused, twice";
  r.trigger = "manual";
  r.attempt = 2;
  EXPECT_EQ(FormatSpeedtestCsvRow(r),
            "2027-01-15T08:00:00+00:00,,,,,,,,,0,failed,\"refused, twice\",,manual,2,,,,,,,,,0,0,0,"
            "0.0\r\n");
}

TEST(SpeedtestCsv, AppendWritesTheHeaderOnce) {
  unit_test::TempDir dir("ww-speedtest-csv");
  const auto file = dir.path() / "logs" / "speedtest_results.csv";
  ASSERT_TRUE(AppendSpeedtestCsv(file, Measured()).ok());
  ASSERT_TRUE(AppendSpeedtestCsv(file, Measured()).ok());
  const std::string row = FormatSpeedtestCsvRow(Measured());
  EXPECT_EQ(ReadFile(file), std::string(kSpeedtestCsvHeader) + "\r\n" + row + row);
}

TEST(SpeedtestCsv, UnwritablePlaceIsAnError) {
  unit_test::TempDir dir("ww-speedtest-csv");
  const auto blocker = dir.Write("logs", "a file where the directory should be");
  const Status s = AppendSpeedtestCsv(blocker / "speedtest_results.csv", Measured());
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("logs"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace ww
