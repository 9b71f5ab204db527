#include "dns_message.h"

namespace ww::lab {
namespace {

constexpr std::size_t kHeaderSize = 12;
constexpr std::size_t kMaxName = 255;  // RFC 1035 §2.3.4
constexpr std::uint16_t kFlagQr = 0x8000;
constexpr std::uint16_t kFlagAa = 0x0400;
constexpr std::uint16_t kFlagRd = 0x0100;
constexpr std::uint16_t kFlagRa = 0x0080;
constexpr std::uint16_t kOpcodeMask = 0x7800;
constexpr std::uint16_t kRcodeNxDomain = 3;
constexpr std::uint16_t kRcodeServFail = 2;

std::uint16_t Read16(std::span<const std::uint8_t> p, std::size_t at) {
  return static_cast<std::uint16_t>(p[at] << 8 | p[at + 1]);
}

void Put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v & 0xff));
}

}  // namespace

const char* DnsModeName(DnsMode m) {
  switch (m) {
    case DnsMode::kAnswer:
      return "answer";
    case DnsMode::kNxDomain:
      return "nxdomain";
    case DnsMode::kServFail:
      return "servfail";
    case DnsMode::kSilent:
      return "silent";
  }
  return "?";
}

Result<DnsMode> ParseDnsMode(const std::string& text) {
  for (DnsMode m : {DnsMode::kAnswer, DnsMode::kNxDomain, DnsMode::kServFail, DnsMode::kSilent}) {
    if (text == DnsModeName(m)) return m;
  }
  return Result<DnsMode>::Error("dns mode '" + text +
                                "' is not one of answer, nxdomain, servfail, silent");
}

Result<DnsQuery> ParseDnsQuery(std::span<const std::uint8_t> p) {
  using R = Result<DnsQuery>;
  if (p.size() < kHeaderSize) {
    return R::Error("dns query: " + std::to_string(p.size()) + " bytes, shorter than a header");
  }
  DnsQuery q;
  q.id = Read16(p, 0);
  q.flags = Read16(p, 2);
  if (q.flags & kFlagQr) return R::Error("dns query: QR bit set (a response, not a query)");
  if (Read16(p, 4) != 1) {
    return R::Error("dns query: QDCOUNT " + std::to_string(Read16(p, 4)) + ", expected 1");
  }
  std::size_t at = kHeaderSize;
  while (true) {
    if (at >= p.size()) return R::Error("dns query: name runs past the end of the packet");
    const std::uint8_t len = p[at++];
    if (len == 0) break;
    if (len > 63) return R::Error("dns query: label length " + std::to_string(len) + " > 63");
    if (at + len > p.size()) return R::Error("dns query: label runs past the end of the packet");
    if (!q.name.empty()) q.name += '.';
    for (std::size_t i = 0; i < len; ++i) {
      const char c = static_cast<char>(p[at + i]);
      q.name += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (q.name.size() > kMaxName) return R::Error("dns query: name longer than 255 bytes");
    at += len;
  }
  if (at + 4 > p.size()) return R::Error("dns query: question has no type and class");
  q.qtype = Read16(p, at);
  q.qclass = Read16(p, at + 2);
  q.question_end = at + 4;
  return q;
}

std::vector<std::uint8_t> BuildDnsResponse(std::span<const std::uint8_t> packet,
                                           const DnsQuery& query, DnsMode mode,
                                           const DnsAnswerData& data) {
  const bool answer = mode == DnsMode::kAnswer &&
                      (query.qtype == kDnsTypeA || query.qtype == kDnsTypeAaaa) &&
                      query.qclass == 1;
  std::uint16_t flags = kFlagQr | kFlagAa | kFlagRa | (query.flags & (kOpcodeMask | kFlagRd));
  if (mode == DnsMode::kNxDomain) flags |= kRcodeNxDomain;
  if (mode == DnsMode::kServFail) flags |= kRcodeServFail;
  std::vector<std::uint8_t> out;
  Put16(out, query.id);
  Put16(out, flags);
  Put16(out, 1);       // QDCOUNT
  Put16(out, answer);  // ANCOUNT
  Put16(out, 0);       // NSCOUNT
  Put16(out, 0);       // ARCOUNT (a query's EDNS OPT record is not echoed)
  out.insert(out.end(), packet.begin() + kHeaderSize, packet.begin() + query.question_end);
  if (!answer) return out;
  Put16(out, 0xC000 | kHeaderSize);  // compression pointer to the question's name
  Put16(out, query.qtype);
  Put16(out, 1);  // class IN
  Put16(out, static_cast<std::uint16_t>(data.ttl >> 16));
  Put16(out, static_cast<std::uint16_t>(data.ttl & 0xffff));
  if (query.qtype == kDnsTypeA) {
    Put16(out, 4);
    out.insert(out.end(), data.a.begin(), data.a.end());
  } else {
    Put16(out, 16);
    out.insert(out.end(), data.aaaa.begin(), data.aaaa.end());
  }
  return out;
}

}  // namespace ww::lab
