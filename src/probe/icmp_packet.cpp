#include "probe/icmp_packet.h"

#include <cstdio>
#include <cstring>
#include <string>

namespace ww::icmp {
namespace {

constexpr std::uint8_t kV4EchoReply = 0;
constexpr std::uint8_t kV4DestUnreachable = 3;
constexpr std::uint8_t kV4EchoRequest = 8;
constexpr std::uint8_t kV4TimeExceeded = 11;
constexpr std::uint8_t kV4ParameterProblem = 12;
constexpr std::uint8_t kV6DestUnreachable = 1;
constexpr std::uint8_t kV6PacketTooBig = 2;
constexpr std::uint8_t kV6TimeExceeded = 3;
constexpr std::uint8_t kV6ParameterProblem = 4;
constexpr std::uint8_t kV6EchoRequest = 128;
constexpr std::uint8_t kV6EchoReply = 129;
constexpr std::uint8_t kProtoIcmp = 1;
constexpr std::uint8_t kProtoIcmpV6 = 58;
constexpr std::size_t kIpv4MinHeader = 20;
constexpr std::size_t kIpv6Header = 40;

using Bytes = std::span<const std::uint8_t>;

std::uint16_t Load16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

void Store16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v & 0xff);
}

template <typename... Args>
Status Fail(const char* format, Args... args) {
  char buf[160];
  std::snprintf(buf, sizeof buf, format, args...);
  return Status::Error(buf);
}

struct Ipv4View {
  Bytes payload;
  IpAddress destination;
  std::uint8_t protocol = 0;
  bool first_fragment = true;
  bool complete = true;  // the whole datagram is present (so a checksum can be verified)
};

// Strips an IPv4 header. A quoted header (inside an ICMP error) describes a
// datagram that was usually cut short, so its total length is not enforced.
Result<Ipv4View> StripIpv4(Bytes bytes, bool quoted) {
  const char* what = quoted ? "quoted IPv4 header" : "IPv4 header";
  if (bytes.size() < kIpv4MinHeader) {
    return Fail("%s: %zu bytes, need at least 20", what, bytes.size());
  }
  if ((bytes[0] >> 4) != 4) return Fail("%s: version %u, expected 4", what, bytes[0] >> 4);
  const std::size_t header = static_cast<std::size_t>(bytes[0] & 0x0f) * 4;
  if (header < kIpv4MinHeader || header > bytes.size()) {
    return Fail("%s: header length %zu does not fit in %zu bytes", what, header, bytes.size());
  }
  Ipv4View view;
  std::size_t end = bytes.size();
  if (!quoted) {
    const std::size_t total = Load16(&bytes[2]);
    if (total < header)
      return Fail("%s: total length %zu < header length %zu", what, total, header);
    if (total < end) end = total;  // link-layer padding
    view.complete = total <= bytes.size();
  }
  view.payload = bytes.subspan(header, end - header);
  view.destination = IpAddress::FromBytes(IpAddress::Family::kV4, &bytes[16]);
  view.protocol = bytes[9];
  view.first_fragment = (Load16(&bytes[6]) & 0x1fff) == 0;
  return view;
}

// Reads the echo request an error quotes, starting at its ICMP header.
Result<ParsedMessage> ReadQuotedEcho(Bytes quote, std::uint8_t echo_type, const char* family) {
  if (quote.size() < kIcmpHeaderSize) {
    return Fail("%s error: quoted request has %zu bytes, shorter than an ICMP header", family,
                quote.size());
  }
  ParsedMessage m;
  if (quote[0] != echo_type) return m;  // an error about someone else's ICMP message
  m.kind = MessageKind::kError;
  m.id = Load16(&quote[4]);
  m.seq = Load16(&quote[6]);
  m.payload = quote.subspan(kIcmpHeaderSize);
  return m;
}

Result<ParsedMessage> ParseV4Error(Bytes icmp) {
  Result<Ipv4View> inner = StripIpv4(icmp.subspan(kIcmpHeaderSize), /*quoted=*/true);
  if (!inner.ok()) return inner.status();
  if (inner->protocol != kProtoIcmp || !inner->first_fragment) return ParsedMessage{};
  Result<ParsedMessage> m = ReadQuotedEcho(inner->payload, kV4EchoRequest, "ICMPv4");
  if (m.ok() && m->kind == MessageKind::kError) m->original_destination = inner->destination;
  return m;
}

Result<ParsedMessage> ParseV4(Framing framing, Bytes bytes) {
  Bytes icmp = bytes;
  bool verify_checksum = false;  // the kernel already verified what datagram sockets deliver
  if (framing == Framing::kIpv4Header) {
    Result<Ipv4View> outer = StripIpv4(bytes, /*quoted=*/false);
    if (!outer.ok()) return outer.status();
    if (outer->protocol != kProtoIcmp) {
      return Fail("IPv4 packet: protocol %u, expected ICMP (1)", outer->protocol);
    }
    icmp = outer->payload;
    verify_checksum = outer->complete;
  }
  if (icmp.size() < kIcmpHeaderSize) {
    return Fail("ICMPv4 message: %zu bytes, shorter than the 8-byte ICMP header", icmp.size());
  }
  if (verify_checksum && InternetChecksum(icmp) != 0) {
    return Fail("ICMPv4 message type %u: bad checksum", icmp[0]);
  }
  ParsedMessage m;
  m.type = icmp[0];
  m.code = icmp[1];
  if (m.type == kV4EchoReply) {
    m.kind = MessageKind::kEchoReply;
    m.id = Load16(&icmp[4]);
    m.seq = Load16(&icmp[6]);
    m.payload = icmp.subspan(kIcmpHeaderSize);
    return m;
  }
  if (!IsErrorType(IpAddress::Family::kV4, m.type)) return m;
  Result<ParsedMessage> error = ParseV4Error(icmp);
  if (!error.ok()) return error;
  error->type = m.type;
  error->code = m.code;
  return error;
}

Result<ParsedMessage> ParseV6Error(Bytes icmp) {
  const Bytes quote = icmp.subspan(kIcmpHeaderSize);
  if (quote.size() < kIpv6Header) {
    return Fail("ICMPv6 error type %u: quoted IPv6 header has %zu bytes, need 40", icmp[0],
                quote.size());
  }
  if ((quote[0] >> 4) != 6) {
    return Fail("ICMPv6 error type %u: quoted header is IP version %u, expected 6", icmp[0],
                quote[0] >> 4);
  }
  // We send no extension headers, so a quote with any is not about our request.
  if (quote[6] != kProtoIcmpV6) return ParsedMessage{};
  Result<ParsedMessage> m = ReadQuotedEcho(quote.subspan(kIpv6Header), kV6EchoRequest, "ICMPv6");
  if (m.ok() && m->kind == MessageKind::kError) {
    m->original_destination = IpAddress::FromBytes(IpAddress::Family::kV6, &quote[24]);
  }
  return m;
}

Result<ParsedMessage> ParseV6(Framing framing, Bytes icmp) {
  if (framing != Framing::kIcmpOnly) {
    return Status::Error("ICMPv6 message: IPv6 sockets never deliver the IP header");
  }
  if (icmp.size() < kIcmpHeaderSize) {
    return Fail("ICMPv6 message: %zu bytes, shorter than the 8-byte ICMP header", icmp.size());
  }
  ParsedMessage m;
  m.type = icmp[0];
  m.code = icmp[1];
  if (m.type == kV6EchoReply) {
    m.kind = MessageKind::kEchoReply;
    m.id = Load16(&icmp[4]);
    m.seq = Load16(&icmp[6]);
    m.payload = icmp.subspan(kIcmpHeaderSize);
    return m;
  }
  if (!IsErrorType(IpAddress::Family::kV6, m.type)) return m;
  Result<ParsedMessage> error = ParseV6Error(icmp);
  if (!error.ok()) return error;
  error->type = m.type;
  error->code = m.code;
  return error;
}

}  // namespace

std::uint16_t InternetChecksum(std::span<const std::uint8_t> bytes) {
  std::uint64_t sum = 0;
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) sum += Load16(&bytes[i]);
  if (i < bytes.size()) sum += static_cast<std::uint64_t>(bytes[i]) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

void FillPayloadPattern(std::span<std::uint8_t> payload) {
  for (std::size_t i = kPayloadHeaderSize; i < payload.size(); ++i) {
    payload[i] = static_cast<std::uint8_t>(i & 0xff);
  }
}

void WritePayloadHeader(std::span<std::uint8_t> payload, std::uint64_t token, std::int64_t stamp) {
  if (payload.size() < kPayloadHeaderSize) return;
  std::memcpy(payload.data(), &token, sizeof token);
  std::memcpy(payload.data() + sizeof token, &stamp, sizeof stamp);
}

std::optional<PayloadHeader> ReadPayloadHeader(std::span<const std::uint8_t> payload) {
  if (payload.size() < kPayloadHeaderSize) return std::nullopt;
  PayloadHeader h;
  std::memcpy(&h.token, payload.data(), sizeof h.token);
  std::memcpy(&h.stamp, payload.data() + sizeof h.token, sizeof h.stamp);
  return h;
}

bool PayloadPatternIntact(std::span<const std::uint8_t> payload) {
  for (std::size_t i = kPayloadHeaderSize; i < payload.size(); ++i) {
    if (payload[i] != static_cast<std::uint8_t>(i & 0xff)) return false;
  }
  return true;
}

void FinishEchoRequest(IpAddress::Family family, std::span<std::uint8_t> packet, std::uint16_t id,
                       std::uint16_t seq) {
  if (packet.size() < kIcmpHeaderSize) return;
  const bool v4 = family == IpAddress::Family::kV4;
  packet[0] = v4 ? kV4EchoRequest : kV6EchoRequest;
  packet[1] = 0;
  Store16(&packet[2], 0);
  Store16(&packet[4], id);
  Store16(&packet[6], seq);
  if (v4) Store16(&packet[2], InternetChecksum(packet));
}

Result<ParsedMessage> ParseMessage(IpAddress::Family family, Framing framing,
                                   std::span<const std::uint8_t> bytes) {
  return family == IpAddress::Family::kV4 ? ParseV4(framing, bytes) : ParseV6(framing, bytes);
}

Result<ParsedMessage> ParseQuotedRequest(IpAddress::Family family,
                                         std::span<const std::uint8_t> bytes) {
  const bool v4 = family == IpAddress::Family::kV4;
  const char* name = v4 ? "ICMPv4" : "ICMPv6";
  Result<ParsedMessage> m = ReadQuotedEcho(bytes, v4 ? kV4EchoRequest : kV6EchoRequest, name);
  if (m.ok() && m->kind != MessageKind::kError) {
    return Fail("%s error queue: quoted message has type %u, not an echo request", name, bytes[0]);
  }
  return m;
}

bool IsErrorType(IpAddress::Family family, std::uint8_t type) {
  if (family == IpAddress::Family::kV4) {
    return type == kV4DestUnreachable || type == kV4TimeExceeded || type == kV4ParameterProblem;
  }
  return type == kV6DestUnreachable || type == kV6PacketTooBig || type == kV6TimeExceeded ||
         type == kV6ParameterProblem;
}

}  // namespace ww::icmp
