#pragma once
// Speed tests measured by other programs, run without a shell and with a deadline:
//  - Ookla: `speedtest --format=json --accept-license --accept-gdpr [-s ID] [-I IFACE]`;
//    `server` is a numeric Ookla server id, anything else lets it choose.
//  - iperf3: `iperf3 -c HOST -p PORT -J -t T -O W -P N -R` (download) and then the same
//    without -R (upload); W = the warm-up in whole seconds, omitted from iperf3's totals,
//    T = duration − W. `server` is "host[:port]" or "iperf3://host:port".
// Thread safety: blocks the calling thread.

#include <atomic>
#include <string>

#include "core/clock.h"
#include "speedtest/http_speedtest.h"
#include "speedtest/speedtest_client.h"

namespace ww {

ServerAttempt RunOoklaSpeedtest(const std::string& server, const SpeedtestOptions& options,
                                const Clock& clock, const SpeedtestProgressFn& progress,
                                const std::atomic<bool>* cancel);

ServerAttempt RunIperf3Speedtest(const std::string& server, const SpeedtestOptions& options,
                                 const Clock& clock, const SpeedtestProgressFn& progress,
                                 const std::atomic<bool>* cancel);

}  // namespace ww
