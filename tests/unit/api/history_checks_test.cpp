// history_freshness and history_gaps: the boundaries of api/health_checks.h.

#include <gtest/gtest.h>

#include "api/health_checks.h"

namespace ww {
namespace {

using namespace std::chrono_literals;

// 2027-01-15T08:00:00Z, a minute boundary.
const WallTime kNow{std::chrono::seconds{1'800'000'000}};
const std::int64_t kNowMs = ToUnixMillis(kNow);

std::int64_t MinutesAgo(int n) { return kNowMs - n * kMinuteMs; }

UplinkMinute At(std::int64_t start_ms) {
  UplinkMinute m;
  m.start_ms = start_ms;
  m.state = UplinkState::kUp;
  return m;
}

// Minutes [first, last] ago, all present.
std::vector<UplinkMinute> Minutes(int first_ago, int last_ago) {
  std::vector<UplinkMinute> out;
  for (int i = first_ago; i >= last_ago; --i) out.push_back(At(MinutesAgo(i)));
  return out;
}

TEST(FreshnessCheckTest, At120SecondsOkAt121Not) {
  const WallTime started = kNow - 1h;
  CheckResult ok = FreshnessCheck(kNowMs - 120'000, kNow, started);
  EXPECT_TRUE(ok.ok);
  EXPECT_TRUE(ok.problems.empty());
  EXPECT_EQ(ok.body["age_seconds"], 120);
  EXPECT_EQ(ok.body["limit_seconds"], 120);
  EXPECT_EQ(ok.body["newest_minute"], "2027-01-15T07:58:00.000+00:00");
  EXPECT_EQ(ok.body["starting"], false);

  CheckResult stale = FreshnessCheck(kNowMs - 121'000, kNow, started);
  EXPECT_FALSE(stale.ok);
  EXPECT_EQ(stale.body["ok"], false);
  EXPECT_EQ(stale.body["age_seconds"], 121);
  ASSERT_EQ(stale.problems.size(), 1u);
  EXPECT_EQ(stale.problems[0],
            "history_freshness: the newest stored minute is 121 s old (limit 120 s)");
  EXPECT_EQ(stale.body["detail"], "the newest stored minute is 121 s old (limit 120 s)");
}

TEST(FreshnessCheckTest, NothingStoredIsOkWhileStartingThenNot) {
  CheckResult starting = FreshnessCheck(std::nullopt, kNow, kNow - 179s);
  EXPECT_TRUE(starting.ok);
  EXPECT_EQ(starting.body["starting"], true);
  EXPECT_TRUE(starting.body["newest_minute"].is_null());
  EXPECT_TRUE(starting.body["age_seconds"].is_null());
  EXPECT_EQ(starting.body["detail"],
            "starting: the daemon has run 179 s and has not stored a minute yet (allowed for the "
            "first 180 s)");

  CheckResult late = FreshnessCheck(std::nullopt, kNow, kNow - 180s);
  EXPECT_FALSE(late.ok);
  EXPECT_EQ(late.body["starting"], false);
  ASSERT_EQ(late.problems.size(), 1u);
  EXPECT_EQ(late.problems[0], "history_freshness: no uplink minute has been stored");
}

TEST(FreshnessCheckTest, TheLastRunsMinutesDoNotCountWhileStarting) {
  // Restarted 90 s ago after a day off: the newest minute is a day old.
  const WallTime started = kNow - 90s;
  CheckResult r = FreshnessCheck(kNowMs - 24 * 3'600'000, kNow, started);
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.body["starting"], true);
  EXPECT_EQ(r.body["age_seconds"], 86'400);
  // The minute in progress at the start is the daemon's own.
  CheckResult own = FreshnessCheck(ToUnixMillis(started) - 30'000, kNow, started);
  EXPECT_EQ(own.body["starting"], false);
  EXPECT_TRUE(own.ok);  // 120 s old
  CheckResult own_stale = FreshnessCheck(ToUnixMillis(started) - 59'000, kNow + 2s, started);
  EXPECT_FALSE(own_stale.ok);  // 151 s old: it stopped storing, even while young
}

TEST(FreshnessCheckTest, AMinuteInTheFutureIsFreshButSaysSo) {
  CheckResult r = FreshnessCheck(kNowMs + 3'600'000, kNow, kNow - 1h);
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.body["age_seconds"], -3600);
  EXPECT_EQ(r.body["detail"], "the newest stored minute is in the future: the clock went back?");
}

TEST(LargestGapTest, ContiguousMinutesHaveNoGap) {
  UplinkGap g = LargestGap("wan", Minutes(30, 2), GapGridEnd(kNow));
  EXPECT_EQ(g.name, "wan");
  EXPECT_EQ(g.stored_minutes, 29);
  EXPECT_EQ(g.largest_gap_minutes, 0);
  EXPECT_FALSE(g.gap_start_ms.has_value());
}

TEST(LargestGapTest, TheGridEndsAtTheMinuteBeforeTheCurrentOne) {
  EXPECT_EQ(GapGridEnd(kNow), MinutesAgo(1));
  EXPECT_EQ(GapGridEnd(kNow + 59s), MinutesAgo(1));
  EXPECT_EQ(GapGridEnd(kNow + 60s), MinutesAgo(0));
  // Stored up to 2 minutes ago: the previous and the current minute may be in flight.
  EXPECT_EQ(LargestGap("wan", Minutes(10, 2), GapGridEnd(kNow + 59s)).largest_gap_minutes, 0);
}

TEST(LargestGapTest, FourMissingMinutesThenFive) {
  std::vector<UplinkMinute> four = Minutes(30, 20);  // 30..20 ago, then 19..16 missing
  for (auto& m : Minutes(15, 2)) four.push_back(m);
  UplinkGap g4 = LargestGap("wan", four, GapGridEnd(kNow));
  EXPECT_EQ(g4.largest_gap_minutes, 4);
  EXPECT_EQ(g4.gap_start_ms, MinutesAgo(19));

  std::vector<UplinkMinute> five = Minutes(30, 20);  // 19..15 missing
  for (auto& m : Minutes(14, 2)) five.push_back(m);
  UplinkGap g5 = LargestGap("wan", five, GapGridEnd(kNow));
  EXPECT_EQ(g5.largest_gap_minutes, 5);
  EXPECT_EQ(g5.gap_start_ms, MinutesAgo(19));
}

TEST(LargestGapTest, MissingMinutesUpToTheGridEndCount) {
  // Nothing stored after 8 minutes ago: 7..2 ago are missing (6 minutes).
  UplinkGap g = LargestGap("wan", Minutes(30, 8), GapGridEnd(kNow));
  EXPECT_EQ(g.largest_gap_minutes, 6);
  EXPECT_EQ(g.gap_start_ms, MinutesAgo(7));
}

TEST(LargestGapTest, AMinuteAfterTheGridEndBoundsTheGap) {
  std::vector<UplinkMinute> minutes = Minutes(30, 8);
  minutes.push_back(At(MinutesAgo(0)));  // the minute in progress was stored
  UplinkGap g = LargestGap("wan", minutes, GapGridEnd(kNow));
  EXPECT_EQ(g.largest_gap_minutes, 6);  // 7..2 ago; 1 ago is not judged yet
  EXPECT_EQ(g.stored_minutes, 24);
}

TEST(LargestGapTest, OrderAndDuplicatesDoNotMatter) {
  std::vector<UplinkMinute> minutes = Minutes(30, 2);
  minutes.erase(minutes.begin() + 10, minutes.begin() + 16);  // 20..15 ago: 6 missing
  std::reverse(minutes.begin(), minutes.end());
  minutes.push_back(At(MinutesAgo(21)));
  minutes.push_back(At(MinutesAgo(21) + 5'000));  // a start off the minute counts as its minute
  UplinkGap g = LargestGap("wan", minutes, GapGridEnd(kNow));
  EXPECT_EQ(g.largest_gap_minutes, 6);
  EXPECT_EQ(g.gap_start_ms, MinutesAgo(20));
  EXPECT_EQ(g.stored_minutes, 23);
}

TEST(LargestGapTest, NoMinutesNoGap) {
  UplinkGap g = LargestGap("wan", {}, GapGridEnd(kNow));
  EXPECT_EQ(g.stored_minutes, 0);
  EXPECT_EQ(g.largest_gap_minutes, 0);
  // Only minutes not judged yet: nothing to measure either.
  EXPECT_EQ(LargestGap("wan", {At(MinutesAgo(0))}, GapGridEnd(kNow)).largest_gap_minutes, 0);
}

TEST(GapsCheckTest, ReportsTheWorstUplinkAndEachUplink) {
  std::vector<UplinkMinute> holed = Minutes(30, 20);
  for (auto& m : Minutes(14, 2)) holed.push_back(m);
  const std::vector<UplinkGap> gaps = {
      LargestGap("Liquid (BGP01)", Minutes(30, 2), GapGridEnd(kNow)),
      LargestGap("LTE", holed, GapGridEnd(kNow))};
  CheckResult r = GapsCheck(gaps, kNow, kNow - 1h);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.body["largest_gap_minutes"], 5);
  EXPECT_EQ(r.body["uplink"], "LTE");
  EXPECT_EQ(r.body["limit_minutes"], 5);
  EXPECT_EQ(r.body["window_hours"], 24);
  ASSERT_EQ(r.body["uplinks"].size(), 2u);
  EXPECT_EQ(r.body["uplinks"][0]["ok"], true);
  EXPECT_EQ(r.body["uplinks"][1]["ok"], false);
  EXPECT_EQ(r.body["uplinks"][1]["gap_start"], "2027-01-15T07:41:00.000+00:00");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0],
            "history_gaps: uplink 'LTE' has 5 consecutive minutes missing from "
            "2027-01-15T07:41:00.000+00:00 (limit 5)");
}

TEST(GapsCheckTest, AllWellIsOkWithNullUplink) {
  CheckResult r = GapsCheck({LargestGap("wan", Minutes(30, 2), GapGridEnd(kNow))}, kNow, kNow - 1h);
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.body["largest_gap_minutes"], 0);
  EXPECT_TRUE(r.body["uplink"].is_null());
  EXPECT_EQ(r.body["detail"], "");
  EXPECT_TRUE(r.problems.empty());
}

TEST(GapsCheckTest, AnUplinkWithNoMinutesIsOnlyWrongAfterTheStart) {
  const std::vector<UplinkGap> none = {LargestGap("wan", {}, GapGridEnd(kNow))};
  EXPECT_TRUE(GapsCheck(none, kNow, kNow - 179s).ok);
  CheckResult r = GapsCheck(none, kNow, kNow - 180s);
  EXPECT_FALSE(r.ok);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0], "history_gaps: uplink 'wan' has no minute stored in the last 24 h");
}

}  // namespace
}  // namespace ww
