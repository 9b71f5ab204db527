#pragma once
// What `wanwatch speedtest` was asked to do, and how its flags are laid over the
// configuration's [speedtest] section (servers, protocol, streams, duration). The
// command itself runs in speedtest_command.cpp.
// Thread safety: pure functions.

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/result.h"

namespace ww {

struct SpeedtestArgs {
  std::vector<std::string> servers;  // --server, repeatable; empty: the configured ones
  std::optional<std::string> protocol;
  std::optional<int> streams;
  std::optional<int> duration_seconds;
  bool json = false;
};

// `config` with the flags applied, or an error naming the flag ("--server: ...").
// A server must be an http(s) URL, except: iperf3 takes "host[:port]" or
// "iperf3://host:port", Ookla a numeric server id. A --duration not longer than the
// configured warm-up shortens the warm-up to a fifth of the duration.
Result<SpeedtestConfig> ApplySpeedtestArgs(const SpeedtestArgs& args, SpeedtestConfig config);

}  // namespace ww
