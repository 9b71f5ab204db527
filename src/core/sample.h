#pragma once
// One probe's outcome. Every probe started yields exactly one Sample:
// success, failure, or timeout.

#include <cstdint>
#include <string_view>

#include "core/clock.h"
#include "core/target.h"

namespace ww {

enum class ProbeError : std::uint8_t {
  kNone,
  kTimeout,      // no reply before the deadline
  kUnreachable,  // ICMP unreachable reply, or ENETUNREACH/EHOSTUNREACH from the kernel
  kRefused,      // TCP RST
  kSendFailed,   // the kernel refused to send (socket or bind failure, EPERM, ...)
  kNoAddress,    // host name not resolved, or gateway not discovered
  kBadReply,     // a reply that failed validation
  kDnsRcode,     // DNS answered with a non-zero rcode (code = rcode)
  kHttpStatus,   // HTTP answered with a status >= 400 (code = status)
  kUnavailable,  // the prober cannot run (no ICMP socket, ...)
  kTlsError,
};

struct Sample {
  TargetId target = 0;
  std::int64_t round = 0;  // scheduler round this probe belongs to
  WallTime sent_at{};      // wall clock when sent
  bool ok = false;
  double rtt_ms = 0;  // meaningful when ok (also for a DNS/HTTP error reply with timing)
  ProbeError error = ProbeError::kNone;
  int code = 0;  // DNS rcode, HTTP status, ICMP type*256+code of an error reply
};

std::string_view ToString(ProbeError error);

}  // namespace ww
