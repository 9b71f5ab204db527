#pragma once
// `wanwatch speedtest`: one speed test with the [speedtest] settings (flags
// already applied), then the result on stdout: a human summary, or with --json
// exactly one JSON object (SpeedtestResultJson, as /api/results/latest) and
// nothing else. On a terminal, a live progress line on stderr (phase, current
// Mbps, bar). SIGINT or SIGTERM cancels the test (a failed, "cancelled" result).
// Returns the exit code: 0 when the test ran, 1 when it failed or was cancelled.
// Thread safety: call from main's thread.

#include <ostream>
#include <string>

#include "config/config.h"
#include "core/clock.h"
#include "speedtest/speedtest_client.h"
#include "speedtest/speedtest_result.h"

namespace ww {

SpeedtestOptions SpeedtestOptionsFromConfig(const SpeedtestConfig& config);

// The human summary (several lines, each ending in '\n').
std::string FormatSpeedtestSummary(const SpeedtestResult& result);

// One progress line without the leading "\r": "download   412.3 Mbps [########......]".
std::string FormatSpeedtestProgress(const SpeedtestProgress& progress, int bar_width = 30);

int RunSpeedtestCommand(const SpeedtestConfig& config, bool json, const Clock& clock,
                        std::ostream& out, std::ostream& err, bool progress_on_err);

}  // namespace ww
