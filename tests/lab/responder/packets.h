#pragma once
// Packet parsing and building for the responder's raw sockets: IPv4 headers,
// ICMP echo (RFC 792) and the TCP handshake segments (RFC 9293). Pure
// functions; addresses are IPv4 in host byte order. Malformed input yields an
// error naming the problem, never a crash.
// Thread safety: stateless functions.

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"

namespace ww::lab {

inline constexpr std::uint8_t kIcmpEchoRequest = 8;
inline constexpr std::uint8_t kIcmpEchoReply = 0;
inline constexpr std::uint8_t kTcpFin = 0x01;
inline constexpr std::uint8_t kTcpSyn = 0x02;
inline constexpr std::uint8_t kTcpRst = 0x04;
inline constexpr std::uint8_t kTcpAck = 0x10;

// RFC 1071 one's-complement sum, folded and inverted. `initial` carries a
// pseudo-header sum (host order, unfolded).
std::uint16_t InternetChecksum(std::span<const std::uint8_t> data, std::uint32_t initial = 0);

struct Ipv4Packet {
  std::uint32_t src = 0;
  std::uint32_t dst = 0;
  std::uint8_t protocol = 0;
  std::span<const std::uint8_t> payload;  // points into the parsed buffer
};
// A packet as a raw IPv4 socket returns it (IP header first).
Result<Ipv4Packet> ParseIpv4(std::span<const std::uint8_t> packet);

struct IcmpMessage {
  std::uint8_t type = 0;
  std::uint8_t code = 0;
  std::uint16_t id = 0;                   // meaningful for echo messages
  std::uint16_t seq = 0;                  // meaningful for echo messages
  std::span<const std::uint8_t> message;  // the whole ICMP message
};
Result<IcmpMessage> ParseIcmp(std::span<const std::uint8_t> icmp);
// The echo reply to an echo request: same id, sequence and payload.
std::vector<std::uint8_t> BuildEchoReply(const IcmpMessage& request);

struct TcpSegment {
  std::uint32_t src = 0;
  std::uint32_t dst = 0;
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;
  std::size_t payload_len = 0;
};
Result<TcpSegment> ParseTcp(const Ipv4Packet& ip);

// SYN-ACK answering `syn` (from its destination back to its source), with an
// MSS option, our initial sequence number `isn` and a valid checksum.
std::vector<std::uint8_t> BuildSynAck(const TcpSegment& syn, std::uint32_t isn);
// Any other segment answering `segment`, without options (FIN, ACK of a FIN...).
std::vector<std::uint8_t> BuildTcpReply(const TcpSegment& segment, std::uint32_t seq,
                                        std::uint32_t ack, std::uint8_t flags);

}  // namespace ww::lab
