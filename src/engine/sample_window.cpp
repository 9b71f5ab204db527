#include "engine/sample_window.h"

#include <algorithm>
#include <cmath>

#include "engine/stats_math.h"

namespace ww {

void SampleWindow::Add(WallTime at, bool ok, double rtt_ms) {
  ++total_;
  if (ok) ++total_success_;
  entries_.push_back(Entry{ToUnixMillis(at), static_cast<float>(ok ? rtt_ms : 0), ok});
  while (entries_.size() > max_entries_) entries_.pop_front();
}

void SampleWindow::EvictBefore(WallTime cutoff) {
  const std::int64_t cutoff_ms = ToUnixMillis(cutoff);
  while (!entries_.empty() && entries_.front().at_ms < cutoff_ms) entries_.pop_front();
}

WindowSummary SampleWindow::Summarize(std::vector<double>* rtts_out) const {
  WindowSummary s;
  std::vector<double> rtts;
  rtts.reserve(entries_.size());
  double sum = 0;
  for (const Entry& e : entries_) {
    ++s.count;
    if (!e.ok) {
      ++s.lost;
      continue;
    }
    const double rtt = e.rtt_ms;
    // Jitter pairs are consecutive successes: a loss between two replies
    // does not make their difference meaningless (RFC 3550 compares arrivals).
    if (!rtts.empty()) {
      s.jitter_sum += std::fabs(rtt - rtts.back());
      ++s.jitter_pairs;
    }
    rtts.push_back(rtt);
    sum += rtt;
  }
  if (s.count > 0) s.loss_pct = 100.0 * static_cast<double>(s.lost) / static_cast<double>(s.count);
  if (!rtts.empty()) {
    s.avg_ms = sum / static_cast<double>(rtts.size());
    auto [mn, mx] = std::minmax_element(rtts.begin(), rtts.end());
    s.min_ms = *mn;
    s.max_ms = *mx;
    if (s.jitter_pairs > 0) s.jitter_ms = s.jitter_sum / static_cast<double>(s.jitter_pairs);
    if (rtts_out) rtts_out->insert(rtts_out->end(), rtts.begin(), rtts.end());
    s.p50_ms = Percentile(rtts, 50);
    s.p95_ms = Percentile(rtts, 95);
    s.p99_ms = Percentile(rtts, 99);
  }
  return s;
}

}  // namespace ww
