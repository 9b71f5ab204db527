#include "export/report_data.h"

#include <algorithm>
#include <map>

#include "engine/stats_math.h"

namespace ww {
namespace {

constexpr std::size_t kMaxDrops = 100'000;
constexpr int kBaselineSamples = 30;

bool IsConnectivity(const TargetTotals& t) { return t.role == "external" && t.connectivity; }

std::optional<double> Mean(double sum, std::uint64_t n) {
  if (n == 0) return std::nullopt;
  return sum / static_cast<double>(n);
}

void FillTotals(const std::vector<TargetTotals>& totals, ReportData& d) {
  LatencyHistogram merged;
  double sum = 0;
  for (const TargetTotals& t : totals) {
    if (t.count == 0) continue;
    ReportTargetRow row;
    row.name = t.name;
    row.kind = t.kind;
    row.role = t.role;
    row.count = t.count;
    row.lost = t.lost;
    row.loss_pct = 100.0 * static_cast<double>(t.lost) / static_cast<double>(t.count);
    row.avg_ms = Mean(t.sum_ms, t.count - t.lost);
    row.min_ms = t.min_ms;
    row.max_ms = t.max_ms;
    row.p95_ms = t.histogram.Percentile(95, t.min_ms, t.max_ms);
    d.targets.push_back(std::move(row));
    if (!IsConnectivity(t)) continue;
    d.probes += t.count;
    d.lost += t.lost;
    sum += t.sum_ms;
    merged.Merge(t.histogram);
    if (t.min_ms) d.min_ms = d.min_ms ? std::min(*d.min_ms, *t.min_ms) : *t.min_ms;
    if (t.max_ms) d.max_ms = d.max_ms ? std::max(*d.max_ms, *t.max_ms) : *t.max_ms;
  }
  if (d.probes > 0) {
    d.loss_pct = 100.0 * static_cast<double>(d.lost) / static_cast<double>(d.probes);
    d.uptime_pct = 100.0 - d.loss_pct;
  }
  d.avg_ms = Mean(sum, d.probes - d.lost);
  d.p50_ms = merged.Percentile(50, d.min_ms, d.max_ms);
  d.p95_ms = merged.Percentile(95, d.min_ms, d.max_ms);
  d.p99_ms = merged.Percentile(99, d.min_ms, d.max_ms);
  d.distribution = ReportDistribution(merged);
}

// Jitter and baseline need the raw samples in time order.
void FillFromRawSamples(const Store& store, const std::vector<TargetTotals>& totals,
                        ReportData& d) {
  std::vector<std::int64_t> rows;
  for (const TargetTotals& t : totals) {
    if (IsConnectivity(t)) rows.push_back(t.row);
  }
  std::map<std::int64_t, double> previous;
  double jitter_sum = 0, baseline_sum = 0;
  std::uint64_t pairs = 0;
  int baseline_n = 0;
  std::optional<WallTime> first;
  store.VisitSamples(d.request.from, d.request.to, rows, [&](const StoredSample& s) {
    if (!first) first = s.sent_at;
    if (!s.ok || !s.rtt_ms) return;
    if (baseline_n < kBaselineSamples) {
      baseline_sum += *s.rtt_ms;
      ++baseline_n;
    }
    auto [it, fresh] = previous.try_emplace(s.target_row, *s.rtt_ms);
    if (!fresh) {
      jitter_sum += std::abs(*s.rtt_ms - it->second);
      ++pairs;
      it->second = *s.rtt_ms;
    }
  });
  d.jitter_ms = Mean(jitter_sum, pairs);
  if (baseline_n > 0) d.baseline_ms = baseline_sum / baseline_n;
  // Samples start later than the period: raw retention (or the daemon) began later.
  if (first && *first - d.request.from > std::chrono::minutes(5)) d.jitter_coverage_from = first;
}

void FillDrops(const Store& store, ReportData& d) {
  for (DropRecord& drop : store.Drops(kMaxDrops)) {
    const WallTime end = drop.end.value_or(d.request.to);
    if (drop.start >= d.request.to || end <= d.request.from) continue;
    if (!drop.end) {
      drop.duration_sec =
          std::max(drop.duration_sec, std::chrono::duration<double>(end - drop.start).count());
    }
    d.total_downtime_sec += drop.duration_sec;
    if (!d.longest_drop || drop.duration_sec > d.longest_drop->duration_sec) d.longest_drop = drop;
    d.drops.push_back(std::move(drop));
  }
}

}  // namespace

Result<ReportData> LoadReportData(const Store& store, const ReportRequest& request) {
  if (request.zone == nullptr) return Result<ReportData>::Error("report: no time zone given");
  if (request.to <= request.from) return Result<ReportData>::Error("report: empty period");
  ReportData d;
  d.request = request;
  const std::vector<TargetTotals> totals = store.Totals(request.from, request.to);
  FillTotals(totals, d);
  FillFromRawSamples(store, totals, d);
  FillDrops(store, d);
  const auto span = std::chrono::duration_cast<std::chrono::seconds>(request.to - request.from);
  d.chart = store.History(request.from, request.to, ReportChartStep(span));
  d.high_latency = FindHighLatencyEvents(
      store.History(request.from, request.to, ReportEventStep(span)), request.high_latency_ms);
  d.heatmap =
      HourOfDayMeans(store.History(request.from, request.to, std::chrono::hours(1)), *request.zone);
  d.health_score = HealthScore(d.loss_pct, d.avg_ms, d.jitter_ms);
  d.health_grade = HealthGrade(d.health_score);
  return d;
}

}  // namespace ww
