#include "export/local_time.h"

#include <gtest/gtest.h>

#include "export_test_util.h"

namespace ww {
namespace {

using export_test::BaseTime;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

TEST(LocalTime, DayRollsOverAtUtcMidnight) {
  const FixedLocalZone utc{minutes(0)};
  const WallTime midnight = BaseTime() + hours(16);  // 2027-01-16 00:00 UTC
  EXPECT_EQ(FormatDay(LocalDayOf(midnight - milliseconds(1), utc)), "2027-01-15");
  EXPECT_EQ(FormatDay(LocalDayOf(midnight, utc)), "2027-01-16");
  EXPECT_EQ(FormatLocalTimestamp(midnight - milliseconds(1), utc), "2027-01-15 23:59:59.999");
}

TEST(LocalTime, DayRollsOverAtLocalMidnightOfAFixedOffset) {
  const FixedLocalZone plus2{minutes(120)};
  const FixedLocalZone minus3{minutes(-180)};
  const WallTime utc_22h = BaseTime() + hours(14);  // 2027-01-15 22:00 UTC
  EXPECT_EQ(FormatDay(LocalDayOf(utc_22h - milliseconds(1), plus2)), "2027-01-15");
  EXPECT_EQ(FormatDay(LocalDayOf(utc_22h, plus2)), "2027-01-16");              // 00:00 at +02:00
  EXPECT_EQ(FormatDay(LocalDayOf(utc_22h + hours(5), minus3)), "2027-01-16");  // 00:00 at -03
  EXPECT_EQ(FormatDay(LocalDayOf(utc_22h + hours(5) - milliseconds(1), minus3)), "2027-01-15");
  EXPECT_EQ(StartOfLocalDay(*ParseDay("2027-01-16"), plus2), utc_22h);
}

TEST(LocalTime, ParseDayAcceptsOnlyRealDates) {
  ASSERT_TRUE(ParseDay("2027-01-15").has_value());
  EXPECT_EQ(FormatDay(*ParseDay("2024-02-29")), "2024-02-29");
  for (const char* bad : {"2027-02-30", "2027-13-01", "2027-1-15", "20270115", "2027-01-15x",
                          "../../etc", "", "2027-01-1a"}) {
    EXPECT_FALSE(ParseDay(bad).has_value()) << bad;
  }
}

TEST(LocalTime, MakeLocalZoneRejectsUnknownZonesWithTheKeysMessage) {
  ASSERT_TRUE(MakeLocalZone("UTC").ok());
  ASSERT_TRUE(MakeLocalZone("local").ok());
  auto fixed = MakeLocalZone("+05:30");
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed.value()->UtcOffsetAt(BaseTime()), minutes(330));
  auto bad = MakeLocalZone("CET");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("general.timezone"), std::string::npos) << bad.error();
  EXPECT_NE(bad.error().find("CET"), std::string::npos) << bad.error();
}

}  // namespace
}  // namespace ww
