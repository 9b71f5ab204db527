#include "tui/log_redirect.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ww::tui {
namespace {

class TuiLogRedirect : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ww-tui-log-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    dist_ = std::make_shared<spdlog::sinks::dist_sink_mt>();
    dist_->add_sink(std::make_shared<spdlog::sinks::ostream_sink_mt>(terminal_));
    logger_ = std::make_shared<spdlog::logger>("tui-test", dist_);
    logger_->set_pattern("%l %v");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string FileText(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::filesystem::path dir_;
  std::ostringstream terminal_;  // stands for stderr
  std::shared_ptr<spdlog::sinks::dist_sink_mt> dist_;
  std::shared_ptr<spdlog::logger> logger_;
};

TEST_F(TuiLogRedirect, SendsLogsToTheFileAndBack) {
  logger_->info("before the view");
  {
    auto redirect = LogRedirect::Start(dist_, {dir_ / "wanwatch.log"});
    ASSERT_TRUE(redirect.ok()) << redirect.error();
    EXPECT_EQ(redirect.value()->LastLine(), "");
    logger_->warn("network: eth0 down");
    logger_->info("network: eth0 up\n");
    EXPECT_NE(redirect.value()->LastLine().find("info network: eth0 up"), std::string::npos)
        << redirect.value()->LastLine();
    EXPECT_EQ(redirect.value()->LastLine().find('\n'), std::string::npos);
    redirect.value()->Flush();
    const std::string file = FileText(dir_ / "wanwatch.log");
    EXPECT_NE(file.find("warning network: eth0 down"), std::string::npos) << file;
    EXPECT_NE(file.find("info network: eth0 up"), std::string::npos) << file;
  }
  logger_->info("after the view");
  const std::string terminal = terminal_.str();
  EXPECT_NE(terminal.find("before the view"), std::string::npos);
  EXPECT_NE(terminal.find("after the view"), std::string::npos);
  EXPECT_EQ(terminal.find("eth0"), std::string::npos) << "nothing on the terminal meanwhile";
}

TEST_F(TuiLogRedirect, FileIsRotatedSmall) {
  auto redirect =
      LogRedirect::Start(dist_, {dir_ / "wanwatch.log", /*max_file_bytes=*/4096, /*max_files=*/2});
  ASSERT_TRUE(redirect.ok()) << redirect.error();
  const std::string line(200, 'x');
  for (int i = 0; i < 200; ++i) logger_->info("{} {}", i, line);
  redirect.value()->Flush();
  std::uintmax_t total = 0;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    total += entry.file_size();
    ++files;
  }
  EXPECT_EQ(files, 3);                  // wanwatch.log, .1, .2
  EXPECT_LE(total, 3u * (4096 + 512));  // bounded, whatever is logged
}

TEST_F(TuiLogRedirect, UnwritableFileIsAnErrorNamingItAndChangesNothing) {
  const auto path = dir_ / "missing-dir" / "sub" / "wanwatch.log";
  std::filesystem::create_directories(dir_ / "missing-dir");
  std::ofstream(dir_ / "missing-dir" / "sub") << "a file where a directory should be";
  auto redirect = LogRedirect::Start(dist_, {path});
  ASSERT_FALSE(redirect.ok());
  EXPECT_NE(redirect.error().find(path.string()), std::string::npos) << redirect.error();
  logger_->info("still on the terminal");
  EXPECT_NE(terminal_.str().find("still on the terminal"), std::string::npos);
}

TEST(TuiLastLineSink, KeepsOnlyTheLastLine) {
  auto sink = std::make_shared<LastLineSink>();
  sink->set_pattern("%v");
  spdlog::logger logger("last-line-test", sink);
  logger.info("one");
  logger.error("two\r\n");
  EXPECT_EQ(sink->LastLine(), "two");
}

}  // namespace
}  // namespace ww::tui
