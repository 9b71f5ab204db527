// Real child processes (coreutils), bounded by the deadline under test.
#include "speedtest/child_process.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

TEST(ChildProcess, CollectsOutputAndExitCode) {
  SystemClock clock;
  const auto r = RunChild({"sh", "-c", "echo out; echo err >&2; exit 3"}, {}, clock, nullptr);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->out, "out\n");
  EXPECT_EQ(r->err, "err\n");
  EXPECT_EQ(r->exit_code, 3);
}

TEST(ChildProcess, MissingProgramIsNotInstalled) {
  SystemClock clock;
  const auto r = RunChild({"wanwatch-no-such-program"}, {}, clock, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "wanwatch-no-such-program: not installed");
}

TEST(ChildProcess, TimeoutKillsTheChild) {
  SystemClock clock;
  const MonoTime start = clock.Now();
  const auto r = RunChild({"sleep", "30"}, {std::chrono::milliseconds{200}}, clock, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "sleep: timed out after 200 ms");
  EXPECT_LT(clock.Now() - start, std::chrono::seconds{10});
}

TEST(ChildProcess, CancelKillsTheChild) {
  SystemClock clock;
  std::atomic<bool> cancel{true};
  const auto r = RunChild({"sleep", "30"}, {}, clock, &cancel);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "cancelled");
}

TEST(ChildProcess, OutputBeyondTheLimitIsDropped) {
  SystemClock clock;
  ChildLimits limits;
  limits.max_output = 10;
  const auto r = RunChild({"sh", "-c", "yes | head -c 100000"}, limits, clock, nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->out.size(), 10u);
}

}  // namespace
}  // namespace ww
