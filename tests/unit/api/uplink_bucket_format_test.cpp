// The bucket text: JSON and CSV list the same values in kBucketFields order,
// numbers print as the JSON DOM prints them, times as Iso() does.

#include "api/uplink_bucket_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "api/json_format.h"

namespace ww {
namespace {

UplinkBucket Full() {
  UplinkBucket b;
  b.start_ms = 1'800'000'000'000;
  b.state = UplinkState::kDegraded;
  b.up_minutes = 3;
  b.degraded_minutes = 2;
  b.samples = 900;
  b.lost = 7;
  b.loss_pct = 100.0 * 7 / 900;  // 0.7777...
  b.avg_ms = 12.345;
  b.min_ms = 8;
  b.max_ms = 1e-9;
  return b;
}

TEST(UplinkBucketFormat, JsonObjectHasEveryFieldInOrderWithDomFormatting) {
  std::string out;
  AppendBucket(out, Full(), BucketFormat::kJsonObject);
  EXPECT_EQ(out, R"({"start":"2027-01-15T08:00:00.000+00:00","start_unix":1800000000,"state":1,)"
                 R"("state_label":"DEGRADED","up_minutes":3,"degraded_minutes":2,"down_minutes":0,)"
                 R"("missing_minutes":0,"samples":900,"lost":7,"loss_pct":0.78,"avg_ms":12.35,)"
                 R"("min_ms":8.0,"max_ms":0.0})");
  // What the DOM would print for the same numbers.
  const nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(out);
  EXPECT_EQ(parsed.dump(), out);
  std::size_t i = 0;
  for (const auto& [name, value] : parsed.items()) EXPECT_EQ(name, kBucketFields[i++]);
  EXPECT_EQ(i, kBucketFields.size());
}

TEST(UplinkBucketFormat, CsvRowHasTheSameValuesAndEmptyCellsForNull) {
  std::string row;
  AppendBucket(row, Full(), BucketFormat::kCsvRow);
  EXPECT_EQ(row,
            "2027-01-15T08:00:00.000+00:00,1800000000,1,DEGRADED,3,2,0,0,900,7,0.78,12.35,8.0,0.0");
  UplinkBucket empty;
  empty.start_ms = 1'800'000'300'000;
  empty.missing_minutes = 5;
  empty.avg_ms = std::numeric_limits<double>::quiet_NaN();  // not finite: null like the DOM
  row.clear();
  AppendBucket(row, empty, BucketFormat::kCsvRow);
  EXPECT_EQ(row, "2027-01-15T08:05:00.000+00:00,1800000300,,NO_DATA,0,0,0,5,0,0,,,,");
  std::string json;
  AppendBucket(json, empty, BucketFormat::kJsonObject);
  const auto parsed = nlohmann::json::parse(json);
  for (const char* field : {"state", "loss_pct", "avg_ms", "min_ms", "max_ms"}) {
    EXPECT_TRUE(parsed[field].is_null()) << field;
  }
  EXPECT_EQ(parsed["state_label"], "NO_DATA");
}

TEST(UplinkBucketFormat, NumbersRoundAndPrintLikeTheJsonDom) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> any(-1e6, 1e6);
  for (int i = 0; i < 2000; ++i) {
    UplinkBucket b;
    b.avg_ms = i < 1000 ? any(rng) : std::round(any(rng));
    std::string json;
    AppendBucket(json, b, BucketFormat::kJsonObject);
    const auto parsed = nlohmann::ordered_json::parse(json);
    EXPECT_EQ(parsed["avg_ms"].dump(), Ms(b.avg_ms).dump()) << *b.avg_ms;
  }
}

TEST(UplinkBucketFormat, AppendIsoEqualsIsoEverywhere) {
  std::mt19937_64 rng(7);
  // 1970 to 2200 at random, plus days around leap years and century edges.
  std::uniform_int_distribution<std::int64_t> ms(0, 7'258'118'400'000);
  std::vector<std::int64_t> times = {
      0,
      -1,
      -86'400'000,
      951'782'400'000,     // 2000-02-29
      951'868'799'999,     // 2000-02-29T23:59:59.999
      4'107'542'400'000,   // 2100-03-01
      7'258'118'399'999};  // 2199-12-31T23:59:59.999 (WallTime ends in 2262)
  for (int i = 0; i < 20'000; ++i) times.push_back(ms(rng));
  for (std::int64_t t : times) {
    std::string out;
    AppendIso(out, t);
    ASSERT_EQ(out, Iso(FromUnixMillis(t))) << t;
  }
}

}  // namespace
}  // namespace ww
