#include "core/sample.h"
#include "core/target.h"

namespace ww {

std::string_view ToString(ProbeKind kind) {
  switch (kind) {
    case ProbeKind::kIcmp:
      return "icmp";
    case ProbeKind::kTcp:
      return "tcp";
    case ProbeKind::kDns:
      return "dns";
    case ProbeKind::kHttp:
      return "http";
  }
  return "unknown";
}

std::string_view ToString(TargetRole role) {
  return role == TargetRole::kGateway ? "gateway" : "external";
}

std::string_view ToString(ProbeError error) {
  switch (error) {
    case ProbeError::kNone:
      return "none";
    case ProbeError::kTimeout:
      return "timeout";
    case ProbeError::kUnreachable:
      return "unreachable";
    case ProbeError::kRefused:
      return "refused";
    case ProbeError::kSendFailed:
      return "send_failed";
    case ProbeError::kNoAddress:
      return "no_address";
    case ProbeError::kBadReply:
      return "bad_reply";
    case ProbeError::kDnsRcode:
      return "dns_rcode";
    case ProbeError::kHttpStatus:
      return "http_status";
    case ProbeError::kUnavailable:
      return "unavailable";
    case ProbeError::kTlsError:
      return "tls_error";
  }
  return "unknown";
}

}  // namespace ww
