#include "probe/interface_state.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace ww {
namespace {

TEST(OperStateTest, ParsesKernelWords) {
  EXPECT_EQ(ParseOperState("up\n"), OperState::kUp);
  EXPECT_EQ(ParseOperState("down\n"), OperState::kDown);
  EXPECT_EQ(ParseOperState("lowerlayerdown\n"), OperState::kLowerLayerDown);
  EXPECT_EQ(ParseOperState("dormant"), OperState::kDormant);
  EXPECT_EQ(ParseOperState("unknown\n"), OperState::kUnknown);
  EXPECT_EQ(ParseOperState("sideways\n"), OperState::kUnknown);
  EXPECT_EQ(ToString(OperState::kLowerLayerDown), "lowerlayerdown");
}

class ReadOperStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ww_operstate_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_ / "eth0");
    std::ofstream(dir_ / "eth0" / "operstate") << "up\n";
    std::filesystem::create_directories(dir_ / "broken");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(ReadOperStateTest, ReadsTheFile) {
  auto s = ReadOperState(dir_.string(), "eth0");
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(*s, OperState::kUp);
}

TEST_F(ReadOperStateTest, MissingInterfaceIsNotPresent) {
  auto s = ReadOperState(dir_.string(), "eth7");
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(*s, OperState::kNotPresent);
}

TEST_F(ReadOperStateTest, UnreadableFileIsAnErrorNamingTheInterface) {
  auto s = ReadOperState(dir_.string(), "broken");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error(), "interface 'broken': cannot read " +
                           (dir_ / "broken" / "operstate").string() +
                           ": No such file or directory");
}

TEST_F(ReadOperStateTest, InvalidNamesAreRejected) {
  EXPECT_EQ(ReadOperState(dir_.string(), "").error(), "interface name '' is invalid");
  EXPECT_EQ(ReadOperState(dir_.string(), "..").error(), "interface name '..' is invalid");
  EXPECT_EQ(ReadOperState(dir_.string(), "a/b").error(), "interface name 'a/b' is invalid");
  EXPECT_FALSE(ReadOperState(dir_.string(), "sixteen-chars-xx").ok());
}

TEST(ReadOperStateLiveTest, LoopbackIsReadable) {
  if (!std::filesystem::exists("/sys/class/net/lo")) GTEST_SKIP() << "no sysfs here";
  auto s = ReadOperState("/sys/class/net", "lo");
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(*s, OperState::kUnknown);  // the kernel reports lo as "unknown"
}

}  // namespace
}  // namespace ww
