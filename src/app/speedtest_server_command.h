#pragma once
// `wanwatch speedtest-server`: the speed test endpoints (speedtest/test_point.h)
// alone on one address, for a test point on a VPS or a second site: no probing,
// no store, no data dir. Other paths answer 404.
// Thread safety: call from main's thread; blocks until SIGINT or SIGTERM.

#include <ostream>

#include "app/speedtest_server_args.h"

namespace ww {

// Prints "listening on http://ADDR:PORT/" on `out` once serving (the port the
// kernel picked for port 0). Returns the exit code: 0 after a stop signal, 1
// when the address cannot be bound.
int RunSpeedtestServerCommand(const SpeedtestServerArgs& args, std::ostream& out,
                              std::ostream& err);

}  // namespace ww
