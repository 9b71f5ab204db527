// TimeBoundedResolver: the inner answer when it comes in time, an error (which
// the guard reads as "does not resolve yet") when it does not, and a late
// lookup that finishes after its caller gave up harms nothing.

#include "notify/time_bounded_resolver.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include "notify/url_guard.h"

namespace ww {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

IpAddress Ip(const char* text) {
  auto ip = IpAddress::Parse(text);
  EXPECT_TRUE(ip.has_value()) << text;
  return *ip;
}

TEST(TimeBoundedResolver, PassesTheInnerAnswerAndItsErrors) {
  const HostResolver resolve = TimeBoundedResolver(
      [](const std::string& host) -> Result<std::vector<IpAddress>> {
        if (host == "ntfy.example.com") return std::vector<IpAddress>{Ip("93.184.216.34")};
        return Result<std::vector<IpAddress>>::Error("Name or service not known");
      },
      seconds(10));
  const auto found = resolve("ntfy.example.com");
  ASSERT_TRUE(found.ok()) << found.error();
  EXPECT_EQ(*found, std::vector<IpAddress>{Ip("93.184.216.34")});
  const auto missing = resolve("nowhere.invalid");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error(), "Name or service not known");
}

TEST(TimeBoundedResolver, GivesUpAtTheLimitAndTheLateLookupsEndHarmlessly) {
  // Each lookup waits until the test lets it go, after its caller has given up.
  std::promise<void> release;
  std::shared_future<void> go = release.get_future().share();
  auto finished = std::make_shared<std::atomic<int>>(0);
  const HostResolver resolve = TimeBoundedResolver(
      [go, finished](const std::string&) -> Result<std::vector<IpAddress>> {
        go.wait();
        ++*finished;
        return std::vector<IpAddress>{Ip("10.0.0.1")};
      },
      milliseconds(50));
  const auto answer = resolve("slow.example.com");
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error(), "no answer from the resolver within 50 ms");

  // The guard reads the timeout as "does not resolve yet": accepted for storage
  // (and checked again at every send).
  EXPECT_TRUE(CheckUrlForStorage("https://slow.example.com/x", {}, resolve).ok());

  release.set_value();
  // Both detached lookups end (a deadline, not a guess: they are released now).
  const auto deadline = std::chrono::steady_clock::now() + seconds(10);
  while (finished->load() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  EXPECT_EQ(finished->load(), 2);
}

}  // namespace
}  // namespace ww
