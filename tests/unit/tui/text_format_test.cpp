#include "tui/text_format.h"

#include <gtest/gtest.h>

namespace ww::tui {
namespace {

TEST(TuiTextFormat, DisplayWidthCountsCodePoints) {
  EXPECT_EQ(DisplayWidth(""), 0);
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("caf\u00e9"), 4);
  EXPECT_EQ(DisplayWidth("\u2581\u2582\u2583"), 3);
  EXPECT_EQ(DisplayWidth("a\xff"), 2);  // an invalid byte is one column (painted as '?')
}

TEST(TuiTextFormat, SanitizeReplacesControlsAndInvalidUtf8) {
  EXPECT_EQ(Sanitize("a\tb\nc\x1b[2J", true), "a?b?c?[2J");
  EXPECT_EQ(Sanitize("x\xc3(y", true), "x?(y");      // truncated sequence
  EXPECT_EQ(Sanitize("\xc0\xaf", true), "??");       // overlong '/'
  EXPECT_EQ(Sanitize("\xed\xa0\x80", true), "???");  // UTF-16 surrogate
  EXPECT_EQ(Sanitize("caf\u00e9", true), "caf\u00e9");
  EXPECT_EQ(Sanitize("caf\u00e9 \u2581", false), "caf? ?");
}

TEST(TuiTextFormat, TruncateMarksTheCut) {
  EXPECT_EQ(Truncate("gateway", 10, true), "gateway");
  EXPECT_EQ(Truncate("gateway", 7, true), "gateway");
  EXPECT_EQ(Truncate("gateway", 5, true), "gate\u2026");
  EXPECT_EQ(Truncate("gateway", 5, false), "gate~");
  EXPECT_EQ(Truncate("gateway", 1, true), "\u2026");
  EXPECT_EQ(Truncate("gateway", 0, true), "");
  EXPECT_EQ(Truncate("\u00e9\u00e9\u00e9\u00e9", 3, true), "\u00e9\u00e9\u2026");
}

TEST(TuiTextFormat, FitPadsToTheExactWidth) {
  EXPECT_EQ(Fit("ab", 5, true), "ab   ");
  EXPECT_EQ(Fit("ab", 5, true, Align::kRight), "   ab");
  EXPECT_EQ(Fit("abcdef", 4, false), "abc~");
  EXPECT_EQ(DisplayWidth(Fit("caf\u00e9", 8, true)), 8);
}

TEST(TuiTextFormat, MillisecondsFitSixColumns) {
  EXPECT_EQ(FormatMs(std::nullopt), "-");
  EXPECT_EQ(FormatMs(0.0523), "0.052");
  EXPECT_EQ(FormatMs(1.254), "1.25");
  EXPECT_EQ(FormatMs(9.999), "10.0");
  EXPECT_EQ(FormatMs(12.34), "12.3");
  EXPECT_EQ(FormatMs(99.96), "100");
  EXPECT_EQ(FormatMs(12345.0), "12345");
  EXPECT_EQ(FormatMs(250000.0), "250k");
  EXPECT_EQ(FormatMs(-3.0), "0.000");
  for (double v : {0.0001, 0.999, 9.99, 99.9, 999.0, 99999.0, 1e12}) {
    EXPECT_LE(FormatMs(v).size(), 6u) << v;
  }
}

TEST(TuiTextFormat, PercentNeverHidesAProblem) {
  EXPECT_EQ(FormatPct(0), "0.0%");
  EXPECT_EQ(FormatPct(12.54), "12.5%");
  EXPECT_EQ(FormatPct(100), "100%");
  EXPECT_EQ(FormatPct(0.01), "0.1%");         // some loss is not 0.0 %
  EXPECT_EQ(FormatPct(99.999, 2), "99.99%");  // not quite 100 % uptime
  EXPECT_EQ(FormatPct(150), "100%");
  EXPECT_EQ(FormatPct(-1), "0.0%");
}

TEST(TuiTextFormat, Durations) {
  EXPECT_EQ(FormatDuration(0), "0s");
  EXPECT_EQ(FormatDuration(45.9), "45s");
  EXPECT_EQ(FormatDuration(185), "3m 05s");
  EXPECT_EQ(FormatDuration(2 * 3600 + 3 * 60 + 59), "2h 03m");
  EXPECT_EQ(FormatDuration(3 * 86400 + 4 * 3600), "3d 04h");
  EXPECT_EQ(FormatDuration(-5), "0s");
}

TEST(TuiTextFormat, ClockTimeUsesTheOffset) {
  const WallTime t = FromUnixMillis(1'800'000'000'000);  // 2027-01-15 08:00:00 UTC
  EXPECT_EQ(FormatClockTime(t, std::chrono::minutes(0), true), "2027-01-15 08:00:00");
  EXPECT_EQ(FormatClockTime(t, std::chrono::minutes(330), false), "13:30:00");
  EXPECT_EQ(FormatClockTime(t, std::chrono::minutes(-540), true), "2027-01-14 23:00:00");
}

}  // namespace
}  // namespace ww::tui
