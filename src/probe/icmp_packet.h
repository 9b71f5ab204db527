#pragma once
// ICMP echo packets for IPv4 and IPv6: building our echo requests and parsing
// whatever an ICMP socket hands back (echo replies, and error replies that quote
// one of our requests). Pure functions on byte spans: no sockets, no clocks, so
// every case is unit-tested with hand-made bytes and fuzzed (tests/fuzz/icmp_reply).
//
// Wire layout of our echo request (RFC 792 / RFC 4443):
//   type code checksum | identifier sequence | payload
// Payload (payload_size bytes, at least kPayloadHeaderSize):
//   token (8 bytes, random per prober: tells our replies from other pingers')
//   stamp (8 bytes, the send time in ns: tells this request from an older one
//          that used the same sequence number)
//   pattern bytes (i & 0xff), checked on the reply to catch corruption.
// Token and stamp are stored in host byte order: only we read them back.
//
// Thread safety: stateless functions; safe from any thread.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "core/ip_address.h"
#include "core/result.h"

namespace ww::icmp {

inline constexpr std::size_t kIcmpHeaderSize = 8;
inline constexpr std::size_t kPayloadHeaderSize = 16;  // token + stamp
inline constexpr std::size_t kMinPayloadSize = kPayloadHeaderSize;
inline constexpr std::size_t kMaxPayloadSize = 8192;  // bigger pings measure nothing more

// How a socket frames what it delivers: raw IPv4 sockets include the IPv4
// header, datagram sockets and every IPv6 socket start at the ICMP header.
enum class Framing : std::uint8_t { kIcmpOnly, kIpv4Header };

enum class MessageKind : std::uint8_t {
  kEchoReply,  // an echo reply: id, seq and payload are its own
  kError,      // an error that quotes an echo request: id, seq, payload are the quote's
  kOther,      // well-formed but not for an echo prober (other types, quotes of non-echo)
};

struct ParsedMessage {
  MessageKind kind = MessageKind::kOther;
  std::uint8_t type = 0;  // ICMP type and code of the message itself
  std::uint8_t code = 0;
  std::uint16_t id = 0;
  std::uint16_t seq = 0;
  // Echo reply: its payload. Error: the quoted request's payload, often truncated
  // (RFC 792 promises only 8 bytes of the original datagram beyond its IP header).
  std::span<const std::uint8_t> payload;
  // Errors that carry the quoted IP header: where the failed request was going.
  std::optional<IpAddress> original_destination;
};

// The ones' complement sum of RFC 1071 over `bytes`, complemented. A buffer that
// contains a correct checksum sums to 0.
std::uint16_t InternetChecksum(std::span<const std::uint8_t> bytes);

// Writes the pattern bytes of a payload (everything after token and stamp).
void FillPayloadPattern(std::span<std::uint8_t> payload);
// Writes token and stamp at the start of a payload of at least kPayloadHeaderSize bytes.
void WritePayloadHeader(std::span<std::uint8_t> payload, std::uint64_t token, std::int64_t stamp);

struct PayloadHeader {
  std::uint64_t token = 0;
  std::int64_t stamp = 0;
};
// Token and stamp of a payload; nullopt when it is shorter than kPayloadHeaderSize.
std::optional<PayloadHeader> ReadPayloadHeader(std::span<const std::uint8_t> payload);
// True when every byte after token and stamp has the pattern value.
bool PayloadPatternIntact(std::span<const std::uint8_t> payload);

// Turns `packet` (kIcmpHeaderSize + payload, payload already written) into an
// echo request with `id` and `seq`. IPv4: computes the checksum. IPv6: leaves it
// zero; the kernel computes it over the pseudo-header (RFC 3542 section 3.1).
void FinishEchoRequest(IpAddress::Family family, std::span<std::uint8_t> packet, std::uint16_t id,
                       std::uint16_t seq);

// Parses one message read from an ICMP socket. Malformed input (too short, bad
// lengths, bad IPv4 checksum, wrong IP version) is an error naming what is wrong;
// messages that are fine but not ours to judge come back as MessageKind::kOther.
// IPv6 sockets never include the IP header, so kIpv4Header with kV6 is an error.
Result<ParsedMessage> ParseMessage(IpAddress::Family family, Framing framing,
                                   std::span<const std::uint8_t> bytes);

// Parses the data of a MSG_ERRQUEUE message of a datagram ICMP socket: the echo
// request we sent, from its ICMP header on, as quoted by the ICMP error. Type,
// code and original destination come from the control message, not from here.
Result<ParsedMessage> ParseQuotedRequest(IpAddress::Family family,
                                         std::span<const std::uint8_t> bytes);

// True for the ICMP types that report a failed datagram (destination unreachable,
// time exceeded, parameter problem; v6 also packet too big).
bool IsErrorType(IpAddress::Family family, std::uint8_t type);

}  // namespace ww::icmp
