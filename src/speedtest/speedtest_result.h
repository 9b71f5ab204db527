#pragma once
// One speed test as measured and stored: Hermes's result fields plus ours.
// The JSON form (result_json.h) is the same for /api/results, /api/results/latest
// and `wanwatch speedtest --json`.

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"

namespace ww {

struct SpeedtestResult {
  std::int64_t id = 0;   // row id once stored; 0 before
  WallTime timestamp{};  // when the test started (UTC)
  bool ok = false;       // false: `error` says why; no speeds are made up
  std::string error;     // empty when ok
  std::string engine;    // "librespeed", "cloudflare", "ookla", "iperf3"
  std::string trigger;   // "scheduled", "manual" (POST /api/trigger), "cli"
  int attempt = 1;       // 2 = the one retry after a failed scheduled or manual test

  std::string server_url;       // what was measured against
  std::string server_name;      // host name, or the server's own name (Ookla)
  std::string server_location;  // "city, country" when known, else ""
  std::string server_id;        // Ookla's server id; else ""
  std::string isp;              // client ISP when the server tells (getIP, Ookla)
  std::string client_ip;        // the address the server saw, when it tells

  // Goodput: application payload bytes per second over the measured (post warm-up) part.
  std::optional<double> download_mbps, upload_mbps;
  // Goodput × line_rate_factor (what the link carries with TCP/IP/Ethernet headers).
  std::optional<double> download_line_mbps, upload_line_mbps;
  // Idle latency before the load: median RTT of the latency probes, and the mean
  // absolute difference of consecutive RTTs (jitter, as LibreSpeed and Ookla report it).
  std::optional<double> ping_ms, jitter_ms;
  std::optional<double> packet_loss_pct;  // latency probes without an answer
  // Latency under load: median RTT of latency probes sent while each direction ran.
  std::optional<double> download_latency_ms, upload_latency_ms;
  // From the larger increase of loaded over idle latency: "A+", "A", "B", "C", "D", "F";
  // "" when it could not be measured.
  std::string bufferbloat_grade;

  std::uint64_t bytes_downloaded = 0;  // payload bytes moved, warm-up included
  std::uint64_t bytes_uploaded = 0;
  int streams = 0;
  double duration_seconds = 0;  // wall time of the whole test
};

}  // namespace ww
