// A real full disk: a tiny tmpfs mounted by the test (needs root; skipped with
// the reason otherwise). The store must keep accepting samples, report the
// error, and write everything once space is back.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/store.h"
#include "store_test_util.h"

namespace ww {
namespace {

namespace fs = std::filesystem;
using testing::At;
using testing::Ok;
using testing::QueryInt;

class StoreDiskFull : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to mount a tmpfs";
    mnt_ = dir_.path() / "small";
    fs::create_directory(mnt_);
    if (mount("tmpfs", mnt_.c_str(), "tmpfs", 0, "size=2m") != 0) {
      GTEST_SKIP() << "cannot mount tmpfs: " << std::strerror(errno);
    }
    mounted_ = true;
  }
  void TearDown() override {
    if (mounted_) umount2(mnt_.c_str(), MNT_DETACH);
  }

  // Writes a file until the filesystem refuses; returns the bytes written.
  std::size_t Fill(const fs::path& file) {
    const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    EXPECT_GE(fd, 0) << std::strerror(errno);
    const std::string chunk(16 * 1024, 'f');
    std::size_t total = 0;
    for (int i = 0; i < 1000; ++i) {  // 16 MB at most, far above the 2 MB mount
      const ssize_t n = write(fd, chunk.data(), chunk.size());
      if (n <= 0) break;
      total += static_cast<std::size_t>(n);
    }
    close(fd);
    return total;
  }

  testing::TempDir dir_;
  fs::path mnt_;
  bool mounted_ = false;
};

TEST_F(StoreDiskFull, KeepsAcceptingReportsAndCatchesUpWhenSpaceReturns) {
  FakeClock clock;
  StoreOptions o;
  o.data_dir = mnt_;
  o.batch_interval = std::chrono::hours(1);
  auto opened = Store::Open(o, clock);
  ASSERT_TRUE(opened.ok()) << opened.error();
  Store& store = **opened;
  ASSERT_TRUE(store.RegisterTargets(testing::StandardTargets()));
  for (int i = 0; i < 10; ++i) store.Append(Ok(0, At(i * 1000), 10));
  store.Flush();
  ASSERT_TRUE(store.Health().writable);

  const fs::path filler = mnt_ / "filler";
  ASSERT_GT(Fill(filler), 0u);
  // Far more than the WAL already holds, so the commit must allocate.
  constexpr int kDuring = 20'000;
  for (int i = 0; i < kDuring; ++i) {
    store.Append(Ok(static_cast<TargetId>(i % 3), At(100'000 + i * 10), 5 + i % 40));
  }
  store.Flush();
  StoreHealth h = store.Health();
  EXPECT_FALSE(h.writable);
  EXPECT_NE(h.last_error.find("full"), std::string::npos) << h.last_error;
  EXPECT_GE(h.write_errors, 1u);
  for (int i = 0; i < 100; ++i) store.Append(Ok(1, At(900'000 + i * 1000), 7));
  EXPECT_EQ(store.Health().queue_dropped, 0u);

  fs::remove(filler);
  store.Flush();
  h = store.Health();
  EXPECT_TRUE(h.writable) << h.last_error;
  EXPECT_EQ(h.last_error, "");
  EXPECT_EQ(QueryInt(mnt_ / "wanwatch.db", "SELECT count(*) FROM samples"), 10 + kDuring + 100);
  EXPECT_EQ(QueryInt(mnt_ / "wanwatch.db", "SELECT sum(count) FROM rollup_1h"), 10 + kDuring + 100);
}

}  // namespace
}  // namespace ww
