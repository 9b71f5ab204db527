#pragma once
// The JSON form of a speed test result, shared by /api/results,
// /api/results/latest and `wanwatch speedtest --json`: Hermes's seed fields
// (id, timestamp, download_mbps, upload_mbps, ping_ms, jitter_ms, isp), the
// original code's names (isp_name, server_name, server_location, server_id,
// packet_loss_pct) and ours. Unknown numbers are null, never 0.

#include <nlohmann/json.hpp>

#include "speedtest/speedtest_result.h"

namespace ww {

nlohmann::json SpeedtestResultJson(const SpeedtestResult& result);

}  // namespace ww
