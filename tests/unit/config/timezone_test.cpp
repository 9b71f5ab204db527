#include "config/timezone.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace ww {
namespace {

using std::chrono::minutes;

TEST(Timezone, FixedOffsets) {
  EXPECT_EQ(ParseFixedUtcOffset("UTC"), minutes{0});
  EXPECT_EQ(ParseFixedUtcOffset("+05:30"), minutes{330});
  EXPECT_EQ(ParseFixedUtcOffset("-03:00"), minutes{-180});
  EXPECT_EQ(ParseFixedUtcOffset("+14:00"), minutes{840});
  EXPECT_EQ(ParseFixedUtcOffset("-12:00"), minutes{-720});
  EXPECT_EQ(ParseFixedUtcOffset("-00:00"), minutes{0});
  for (const char* bad : {"", "utc", "local", "+5:30", "+05:60", "+14:01", "-12:30", "05:30",
                          "+0530", "+05:3x", "CET", "Europe/Berlin", "+05:30 "}) {
    EXPECT_EQ(ParseFixedUtcOffset(bad), std::nullopt) << bad;
  }
}

TEST(Timezone, UtcOffsetForUsesTheInjectedZoneForLocal) {
  FakeClock clock;
  const FixedLocalZone zone(minutes{-240});
  EXPECT_EQ(UtcOffsetFor("local", clock, zone).value(), minutes{-240});
  EXPECT_EQ(UtcOffsetFor("UTC", clock, zone).value(), minutes{0});
  EXPECT_EQ(UtcOffsetFor("+09:00", clock, zone).value(), minutes{540});
  EXPECT_EQ(UtcOffsetFor("Mars", clock, zone).error(),
            "general.timezone: must be \"UTC\", \"local\" or an offset from -12:00 to +14:00 "
            "like \"+05:30\", got \"Mars\"");
}

// A zone whose offset depends on the time, as daylight saving does.
class SteppingZone final : public LocalZone {
 public:
  minutes UtcOffsetAt(WallTime t) const override {
    return t < WallTime{std::chrono::seconds{1'800'000'100}} ? minutes{60} : minutes{120};
  }
};

TEST(Timezone, LocalFollowsTheClock) {
  FakeClock clock;  // starts at 1'800'000'000 s
  const SteppingZone zone;
  EXPECT_EQ(UtcOffsetFor("local", clock, zone).value(), minutes{60});
  clock.Advance(std::chrono::seconds{200});
  EXPECT_EQ(UtcOffsetFor("local", clock, zone).value(), minutes{120});
}

TEST(Timezone, SystemZoneReadsTheCLibraryZone) {
  // POSIX TZ "XST-5:30" is UTC+05:30 all year; restore the previous value afterwards.
  const char* old = std::getenv("TZ");
  const std::string saved = old ? old : "";
  setenv("TZ", "XST-5:30", 1);
  tzset();
  const minutes offset = SystemLocalZone().UtcOffsetAt(WallClock::now());
  setenv("TZ", "UTC0", 1);
  tzset();
  const minutes utc = SystemLocalZone().UtcOffsetAt(WallClock::now());
  if (old) {
    setenv("TZ", saved.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
  EXPECT_EQ(offset, minutes{330});
  EXPECT_EQ(utc, minutes{0});
}

TEST(Timezone, FormatUtcOffset) {
  EXPECT_EQ(FormatUtcOffset(minutes{0}), "+00:00");
  EXPECT_EQ(FormatUtcOffset(minutes{330}), "+05:30");
  EXPECT_EQ(FormatUtcOffset(minutes{-570}), "-09:30");
}

}  // namespace
}  // namespace ww
