// StreamUplinkHistory (a day at a time) against BuildUplinkHistory (the whole
// range at once) on the same minutes: every bucket and the summary equal,
// also for outages that cross midnight, gaps, and ranges not on the grid.

#include "api/uplink_history_stream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace ww {
namespace {

constexpr std::int64_t kT0 = 1'800'000'000'000;  // 2027-01-15T08:00:00Z

// Serves UplinkMinutes from memory as the SQLite store does (oldest first,
// start in [from, to)) and counts the reads.
class MinutesStore : public Store {
 public:
  Status RegisterTargets(const std::vector<TargetSpec>&) override { return Status::Ok(); }
  void Append(const Sample&) override {}
  void RecordDrop(const DropRecord&) override {}
  void Flush() override {}
  std::vector<DropRecord> Drops(std::size_t) const override { return {}; }
  std::uint64_t DropCount() const override { return 0; }
  HistorySeries History(WallTime, WallTime, std::chrono::seconds) const override { return {}; }
  std::array<std::optional<HeatCell>, 24> Heatmap(WallTime, int) const override { return {}; }
  StoreHealth Health() const override { return {}; }

  std::vector<UplinkMinute> UplinkMinutes(const std::string& uplink, std::int64_t from_ms,
                                          std::int64_t to_ms) const override {
    ++reads;
    std::vector<UplinkMinute> out;
    if (uplink != key) return out;
    for (const UplinkMinute& m : minutes) {
      if (m.start_ms >= from_ms && m.start_ms < to_ms) out.push_back(m);
    }
    return out;
  }

  std::string key = "wan";
  std::vector<UplinkMinute> minutes;  // oldest first, one per minute
  mutable int reads = 0;
};

void ExpectSameBucket(const UplinkBucket& got, const UplinkBucket& want, std::size_t i) {
  EXPECT_EQ(got.start_ms, want.start_ms) << i;
  EXPECT_EQ(got.state, want.state) << i;
  EXPECT_EQ(got.up_minutes, want.up_minutes) << i;
  EXPECT_EQ(got.degraded_minutes, want.degraded_minutes) << i;
  EXPECT_EQ(got.down_minutes, want.down_minutes) << i;
  EXPECT_EQ(got.missing_minutes, want.missing_minutes) << i;
  EXPECT_EQ(got.samples, want.samples) << i;
  EXPECT_EQ(got.lost, want.lost) << i;
  EXPECT_EQ(got.avg_ms, want.avg_ms) << i;
  EXPECT_EQ(got.min_ms, want.min_ms) << i;
  EXPECT_EQ(got.max_ms, want.max_ms) << i;
  EXPECT_EQ(got.loss_pct, want.loss_pct) << i;
}

void ExpectSameSummary(const UplinkHistorySummary& got, const UplinkHistorySummary& want) {
  EXPECT_EQ(got.up_minutes, want.up_minutes);
  EXPECT_EQ(got.degraded_minutes, want.degraded_minutes);
  EXPECT_EQ(got.down_minutes, want.down_minutes);
  EXPECT_EQ(got.missing_minutes, want.missing_minutes);
  EXPECT_EQ(got.availability_pct, want.availability_pct);
  EXPECT_EQ(got.strict_up_pct, want.strict_up_pct);
  EXPECT_EQ(got.coverage_pct, want.coverage_pct);
  EXPECT_EQ(got.outage_count, want.outage_count);
  EXPECT_EQ(got.longest_outage_minutes, want.longest_outage_minutes);
  EXPECT_EQ(got.avg_ms, want.avg_ms);  // the same sums in the same order: bit for bit
  EXPECT_EQ(got.loss_pct, want.loss_pct);
}

// Streams and builds at once; compares.
void ExpectSameAsWhole(const MinutesStore& store, std::chrono::seconds span, WallTime now) {
  std::vector<UplinkBucket> streamed;
  const UplinkHistoryTotals totals = StreamUplinkHistory(
      store, store.key, span, now, [&](const UplinkBucket& b) { streamed.push_back(b); });
  const std::int64_t now_ms = ToUnixMillis(now);
  const UplinkHistory whole =
      BuildUplinkHistory(store.minutes, now_ms - span.count() * 1000, now_ms);
  ASSERT_EQ(streamed.size(), whole.buckets.size());
  EXPECT_EQ(totals.buckets, whole.buckets.size());
  ASSERT_FALSE(streamed.empty());
  EXPECT_EQ(totals.from_ms, whole.buckets.front().start_ms);
  EXPECT_EQ(totals.to_ms, whole.buckets.back().start_ms + kUplinkBucketMs);
  for (std::size_t i = 0; i < streamed.size(); ++i)
    ExpectSameBucket(streamed[i], whole.buckets[i], i);
  ExpectSameSummary(totals.summary, whole.summary);
}

std::vector<UplinkMinute> RandomMinutes(std::uint32_t seed, std::int64_t from, std::int64_t to) {
  std::mt19937 rng(seed);
  std::vector<UplinkMinute> out;
  UplinkState state = UplinkState::kUp;
  for (std::int64_t t = from; t < to; t += kMinuteMs) {
    if (rng() % 50 == 0) continue;  // a missing minute now and then
    if (rng() % 20 == 0) state = static_cast<UplinkState>(rng() % 3);  // spells, not noise
    UplinkMinute m;
    m.start_ms = t;
    m.state = state;
    m.samples = 180;
    m.lost = state == UplinkState::kDown ? 180 : rng() % 7;
    if (m.lost < m.samples) {
      m.sum_ms = (m.samples - m.lost) * (5 + (rng() % 10'000) / 97.0);
      m.min_ms = 1 + (rng() % 100) / 10.0;
      m.max_ms = 50 + (rng() % 1000) / 10.0;
    }
    out.push_back(m);
  }
  return out;
}

TEST(UplinkHistoryStream, EqualsTheWholeBuildOverEveryRange) {
  const WallTime now = FromUnixMillis(kT0 + 450'000);  // 08:07:30, between buckets
  const std::int64_t now_ms = ToUnixMillis(now);
  for (const auto span : {std::chrono::hours(24), std::chrono::hours(72),
                          std::chrono::hours(24 * 7), std::chrono::hours(24 * 30)}) {
    MinutesStore store;
    const std::int64_t span_ms = std::chrono::duration_cast<Millis>(span).count();
    store.minutes = RandomMinutes(static_cast<std::uint32_t>(span.count()),
                                  now_ms - span_ms - kUplinkBucketMs, now_ms);
    SCOPED_TRACE(span.count());
    ExpectSameAsWhole(store, span, now);
    // One read per day of the range (a partial day at the end).
    EXPECT_EQ(store.reads, static_cast<int>((span_ms + 86'400'000 - 1) / 86'400'000));
  }
}

TEST(UplinkHistoryStream, OutageAcrossMidnightOfTheChunksIsOneOutage) {
  MinutesStore store;
  const WallTime now = FromUnixMillis(kT0);
  // The grid's days start at (now - 72 h): an outage of 30 minutes across the first day's end.
  const std::int64_t day_end = kT0 - 48 * 3'600'000;
  for (std::int64_t t = day_end - 20 * kMinuteMs; t < day_end + 10 * kMinuteMs; t += kMinuteMs) {
    UplinkMinute m;
    m.start_ms = t;
    m.state = UplinkState::kDown;
    m.samples = m.lost = 180;
    store.minutes.push_back(m);
  }
  std::vector<UplinkBucket> buckets;
  const UplinkHistoryTotals totals =
      StreamUplinkHistory(store, "wan", std::chrono::hours(72), now,
                          [&](const UplinkBucket& b) { buckets.push_back(b); });
  EXPECT_EQ(totals.summary.outage_count, 1);
  EXPECT_EQ(totals.summary.longest_outage_minutes, 30);
  EXPECT_EQ(totals.summary.down_minutes, 30);
  EXPECT_EQ(buckets.size(), 864u);
  ExpectSameAsWhole(store, std::chrono::hours(72), now);
}

TEST(UplinkHistoryStream, NoMinutesNoOtherUplinkAndAnAlignedNow) {
  MinutesStore store;
  store.minutes = RandomMinutes(7, kT0 - 86'400'000, kT0);
  store.key = "other";
  std::size_t n = 0;
  const UplinkHistoryTotals totals = StreamUplinkHistory(
      store, "wan", std::chrono::hours(24), FromUnixMillis(kT0), [&](const UplinkBucket& b) {
        EXPECT_FALSE(b.state.has_value());
        ++n;
      });
  EXPECT_EQ(n, 288u);
  EXPECT_EQ(totals.from_ms, kT0 - 86'400'000);
  EXPECT_EQ(totals.to_ms, kT0);
  EXPECT_EQ(totals.summary.missing_minutes, 1440);
  EXPECT_FALSE(totals.summary.availability_pct.has_value());
  EXPECT_FALSE(totals.summary.avg_ms.has_value());
  EXPECT_EQ(totals.summary.coverage_pct, 0);
  store.key = "wan";
  ExpectSameAsWhole(store, std::chrono::hours(24), FromUnixMillis(kT0));
}

}  // namespace
}  // namespace ww
