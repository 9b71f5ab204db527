#include "export/dated_files.h"

#include <gtest/gtest.h>

#include "export/file_listing.h"
#include "export_test_util.h"

namespace ww {
namespace {

using export_test::TempDir;
using export_test::WriteFile;

TEST(DatedFiles, TraversalAndOddNamesAreNotSafe) {
  for (const char* bad :
       {"..", ".", "../wanwatch.db", "..%2fwanwatch.db", "%2e%2e", "a/b.csv", "/etc/passwd",
        "a\\b.csv", "..\\x.csv", "x..csv", ".hidden.csv", "", "name with space.csv", "a:b.csv",
        "ping_log_2027-01-15.csv/", "\xc3\xa9.csv"}) {
    EXPECT_FALSE(IsSafeFileName(bad)) << bad;
  }
  EXPECT_FALSE(IsSafeFileName(std::string("a\0b.csv", 7)));
  EXPECT_FALSE(IsSafeFileName(std::string(256, 'a')));
  for (const char* good : {"ping_log_2027-01-15.csv", "drops_2027-01-15.csv",
                           "report_2027-01-15_24h.html", "report_2027-01-15_daily.html", "A-1"}) {
    EXPECT_TRUE(IsSafeFileName(good)) << good;
  }
}

TEST(DatedFiles, ListsRegularFilesWithTheSuffixNewestNameFirst) {
  TempDir dir;
  WriteFile(dir.path() / "ping_log_2027-01-14.csv", "12345");
  WriteFile(dir.path() / "ping_log_2027-01-15.csv", "1");
  WriteFile(dir.path() / "other.txt", "1");
  std::filesystem::create_directory(dir.path() / "sub.csv");
  std::filesystem::create_symlink("/etc/passwd", dir.path() / "link.csv");
  const auto files = ListFiles(dir.path(), ".csv");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].name, "ping_log_2027-01-15.csv");
  EXPECT_EQ(files[1].name, "ping_log_2027-01-14.csv");
  EXPECT_EQ(files[1].size, 5u);
  EXPECT_TRUE(ListFiles(dir.path() / "missing", ".csv").empty());
}

TEST(DatedFiles, PruneKeepsExactlyRetentionDays) {
  TempDir dir;
  for (const char* n : {"report_2027-01-07_24h.html", "report_2027-01-08_daily.html",
                        "report_x.html", "ping_log_2027-01-01.csv"}) {
    WriteFile(dir.path() / n, "x");
  }
  const auto r = PruneDatedFiles(dir.path(), {"report_"}, 7, *ParseDay("2027-01-15"));
  EXPECT_EQ(r.removed, 1);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "report_2027-01-07_24h.html"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "report_2027-01-08_daily.html"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "report_x.html"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "ping_log_2027-01-01.csv"));  // other prefix
}

TEST(DatedFiles, LookUpFileAnswers403ForBadNames404ForMissingAndCapsSize) {
  TempDir dir;
  WriteFile(dir.path() / "ping_log_2027-01-15.csv", "Timestamp\r\n");
  WriteFile(dir.path().parent_path() / "secret.csv", "no");
  EXPECT_EQ(LookUpFile(dir.path(), "ping_log_2027-01-15.csv", ".csv").bytes, "Timestamp\r\n");
  for (const char* bad : {"../secret.csv", "..", "/etc/passwd", "a\\b.csv"}) {
    const FileLookup r = LookUpFile(dir.path(), bad, ".csv");
    EXPECT_EQ(r.status, 403) << bad;
    EXPECT_EQ(r.detail, "Forbidden: invalid file name");
  }
  EXPECT_EQ(LookUpFile(dir.path(), "ping_log_2027-01-16.csv", ".csv").status, 404);
  EXPECT_EQ(LookUpFile(dir.path(), "ping_log_2027-01-15.csv", ".html").status, 404);
  const FileContent big = ReadWholeFile(dir.path() / "ping_log_2027-01-15.csv", 4);
  EXPECT_EQ(big.failure, ReadFailure::kTooLarge);
  EXPECT_NE(big.error.find("ping_log_2027-01-15.csv is 11 bytes"), std::string::npos) << big.error;
}

TEST(FileListing, PageLinksEachFileWithoutScriptOrStyle) {
  std::vector<FileEntry> files{{"report_2027-01-15_24h.html", 2048, {}}};
  const std::string page = FileListPage(FileKind::kReport, files);
  EXPECT_NE(page.find("href=\"/reports/report_2027-01-15_24h.html\""), std::string::npos);
  EXPECT_NE(page.find("href=\"/reports/report_2027-01-15_24h.html?download=1\""),
            std::string::npos);
  EXPECT_NE(page.find("2.0 KiB"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<style"), std::string::npos);
  EXPECT_EQ(page.find("style="), std::string::npos);
  const std::string logs = FileListPage(FileKind::kCsvLog, {});
  EXPECT_NE(logs.find("No log files yet."), std::string::npos);
}

}  // namespace
}  // namespace ww
