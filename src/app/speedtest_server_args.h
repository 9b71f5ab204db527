#pragma once
// What `wanwatch speedtest-server` was asked to do, and the parsing of its
// --listen ADDR:PORT. The command itself runs in speedtest_server_command.cpp.
// Thread safety: pure functions.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ww {

struct ListenAddress {
  std::string address;     // numeric IPv4 or IPv6, without brackets
  std::uint16_t port = 0;  // 0: the kernel picks one (printed at start)
};

// "127.0.0.1:8081", "0.0.0.0:80", "[::1]:8081", "[::]:8081". The error says
// what is wrong without the flag's name (the caller adds it).
Result<ListenAddress> ParseListenAddress(std::string_view text);

inline constexpr int kMaxSpeedtestServerThreads = 64;

struct SpeedtestServerArgs {
  ListenAddress listen;
  int max_request_mb = 1024;  // as [speedtest_server] max_request_mb
  int max_concurrent = 32;    // as [speedtest_server] max_concurrent_transfers
  int threads = 0;            // HTTP threads; 0: one per CPU core (at most 8)
  std::string log_level = "info";
};

}  // namespace ww
