#pragma once
// The speed test client: idle latency, then download, then upload, each
// direction over `streams` parallel HTTP connections (libcurl multi) for
// `duration`, the first `warmup` of which is moved but not counted. Latency
// probes keep running during each direction (latency under load).
//
// Protocols: LibreSpeed (GET <base>/garbage?ckSize=N, POST <base>/empty,
// GET <base>/getIP; the .php names are tried when the bare ones 404) and
// Cloudflare-style (GET <base>/__down?bytes=N, POST <base>/__up). Ookla's
// `speedtest` CLI and iperf3 are run as programs when chosen and installed.
//
// Thread safety: RunSpeedtest blocks the calling thread for about
// 2 × duration + a few seconds; run it on a thread of its own. Progress is
// called on that thread.

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "speedtest/speedtest_result.h"

namespace ww {

enum class SpeedtestProtocol { kAuto, kLibreSpeed, kCloudflare, kOokla, kIperf3 };

// "auto", "librespeed", ...; nullopt-like kAuto for unknown text is not offered:
// callers validate first (config/validate.h IsSpeedtestProtocol).
SpeedtestProtocol ParseSpeedtestProtocol(const std::string& name);
// kAuto resolved for one server URL.
SpeedtestProtocol ResolveProtocol(SpeedtestProtocol protocol, const std::string& server_url);

struct SpeedtestOptions {
  std::vector<std::string> servers;  // tried in order until one answers
  SpeedtestProtocol protocol = SpeedtestProtocol::kAuto;
  int streams = 4;
  std::chrono::seconds duration{10};
  std::chrono::milliseconds warmup{2000};
  double line_rate_factor = 1514.0 / 1448.0;
  std::string interface;  // SO_BINDTODEVICE (CURLOPT_INTERFACE "if!name"); empty: none
  std::string trigger = "cli";
  int attempt = 1;
};

struct SpeedtestProgress {
  std::string phase;    // "latency", "download", "upload", "done"
  double mbps = 0;      // current goodput of the phase (0 in latency)
  double fraction = 0;  // 0..1 of the phase
};

using SpeedtestProgressFn = std::function<void(const SpeedtestProgress&)>;

// Never throws; a test that could not run returns ok=false with an error that
// says which server and what failed. `cancel` (may be null) stops it early
// (the result is then a failed one, "cancelled").
SpeedtestResult RunSpeedtest(const SpeedtestOptions& options, const Clock& clock,
                             const SpeedtestProgressFn& progress,
                             const std::atomic<bool>* cancel = nullptr);

}  // namespace ww
