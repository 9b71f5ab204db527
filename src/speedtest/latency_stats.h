#pragma once
// Summary of a series of latency probes, in the order they were sent:
// median RTT of the answered ones, jitter as the mean absolute difference of
// consecutive answered RTTs (how LibreSpeed and Ookla report it), and the share
// of probes without an answer.
//   RTTs 10, 12, lost, 11 → median 11, jitter (|12-10| + |11-12|) / 2 = 1.5, loss 25 %.
// Thread safety: pure.

#include <optional>
#include <vector>

namespace ww {

struct LatencySummary {
  std::optional<double> median_ms;  // none answered: unknown
  std::optional<double> jitter_ms;  // fewer than 2 answered: unknown
  std::optional<double> loss_pct;   // no probe sent: unknown
  int sent = 0;
  int answered = 0;
};

// nullopt entries are probes that got no answer in time.
LatencySummary SummarizeLatency(const std::vector<std::optional<double>>& rtts_ms);

double Median(std::vector<double> values);  // 0 for an empty vector

}  // namespace ww
