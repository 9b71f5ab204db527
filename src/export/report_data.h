#pragma once
// Everything an HTML report shows, computed from the store for one period
// [from, to). Definitions (documented in README, "Reports"):
// - Uptime, loss, average, min, max: external connectivity targets, from the
//   1-minute rollups (every probe of the period, kept rollup_retention_days).
// - p50/p95/p99: the merged rollup latency histograms (interpolated within a
//   bucket, clamped to min/max).
// - Jitter: mean |RTT(i) - RTT(i-1)| of consecutive successful raw samples of
//   each connectivity target; baseline: mean of the period's first 30
//   successful raw samples. Raw samples are kept raw_retention_days, so on a
//   longer period these cover its most recent part (jitter_coverage says so).
// - Health score and grade: SEMANTICS.md §1's formula on those figures.
// - Distribution buckets 0-10-25-50-100-200-∞ ms: from the rollup histograms;
//   the 25 ms edge falls inside the stored 20-30 ms bucket, whose count is
//   split geometrically (ln(25/20) / ln(30/20) of it below 25 ms).
// - Heatmap: mean of the hourly means of the period by local hour of day.
// - Chart: latency and gateway means per step (about 720 points).
// - High-latency events: runs of consecutive points (1-minute steps up to a
//   2-day period, else 5-minute) whose mean latency is above high_latency_ms.
// - Drops: stored drops that overlap the period.
//
// Thread safety: pure functions apart from LoadReportData's store reads.

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/timezone.h"
#include "core/clock.h"
#include "core/result.h"
#include "engine/snapshot.h"
#include "store/latency_histogram.h"
#include "store/store.h"

namespace ww {

// "24h", "7d", "30d" → the span; anything else → an error naming the value.
Result<std::chrono::hours> ParseReportRange(std::string_view text);

struct ReportRequest {
  WallTime from{}, to{};
  std::string range_label = "24h";  // shown in the title and file name
  const LocalZone* zone = nullptr;  // hours of the heatmap and every time shown
  std::string timezone_label = "UTC";
  double high_latency_ms = 100;
  WallTime generated_at{};
};

struct ReportTargetRow {
  std::string name, kind, role;
  std::uint64_t count = 0, lost = 0;
  double loss_pct = 0;
  std::optional<double> avg_ms, min_ms, max_ms, p95_ms;
};

struct LatencyEvent {
  WallTime start{}, end{};
  double avg_ms = 0, peak_ms = 0;
};

inline constexpr std::array<double, 5> kReportBucketEdgesMs = {10, 25, 50, 100, 200};

struct ReportData {
  ReportRequest request;
  int health_score = 100;
  std::string health_grade = "A+";
  std::uint64_t probes = 0, lost = 0;
  double uptime_pct = 100, loss_pct = 0;
  std::optional<double> avg_ms, min_ms, max_ms, p50_ms, p95_ms, p99_ms, jitter_ms, baseline_ms;
  std::optional<WallTime> jitter_coverage_from;  // first raw sample seen, when later than `from`
  std::vector<DropRecord> drops;                 // oldest first
  double total_downtime_sec = 0;
  std::optional<DropRecord> longest_drop;
  std::array<std::optional<double>, 24> heatmap{};
  HistorySeries chart;
  std::array<double, 6> distribution{};
  std::vector<ReportTargetRow> targets;
  std::vector<LatencyEvent> high_latency;
};

Result<ReportData> LoadReportData(const Store& store, const ReportRequest& request);

// Pure parts, exposed for tests.
std::array<double, 6> ReportDistribution(const LatencyHistogram& histogram);
std::vector<LatencyEvent> FindHighLatencyEvents(const HistorySeries& series, double threshold_ms);
std::array<std::optional<double>, 24> HourOfDayMeans(const HistorySeries& hourly,
                                                     const LocalZone& zone);
// Steps for a period: the chart's (at most about 720 points) and the events'.
std::chrono::seconds ReportChartStep(std::chrono::seconds span);
std::chrono::seconds ReportEventStep(std::chrono::seconds span);

}  // namespace ww
