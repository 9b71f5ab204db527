#include "packets.h"

#include <string>

namespace ww::lab {
namespace {

constexpr std::uint8_t kProtoTcp = 6;
constexpr std::uint16_t kMss = 1460;
constexpr std::uint16_t kWindow = 64240;

std::uint16_t Read16(std::span<const std::uint8_t> p, std::size_t at) {
  return static_cast<std::uint16_t>(p[at] << 8 | p[at + 1]);
}
std::uint32_t Read32(std::span<const std::uint8_t> p, std::size_t at) {
  return static_cast<std::uint32_t>(Read16(p, at)) << 16 | Read16(p, at + 2);
}
void Put16(std::vector<std::uint8_t>& out, std::size_t at, std::uint16_t v) {
  out[at] = static_cast<std::uint8_t>(v >> 8);
  out[at + 1] = static_cast<std::uint8_t>(v & 0xff);
}
void Put32(std::vector<std::uint8_t>& out, std::size_t at, std::uint32_t v) {
  Put16(out, at, static_cast<std::uint16_t>(v >> 16));
  Put16(out, at + 2, static_cast<std::uint16_t>(v & 0xffff));
}

// A TCP header (20 bytes + options) from dst back to src, checksum filled in.
std::vector<std::uint8_t> TcpHeader(const TcpSegment& to, std::uint32_t seq, std::uint32_t ack,
                                    std::uint8_t flags, std::span<const std::uint8_t> options) {
  std::vector<std::uint8_t> h(20 + options.size(), 0);
  Put16(h, 0, to.dport);
  Put16(h, 2, to.sport);
  Put32(h, 4, seq);
  Put32(h, 8, ack);
  h[12] = static_cast<std::uint8_t>((h.size() / 4) << 4);
  h[13] = flags;
  Put16(h, 14, (flags & kTcpRst) ? 0 : kWindow);
  std::copy(options.begin(), options.end(), h.begin() + 20);
  // Pseudo-header: source, destination, protocol, TCP length (RFC 9293 §3.1).
  const std::uint32_t src = to.dst;
  const std::uint32_t dst = to.src;
  const std::uint32_t pseudo = (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) +
                               kProtoTcp + static_cast<std::uint32_t>(h.size());
  Put16(h, 16, InternetChecksum(h, pseudo));
  return h;
}

}  // namespace

std::uint16_t InternetChecksum(std::span<const std::uint8_t> data, std::uint32_t initial) {
  std::uint64_t sum = initial;
  std::size_t i = 0;
  for (; i + 1 < data.size(); i += 2) sum += Read16(data, i);
  if (i < data.size()) sum += static_cast<std::uint32_t>(data[i]) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

Result<Ipv4Packet> ParseIpv4(std::span<const std::uint8_t> p) {
  using R = Result<Ipv4Packet>;
  if (p.size() < 20) return R::Error("ipv4: " + std::to_string(p.size()) + " bytes, no header");
  if ((p[0] >> 4) != 4) return R::Error("ipv4: version " + std::to_string(p[0] >> 4));
  const std::size_t ihl = static_cast<std::size_t>(p[0] & 0x0f) * 4;
  const std::size_t total = Read16(p, 2);
  if (ihl < 20 || ihl > p.size()) return R::Error("ipv4: bad header length " + std::to_string(ihl));
  if (total < ihl || total > p.size()) {
    return R::Error("ipv4: total length " + std::to_string(total) + " does not fit " +
                    std::to_string(p.size()) + " bytes");
  }
  Ipv4Packet ip;
  ip.protocol = p[9];
  ip.src = Read32(p, 12);
  ip.dst = Read32(p, 16);
  ip.payload = p.subspan(ihl, total - ihl);
  return ip;
}

Result<IcmpMessage> ParseIcmp(std::span<const std::uint8_t> icmp) {
  if (icmp.size() < 8) {
    return Result<IcmpMessage>::Error("icmp: " + std::to_string(icmp.size()) +
                                      " bytes, shorter than an echo header");
  }
  IcmpMessage m;
  m.type = icmp[0];
  m.code = icmp[1];
  m.id = Read16(icmp, 4);
  m.seq = Read16(icmp, 6);
  m.message = icmp;
  return m;
}

std::vector<std::uint8_t> BuildEchoReply(const IcmpMessage& request) {
  std::vector<std::uint8_t> reply(request.message.begin(), request.message.end());
  reply[0] = kIcmpEchoReply;
  reply[1] = 0;
  Put16(reply, 2, 0);
  Put16(reply, 2, InternetChecksum(reply));
  return reply;
}

Result<TcpSegment> ParseTcp(const Ipv4Packet& ip) {
  using R = Result<TcpSegment>;
  const auto p = ip.payload;
  if (ip.protocol != kProtoTcp) return R::Error("tcp: ip protocol " + std::to_string(ip.protocol));
  if (p.size() < 20) return R::Error("tcp: " + std::to_string(p.size()) + " bytes, no header");
  const std::size_t off = static_cast<std::size_t>(p[12] >> 4) * 4;
  if (off < 20 || off > p.size()) return R::Error("tcp: bad data offset " + std::to_string(off));
  TcpSegment s;
  s.src = ip.src;
  s.dst = ip.dst;
  s.sport = Read16(p, 0);
  s.dport = Read16(p, 2);
  s.seq = Read32(p, 4);
  s.ack = Read32(p, 8);
  s.flags = p[13];
  s.payload_len = p.size() - off;
  return s;
}

std::vector<std::uint8_t> BuildSynAck(const TcpSegment& syn, std::uint32_t isn) {
  const std::uint8_t mss[4] = {2, 4, static_cast<std::uint8_t>(kMss >> 8),
                               static_cast<std::uint8_t>(kMss & 0xff)};
  return TcpHeader(syn, isn, syn.seq + 1, kTcpSyn | kTcpAck, mss);
}

std::vector<std::uint8_t> BuildTcpReply(const TcpSegment& segment, std::uint32_t seq,
                                        std::uint32_t ack, std::uint8_t flags) {
  return TcpHeader(segment, seq, ack, flags, {});
}

}  // namespace ww::lab
