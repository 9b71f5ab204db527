#pragma once
// DNS over UDP for the lab responder: parse one query (RFC 1035 §4.1) and build
// its answer. Pure functions over byte buffers; malformed input yields an
// error naming what was wrong, never a crash.
// Thread safety: stateless functions.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace ww::lab {

// How the DNS server answers: a fixed address, an error code, or not at all.
enum class DnsMode : std::uint8_t { kAnswer, kNxDomain, kServFail, kSilent };
const char* DnsModeName(DnsMode m);
Result<DnsMode> ParseDnsMode(const std::string& text);

inline constexpr std::uint16_t kDnsTypeA = 1;
inline constexpr std::uint16_t kDnsTypeAaaa = 28;

struct DnsQuery {
  std::uint16_t id = 0;
  std::uint16_t flags = 0;
  std::string name;  // dotted, lower-cased as received ("example.com")
  std::uint16_t qtype = 0;
  std::uint16_t qclass = 0;
  std::size_t question_end = 0;  // offset just past the question in the packet
};

struct DnsAnswerData {
  std::array<std::uint8_t, 4> a{192, 0, 2, 1};
  std::array<std::uint8_t, 16> aaaa{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  std::uint32_t ttl = 60;
};

Result<DnsQuery> ParseDnsQuery(std::span<const std::uint8_t> packet);

// The response to `query` (whose bytes are `packet`) in `mode`; kSilent is not
// a response and must not be passed. A or AAAA in kAnswer mode get one record;
// other types get NOERROR with no records.
std::vector<std::uint8_t> BuildDnsResponse(std::span<const std::uint8_t> packet,
                                           const DnsQuery& query, DnsMode mode,
                                           const DnsAnswerData& data);

}  // namespace ww::lab
