#include "core/time_format.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

TEST(TimeFormat, FormatsUtcWithMillisAndOffset) {
  // 2026-11-27T21:02:34.123Z
  const WallTime t = FromUnixMillis(1'795'813'354'123);
  EXPECT_EQ(FormatIso8601(t), "2026-11-27T21:02:34.123+00:00");
  EXPECT_EQ(FormatIso8601Seconds(t), "2026-11-27T21:02:34+00:00");
}

TEST(TimeFormat, FormatsBeforeEpochWithoutNegativeMillis) {
  EXPECT_EQ(FormatIso8601(FromUnixMillis(-1)), "1969-12-31T23:59:59.999+00:00");
}

TEST(TimeFormat, ParsesWhatItFormats) {
  const WallTime t = FromUnixMillis(1'795'813'354'123);
  EXPECT_EQ(ParseIso8601(FormatIso8601(t)), t);
}

TEST(TimeFormat, ParsesZuluOffsetsAndDates) {
  EXPECT_EQ(ToUnixMillis(*ParseIso8601("1970-01-01T00:00:01Z")), 1000);
  EXPECT_EQ(ToUnixMillis(*ParseIso8601("1970-01-01T01:00:00+01:00")), 0);
  EXPECT_EQ(ToUnixMillis(*ParseIso8601("1970-01-01T00:00:00-00:30")), 1'800'000);
  EXPECT_EQ(ToUnixMillis(*ParseIso8601("1970-01-02")), 86'400'000);
  EXPECT_EQ(ToUnixMillis(*ParseIso8601("1970-01-01T00:00:00.5")), 500);
}

TEST(TimeFormat, RejectsGarbage) {
  for (const char* bad : {"", "x", "2026-13-01", "2026-11-27T25:00:00", "2026-11-27T10:00:00+0100",
                          "2026-11-27Tab:cd", "2026-11-27T10:00:00.", "2026-11-27T10:00:00Zjunk"}) {
    EXPECT_FALSE(ParseIso8601(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace ww
