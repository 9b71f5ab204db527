#pragma once
// A speed test against one LibreSpeed or Cloudflare-style server:
//  1. first contact: GET the latency URL (LibreSpeed: `empty`, then `empty.php`
//     when that is 404); a server that fails here is "unreachable" and the caller
//     tries the next one;
//  2. who we are: getIP (LibreSpeed) or the cf-meta-* headers (Cloudflare);
//  3. idle latency: 15 probes back to back on the kept-alive connection;
//  4. download, then upload (bulk_transfer.h), each with a LatencySampler running;
//  5. the result: goodput, line rate, latencies, loss over all probes, grade.
// Thread safety: blocks the calling thread; see speedtest_client.h.

#include <atomic>
#include <string>

#include "core/clock.h"
#include "probe/curl_library.h"
#include "speedtest/speedtest_client.h"

namespace ww {

struct ServerAttempt {
  SpeedtestResult result;    // ok, or failed with the error
  bool unreachable = false;  // failed its first request: try the next server
};

ServerAttempt RunHttpSpeedtest(const CurlLibrary& curl, const std::string& server,
                               SpeedtestProtocol protocol, const SpeedtestOptions& options,
                               const Clock& clock, const SpeedtestProgressFn& progress,
                               const std::atomic<bool>* cancel);

}  // namespace ww
