#pragma once
// The speed test endpoints (speedtest/test_point.h) as the HTTP server's
// stream route: downloads are written from one preallocated block of random
// bytes (1 MiB, LibreSpeed's chunk) with the Content-Length the client asked
// for, uploads are read in 64 KiB pieces and discarded, so no request body or
// response is ever held in memory and gigabytes cost no more than kilobytes.
// Connections stay open between requests (clients reuse them for every chunk).
//
// No Beast in this header: the daemon and the standalone command hand the
// route to ServerOptions::stream_route without seeing Beast.
//
// Thread safety: the route is shared by every server thread; it holds only
// immutable state and the atomic transfer counter.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "config/cidr.h"
#include "config/config.h"

namespace ww {

class StreamRoute;

struct TestPointOptions {
  std::uint64_t max_request_bytes = 1024ull << 20;
  std::size_t max_concurrent_transfers = 32;
  // Each read or write of a transfer must progress within this; a stalled
  // client is dropped and its transfer slot freed.
  std::chrono::milliseconds io_timeout{30'000};
  // getIP reports X-Forwarded-For's client only behind these (web.trusted_proxies).
  std::vector<Cidr> trusted_proxies;
};

TestPointOptions TestPointOptionsFrom(const SpeedtestServerConfig& config);

std::shared_ptr<StreamRoute> MakeTestPointRoute(TestPointOptions options);

}  // namespace ww
