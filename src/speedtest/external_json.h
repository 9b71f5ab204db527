#pragma once
// Parsers of the JSON the external measuring programs print.
//
// Ookla `speedtest --format=json`: one object of "type": "result" (preceded by
// {"type": "log", "level": "error", "message": ...} lines when it fails).
// download/upload.bandwidth are BYTES per second; ping.latency and ping.jitter ms;
// packetLoss % (absent when the server could not measure it); download.latency.iqm
// and upload.latency.iqm the loaded latency; server{id, name, location, country, host};
// isp; interface.externalIp.
//
// iperf3 `-J`: end.sum_received.bits_per_second is what the receiving side got
// (the server for an upload, us with -R), end.sum_sent.bytes what was sent;
// "error" is set when the run failed.
// Thread safety: pure; malformed input is an error, never an exception.

#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "speedtest/speedtest_result.h"

namespace ww {

// The fields Ookla reports, set in a result (engine "ookla", ok = true); the caller
// adds timestamp, trigger, line rates and duration.
Result<SpeedtestResult> ParseOoklaJson(std::string_view text);

struct Iperf3Direction {
  double mbps = 0;          // receiver's goodput
  std::uint64_t bytes = 0;  // bytes sent
};
Result<Iperf3Direction> ParseIperf3Json(std::string_view text);

}  // namespace ww
