#include "config/data_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "temp_dir.h"

namespace ww {
namespace {

namespace fs = std::filesystem;

fs::path Resolve(const Config& c, const Environment& env, const fs::path& cwd = "/work") {
  auto r = ResolveDataDir(c, env, cwd);
  EXPECT_TRUE(r.ok()) << r.error();
  return r.ok() ? r.value() : fs::path();
}

const Environment kAll{{"STATE_DIRECTORY", "/var/lib/wanwatch:/var/lib/other"},
                       {"XDG_STATE_HOME", "/home/u/.state"},
                       {"HOME", "/home/u"}};

TEST(DataDir, ConfiguredValueComesFirst) {
  Config c;
  c.general.data_dir = "/srv/ww";
  EXPECT_EQ(Resolve(c, kAll), "/srv/ww");
}

TEST(DataDir, ThenSystemdStateDirectoryFirstEntry) {
  EXPECT_EQ(Resolve(Config{}, kAll), "/var/lib/wanwatch");
}

TEST(DataDir, ThenXdgStateHome) {
  Environment env = kAll;
  env.erase("STATE_DIRECTORY");
  EXPECT_EQ(Resolve(Config{}, env), "/home/u/.state/wanwatch");
}

TEST(DataDir, RelativeXdgStateHomeIsIgnoredAsTheSpecSays) {
  EXPECT_EQ(Resolve(Config{}, {{"XDG_STATE_HOME", "state"}, {"HOME", "/home/u"}}),
            "/home/u/.local/state/wanwatch");
}

TEST(DataDir, ThenHome) {
  EXPECT_EQ(Resolve(Config{}, {{"HOME", "/home/u"}, {"STATE_DIRECTORY", ""}}),
            "/home/u/.local/state/wanwatch");
}

TEST(DataDir, RelativePathsBecomeAbsoluteAndNormal) {
  Config c;
  c.general.data_dir = "data/../ww/";
  EXPECT_EQ(Resolve(c, {}, "/opt/app"), "/opt/app/ww");
  c.general.data_dir = "~/ww";
  EXPECT_EQ(Resolve(c, {{"HOME", "/home/u"}}), "/home/u/ww");
}

TEST(DataDir, NothingToGoOnIsAClearError) {
  auto r = ResolveDataDir(Config{}, {}, "/work");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(),
            "general.data_dir: not set, and none of STATE_DIRECTORY, XDG_STATE_HOME or HOME is "
            "set to choose a default; use --data-dir");
  Config c;
  c.general.data_dir = "~/ww";
  EXPECT_EQ(ResolveDataDir(c, {}, "/work").error(),
            "general.data_dir: \"~/ww\" starts with ~ but HOME is not set");
}

TEST(EnsureDataDir, CreatesMissingParentsWithMode0750) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "a" / "b";
  const mode_t old_mask = umask(022);
  const Status s = EnsureDataDir(dir);
  umask(old_mask);
  ASSERT_TRUE(s.ok()) << s.message();
  struct stat st {};
  ASSERT_EQ(stat(dir.c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0750u);
  ASSERT_EQ(stat((tmp.path() / "a").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0750u);
  EXPECT_TRUE(EnsureDataDir(dir).ok());  // existing is fine
}

TEST(EnsureDataDir, LeavesExistingDirectoriesAlone) {
  TempDir tmp;
  ASSERT_EQ(chmod(tmp.path().c_str(), 0755), 0);
  ASSERT_TRUE(EnsureDataDir(tmp.path()).ok());
  struct stat st {};
  ASSERT_EQ(stat(tmp.path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
}

TEST(EnsureDataDir, AFileInTheWayIsAClearError) {
  TempDir tmp;
  const fs::path file = tmp.Write("f", "x");
  EXPECT_EQ(EnsureDataDir(file).message(),
            "data dir \"" + file.string() + "\": exists and is not a directory");
  EXPECT_EQ(EnsureDataDir(file / "sub").message(),
            "data dir \"" + (file / "sub").string() + "\": cannot access \"" +
                (file / "sub").string() + "\": Not a directory");
  EXPECT_EQ(EnsureDataDir("").message(), "data dir: empty path");
}

TEST(CheckDataDir, ReportsWhatEnsureWouldDoWithoutDoingIt) {
  TempDir tmp;
  bool will_create = true;
  EXPECT_TRUE(CheckDataDir(tmp.path(), &will_create).ok());
  EXPECT_FALSE(will_create);
  const fs::path missing = tmp.path() / "x" / "y";
  EXPECT_TRUE(CheckDataDir(missing, &will_create).ok());
  EXPECT_TRUE(will_create);
  EXPECT_FALSE(fs::exists(tmp.path() / "x"));
  const fs::path file = tmp.Write("f", "x");
  EXPECT_EQ(CheckDataDir(file, &will_create).message(),
            "data dir \"" + file.string() + "\": exists and is not a directory");
  EXPECT_EQ(CheckDataDir("", &will_create).message(), "data dir: empty path");
}

}  // namespace
}  // namespace ww
