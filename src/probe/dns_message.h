#pragma once
// DNS wire format for the DNS prober (RFC 1035 §4): builds one A/AAAA query and
// parses and judges a reply. Pure functions over bytes, no I/O, so every rule
// here is unit-tested and fuzzed (tests/fuzz/dns_reply_fuzz.cpp).
//
// Any byte string is safe input: every length, count and compression pointer is
// bounds-checked; a pointer must point before itself (RFC 1035 §4.1.4 "prior
// occurrence"), so a name can never loop, and a name is capped at 255 octets.
//
// Thread safety: stateless; call from any thread.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ww {

enum class DnsType : std::uint16_t { kA = 1, kAaaa = 28 };

inline constexpr std::uint16_t kDnsClassIn = 1;
inline constexpr std::size_t kDnsHeaderSize = 12;
inline constexpr std::size_t kDnsMaxNameLength = 255;  // wire octets (RFC 1035 §2.3.4)

struct DnsQuestion {
  std::string name;  // dotted, no trailing dot, "." for the root; odd octets as \DDD
  std::uint16_t type = 0;
  std::uint16_t qclass = 0;
};

struct DnsRecord {
  std::string name;
  std::uint16_t type = 0;
  std::uint16_t rclass = 0;
  std::uint32_t ttl = 0;
  std::vector<std::uint8_t> rdata;
};

struct DnsReply {
  std::uint16_t id = 0;
  bool is_response = false;  // QR
  std::uint8_t opcode = 0;
  bool truncated = false;  // TC
  bool recursion_available = false;
  std::uint8_t rcode = 0;
  std::uint16_t answer_count = 0;  // ANCOUNT as sent
  std::vector<DnsQuestion> questions;
  // Empty when truncated: RFC 2181 §9 says the rest of a TC reply may be partial.
  std::vector<DnsRecord> answers;
};

// A standard query (opcode 0, RD set) for `name` ("example.com" or "example.com.").
// Names are host names: letters, digits, '-' and '_' in labels of 1-63 octets.
Result<std::vector<std::uint8_t>> BuildDnsQuery(std::uint16_t id, std::string_view name,
                                                DnsType type);

// Parses header, question section and (unless TC) answer section. The authority
// and additional sections are not needed by the prober and are not read.
Result<DnsReply> ParseDnsReply(std::span<const std::uint8_t> packet);

// What one datagram from the server means for the query we sent.
struct DnsVerdict {
  enum class Kind {
    kIgnore,  // not a reply to our query (wrong id): keep waiting
    kOk,      // NOERROR and at least one record of the asked type (or TC, see below)
    kNoData,  // NOERROR, but no record of the asked type
    kRcode,   // the server answered with rcode != 0
    kBad,     // malformed, or does not answer our question
  };
  Kind kind = Kind::kBad;
  std::uint8_t rcode = 0;
  std::size_t matching_answers = 0;
  bool truncated = false;
  std::string detail;  // why, for logs and the detailed result
};

// Judges `packet` against the query (id, name, type). The id is read first, so a
// stray datagram is ignored rather than failing the probe. A TC reply with
// NOERROR counts as kOk: the server resolved the name, the answer only did not fit
// in 512 octets (we do not retry over TCP).
DnsVerdict JudgeDnsReply(std::span<const std::uint8_t> packet, std::uint16_t id,
                         std::string_view name, DnsType type);

std::string_view DnsRcodeName(std::uint8_t rcode);

}  // namespace ww
