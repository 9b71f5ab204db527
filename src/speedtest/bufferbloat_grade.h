#pragma once
// The bufferbloat grade: how much the latency grows while the link is loaded
// (loaded median RTT minus idle median RTT), in the bands Waveform's and
// DSLReports' bufferbloat tests use:
//   increase < 5 ms → "A+", < 30 → "A", < 60 → "B", < 200 → "C", < 400 → "D", else "F".
// A negative increase (the loaded RTT happened to be lower) counts as 0.
// Thread safety: pure.

#include <optional>
#include <string>

namespace ww {

std::string BufferbloatGrade(double latency_increase_ms);

// The grade of a whole test: from the larger of the download and upload
// increases over `idle_ms`; "" when idle latency or both loaded latencies are unknown.
std::string BufferbloatGradeOf(std::optional<double> idle_ms, std::optional<double> download_ms,
                               std::optional<double> upload_ms);

}  // namespace ww
