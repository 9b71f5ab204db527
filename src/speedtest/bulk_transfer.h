#pragma once
// One direction of a speed test: `streams` parallel HTTP connections in one
// libcurl multi handle, driven on the calling thread for `duration`.
//  - Download: each connection GETs a chunk (100 MiB, so that a fast link is
//    never waiting on requests) and asks for the next one on the same
//    connection as soon as it ends. A 413 from a capped server halves the chunk.
//  - Upload: each connection POSTs a body of the same size, produced by the read
//    callback from one preallocated block of random bytes (incompressible; no
//    per-request allocation, no per-byte work).
//  - Bytes are counted where libcurl hands them over (write/read callbacks) into
//    a ThroughputMeter; the first `warmup` is moved but not measured. For uploads,
//    the bytes still in curl's buffer or unacknowledged in the sockets at the start
//    and at the end of the measured part are accounted for (throughput_meter.h), so
//    growing socket buffers on a slow link do not count as speed.
//  - Transfers still running at the end are abandoned (their connections closed).
// A direction fails (error set) when it is cancelled, when transfers keep failing
// (more than 2 per stream), or when nothing was measured after the warm-up.
// Thread safety: runs on the calling thread; `rate` is called there every ~100 ms.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/clock.h"
#include "probe/curl_library.h"
#include "speedtest/speedtest_urls.h"

namespace ww {

enum class Direction { kDownload, kUpload };

struct BulkPlan {
  Direction direction = Direction::kDownload;
  TestUrls urls;
  int streams = 4;
  Duration duration = std::chrono::seconds{10};
  Duration warmup = std::chrono::seconds{2};
  std::string interface;
  std::uint64_t chunk_bytes = 100ull << 20;
};

struct BulkOutcome {
  std::optional<double> goodput_mbps;
  std::uint64_t bytes = 0;  // moved, warm-up included
  std::string error;        // empty when measured
};

// mbps: current rate; fraction: 0..1 of the duration.
using BulkRateFn = std::function<void(double mbps, double fraction)>;

BulkOutcome RunBulkTransfer(const CurlLibrary& curl, const BulkPlan& plan, const Clock& clock,
                            const BulkRateFn& rate, const std::atomic<bool>* cancel);

}  // namespace ww
