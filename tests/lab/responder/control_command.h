#pragma once
// The responder's control language, one command per line (the lab's Python
// client and people at a shell send the same text):
//
//   <scope> [target=<ipv4>] <setting>...     scope: icmp, tcp, dns, http or all
//     delay=<ms>            added delay before answering (0 = none)
//     loss=<pct>            deterministic loss, 0..100 (see impairment.h)
//     down [<s>] | down=<s> no answers from now for s seconds (no s = until "up")
//     up                    end a down window now
//     mode=<m>              dns only: answer, nxdomain, servfail, silent
//     status=<code>         http only: the status code of responses (100..599)
//   reset                   remove every impairment, mode and status
//   stats                   counters as JSON
//   rules                   the impairments in force
//   ping                    liveness check, answers "pong"
//
// Example: "icmp target=203.0.113.10 delay=50 loss=10", "all down 20".
// Parsing is pure and reports the offending word on error.
// Thread safety: stateless functions.

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "dns_message.h"
#include "impairment.h"

namespace ww::lab {

struct ControlCommand {
  enum class Kind : std::uint8_t { kImpair, kReset, kStats, kRules, kPing };
  Kind kind = Kind::kPing;
  std::optional<Protocol> protocol;  // empty: all protocols
  std::uint32_t target = 0;          // 0: every target address
  std::optional<std::int64_t> delay_ms;
  std::optional<double> loss_pct;
  std::optional<std::int64_t> down_ms;  // -1: until "up"
  bool up = false;
  std::optional<DnsMode> dns_mode;
  std::optional<int> http_status;
};

Result<ControlCommand> ParseControlCommand(const std::string& line);

// Dotted-quad IPv4 to host byte order.
std::optional<std::uint32_t> ParseIpv4Address(const std::string& text);

}  // namespace ww::lab
