#include "api/system_stats.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "../common/temp_dir.h"

namespace ww {
namespace {

// From a Debian 12 machine (trimmed).
constexpr std::string_view kMemInfo =
    "MemTotal:       24683620 kB\n"
    "MemFree:        20705796 kB\n"
    "MemAvailable:   22826816 kB\n"
    "Buffers:           68940 kB\n"
    "Cached:          1656892 kB\n"
    "HugePages_Total:       0\n"
    "Hugepagesize:       2048 kB\n";

constexpr std::string_view kProcStatus =
    "Name:\twanwatch\n"
    "Umask:\t0022\n"
    "State:\tS (sleeping)\n"
    "Pid:\t4242\n"
    "VmPeak:\t  412340 kB\n"
    "VmHWM:\t   23456 kB\n"
    "VmRSS:\t   21000 kB\n"
    "Threads:\t9\n";

TEST(ParseMemInfoTest, ReadsTotalAndAvailableInBytes) {
  Result<MemoryInfo> m = ParseMemInfo(kMemInfo);
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->total_bytes, 24683620ull * 1024);
  EXPECT_EQ(m->available_bytes, 22826816ull * 1024);
}

TEST(ParseMemInfoTest, WithoutMemAvailableAddsFreeBuffersAndCached) {
  Result<MemoryInfo> m = ParseMemInfo(
      "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 20 kB\nCached: 300 kB\nSwapTotal: 0 kB\n");
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->total_bytes, 1000ull * 1024);
  EXPECT_EQ(m->available_bytes, 420ull * 1024);
}

TEST(ParseMemInfoTest, MissingTotalIsAnErrorNamingFileAndField) {
  Result<MemoryInfo> m = ParseMemInfo("MemFree: 100 kB\nMemAvailable: 200 kB\n");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error(), "/proc/meminfo: no MemTotal line");
}

TEST(ParseMemInfoTest, ValueThatIsNotKilobytesIsAnError) {
  Result<MemoryInfo> m = ParseMemInfo("MemTotal: 1000 kB\nMemAvailable: lots kB\n");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error(), "/proc/meminfo: MemAvailable is 'lots kB', not a number of kB");
  EXPECT_FALSE(ParseMemInfo("MemTotal: 1000 MB\n").ok());
  EXPECT_FALSE(ParseMemInfo("MemTotal: 99999999999999999999 kB\n").ok());  // overflows
}

TEST(ParseMemInfoTest, WithoutMemAvailableAMissingPartIsAnError) {
  Result<MemoryInfo> m = ParseMemInfo("MemTotal: 1000 kB\nMemFree: 100 kB\nCached: 3 kB\n");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error(), "/proc/meminfo: no Buffers line");
}

TEST(ParseMemInfoTest, EmptyOrGarbageTextIsAnError) {
  EXPECT_FALSE(ParseMemInfo("").ok());
  EXPECT_FALSE(ParseMemInfo(":\n::\nno colon here\n").ok());
}

TEST(ParseProcStatusTest, ReadsRssAndPeak) {
  Result<ProcessMemory> p = ParseProcStatus(kProcStatus);
  ASSERT_TRUE(p.ok()) << p.error();
  EXPECT_EQ(p->rss_bytes, 21000ull * 1024);
  EXPECT_EQ(p->peak_rss_bytes, 23456ull * 1024);
}

TEST(ParseProcStatusTest, PeakIsOptional) {
  Result<ProcessMemory> p = ParseProcStatus("Name:\tx\nVmRSS:\t  8 kB\n");
  ASSERT_TRUE(p.ok()) << p.error();
  EXPECT_EQ(p->rss_bytes, 8192u);
  EXPECT_EQ(p->peak_rss_bytes, 0u);
}

TEST(ParseProcStatusTest, NoRssIsAnError) {
  // A kernel thread's status has no Vm* lines.
  Result<ProcessMemory> p = ParseProcStatus("Name:\tkthreadd\nState:\tS (sleeping)\n");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error(), "/proc/self/status: no VmRSS line");
}

TEST(ModeStringTest, FourOctalDigitsOfThePermissionBits) {
  EXPECT_EQ(ModeString(0750), "0750");
  EXPECT_EQ(ModeString(01777), "1777");
  EXPECT_EQ(ModeString(0), "0000");
  EXPECT_EQ(ModeString(S_IFDIR | 0700), "0700");  // the file type is not part of it
}

TEST(SystemReadsTest, ThisMachineAndThisProcess) {
  Result<MemoryInfo> m = ReadMemoryInfo();
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_GT(m->total_bytes, 0u);
  EXPECT_LE(m->available_bytes, m->total_bytes);
  Result<ProcessMemory> p = ReadProcessMemory();
  ASSERT_TRUE(p.ok()) << p.error();
  EXPECT_GT(p->rss_bytes, 0u);
}

TEST(SystemReadsTest, MissingFileIsAnErrorNamingIt) {
  Result<MemoryInfo> m = ReadMemoryInfo("/nonexistent/meminfo");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().find("/nonexistent/meminfo: cannot open"), std::string::npos) << m.error();
}

TEST(SystemReadsTest, DiskSpaceOfADirectory) {
  unit_test::TempDir dir("ww-health");
  Result<DiskSpace> d = ReadDiskSpace(dir.path());
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_GT(d->total_bytes, 0u);
  EXPECT_LE(d->free_bytes, d->total_bytes);
  Result<DiskSpace> missing = ReadDiskSpace(dir.path() / "gone");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("gone: statvfs failed"), std::string::npos) << missing.error();
}

TEST(SystemReadsTest, DirInfoReportsModeOwnerAndWritable) {
  unit_test::TempDir dir("ww-health");
  ASSERT_EQ(::chmod(dir.path().c_str(), 0777), 0);
  Result<DirInfo> info = ReadDirInfo(dir.path());
  ASSERT_TRUE(info.ok()) << info.error();
  EXPECT_EQ(info->mode, 0777u);
  EXPECT_EQ(info->owner_uid, ::getuid());
  EXPECT_TRUE(info->writable);

  const std::filesystem::path file = dir.Write("wanwatch.db", "x");
  Result<DirInfo> not_dir = ReadDirInfo(file);
  ASSERT_FALSE(not_dir.ok());
  EXPECT_EQ(not_dir.error(), file.string() + ": not a directory");
  Result<DirInfo> missing = ReadDirInfo(dir.path() / "gone");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("gone: stat failed"), std::string::npos) << missing.error();
}

}  // namespace
}  // namespace ww
