// The ICMP packet code against hand-made bytes: every message kind, both
// framings, both families, and every malformed shape the parser rejects.
#include "probe/icmp_packet.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace ww::icmp {
namespace {

using Bytes = std::vector<std::uint8_t>;
using ::testing::HasSubstr;
constexpr auto kV4 = IpAddress::Family::kV4;
constexpr auto kV6 = IpAddress::Family::kV6;

// An IPv4 header (no options) for `payload_size` bytes of `protocol`, from
// 192.0.2.9 to 198.51.100.7. The header checksum is left zero: nobody checks it.
Bytes Ipv4Header(std::uint8_t protocol, std::size_t payload_size) {
  const std::size_t total = 20 + payload_size;
  return {0x45,
          0x00,
          static_cast<std::uint8_t>(total >> 8),
          static_cast<std::uint8_t>(total),
          0x12,
          0x34,
          0x40,
          0x00,
          64,
          protocol,
          0x00,
          0x00,
          192,
          0,
          2,
          9,
          198,
          51,
          100,
          7};
}

// 40-byte IPv6 header from 2001:db8::9 to 2001:db8::7.
Bytes Ipv6Header(std::uint8_t next_header, std::size_t payload_size) {
  Bytes h = {0x60,
             0,
             0,
             0,
             static_cast<std::uint8_t>(payload_size >> 8),
             static_cast<std::uint8_t>(payload_size),
             next_header,
             64};
  const Bytes src = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9};
  const Bytes dst = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7};
  h.insert(h.end(), src.begin(), src.end());
  h.insert(h.end(), dst.begin(), dst.end());
  return h;
}

Bytes Cat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// type code checksum(0) id=0x1234 seq=0x0102, then `payload`.
Bytes Icmp(std::uint8_t type, std::uint8_t code, const Bytes& payload) {
  return Cat({type, code, 0x00, 0x00, 0x12, 0x34, 0x01, 0x02}, payload);
}

// Sets the ICMPv4 checksum of the ICMP message starting at `offset`.
Bytes WithChecksum(Bytes packet, std::size_t offset = 0) {
  packet[offset + 2] = packet[offset + 3] = 0;
  const std::uint16_t sum = InternetChecksum(std::span(packet).subspan(offset));
  packet[offset + 2] = static_cast<std::uint8_t>(sum >> 8);
  packet[offset + 3] = static_cast<std::uint8_t>(sum);
  return packet;
}

Bytes OurPayload(std::size_t size = 56) {
  Bytes p(size);
  FillPayloadPattern(p);
  WritePayloadHeader(p, 0x1122334455667788ULL, 1'700'000'000'123'456'789LL);
  return p;
}

TEST(InternetChecksum, MatchesRfc1071ExampleAndOddLengths) {
  // RFC 1071 section 3: the sum of 0001 f203 f4f5 f6f7 is ddf2; its complement 220d.
  EXPECT_EQ(InternetChecksum(Bytes{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}), 0x220d);
  // An odd trailing byte is padded with zero on the right.
  EXPECT_EQ(InternetChecksum(Bytes{0x01}), static_cast<std::uint16_t>(~0x0100));
  EXPECT_EQ(InternetChecksum(Bytes{}), 0xffff);
}

TEST(EchoRequest, V4HasTypeIdSeqInNetworkOrderAndValidChecksum) {
  Bytes packet = Cat(Bytes(8), OurPayload());
  FinishEchoRequest(kV4, packet, 0xabcd, 0x0001);
  EXPECT_EQ(packet[0], 8);
  EXPECT_EQ(packet[1], 0);
  EXPECT_EQ(packet[4], 0xab);
  EXPECT_EQ(packet[5], 0xcd);
  EXPECT_EQ(packet[6], 0x00);
  EXPECT_EQ(packet[7], 0x01);
  EXPECT_EQ(InternetChecksum(packet), 0);
}

TEST(EchoRequest, V6LeavesChecksumToTheKernel) {
  Bytes packet = Cat(Bytes(8, 0xee), OurPayload());
  FinishEchoRequest(kV6, packet, 7, 9);
  EXPECT_EQ(packet, Cat(Bytes{128, 0, 0, 0, 0, 7, 0, 9}, OurPayload()));
}

TEST(Payload, HeaderRoundTripsAndPatternDetectsDamage) {
  Bytes p = OurPayload();
  const auto h = ReadPayloadHeader(p);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->token, 0x1122334455667788ULL);
  EXPECT_EQ(h->stamp, 1'700'000'000'123'456'789LL);
  EXPECT_EQ(p[16], 16);
  EXPECT_EQ(p[55], 55);
  EXPECT_TRUE(PayloadPatternIntact(p));
  p[40] ^= 0x01;
  EXPECT_FALSE(PayloadPatternIntact(p));
  EXPECT_FALSE(ReadPayloadHeader(Bytes(15)).has_value());
}

TEST(ParseMessage, V4RawEchoReplyWithIpHeader) {
  const Bytes icmp = WithChecksum(Icmp(0, 0, OurPayload()));
  const Bytes packet = Cat(Ipv4Header(1, icmp.size()), icmp);
  const auto m = ParseMessage(kV4, Framing::kIpv4Header, packet);
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->kind, MessageKind::kEchoReply);
  EXPECT_EQ(m->id, 0x1234);
  EXPECT_EQ(m->seq, 0x0102);
  EXPECT_EQ(Bytes(m->payload.begin(), m->payload.end()), OurPayload());
  EXPECT_FALSE(m->original_destination.has_value());
}

TEST(ParseMessage, V4RawIgnoresLinkPaddingBeyondTotalLength) {
  const Bytes icmp = WithChecksum(Icmp(0, 0, OurPayload(16)));
  const Bytes padded = Cat(Cat(Ipv4Header(1, icmp.size()), icmp), Bytes(6, 0));
  const auto m = ParseMessage(kV4, Framing::kIpv4Header, padded);
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->payload.size(), 16u);
}

TEST(ParseMessage, V4DatagramEchoReplyHasNoIpHeaderAndKernelCheckedSum) {
  // Datagram sockets deliver from the ICMP header on, already verified by the kernel.
  const Bytes icmp = Icmp(0, 0, OurPayload());
  const auto m = ParseMessage(kV4, Framing::kIcmpOnly, icmp);
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->kind, MessageKind::kEchoReply);
  EXPECT_EQ(m->seq, 0x0102);
  EXPECT_EQ(m->payload.size(), 56u);
}

TEST(ParseMessage, V4RawBadChecksumIsAnError) {
  Bytes icmp = WithChecksum(Icmp(0, 0, OurPayload()));
  icmp[20] ^= 0xff;
  const auto m = ParseMessage(kV4, Framing::kIpv4Header, Cat(Ipv4Header(1, icmp.size()), icmp));
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.error(), HasSubstr("ICMPv4 message type 0: bad checksum"));
}

TEST(ParseMessage, V4MalformedIpHeadersAreErrors) {
  const Bytes icmp = WithChecksum(Icmp(0, 0, OurPayload()));
  const Bytes good = Cat(Ipv4Header(1, icmp.size()), icmp);
  struct Case {
    Bytes bytes;
    const char* message;
  };
  Bytes v6 = good;
  v6[0] = 0x65;
  Bytes long_ihl = good;
  long_ihl[0] = 0x4f;  // 60 bytes of header in a 20-byte buffer
  Bytes short_ihl = good;
  short_ihl[0] = 0x44;
  Bytes short_total = good;
  short_total[2] = 0;
  short_total[3] = 12;
  const std::vector<Case> cases = {
      {Bytes(good.begin(), good.begin() + 19), "IPv4 header: 19 bytes, need at least 20"},
      {v6, "IPv4 header: version 6, expected 4"},
      {Bytes(long_ihl.begin(), long_ihl.begin() + 24), "header length 60 does not fit in 24"},
      {short_ihl, "header length 16 does not fit"},
      {short_total, "total length 12 < header length 20"},
      {Cat(Ipv4Header(17, icmp.size()), icmp), "protocol 17, expected ICMP (1)"},
      {Cat(Ipv4Header(1, 6), Bytes{0, 0, 0, 0, 0, 0}),
       "ICMPv4 message: 6 bytes, shorter than the 8-byte ICMP header"},
  };
  for (const Case& c : cases) {
    const auto m = ParseMessage(kV4, Framing::kIpv4Header, c.bytes);
    ASSERT_FALSE(m.ok()) << c.message;
    EXPECT_THAT(m.error(), HasSubstr(c.message));
  }
  EXPECT_THAT(ParseMessage(kV4, Framing::kIcmpOnly, Bytes{0, 0, 0}).error(),
              HasSubstr("3 bytes, shorter than the 8-byte ICMP header"));
}

TEST(ParseMessage, V4DestinationUnreachableQuotingOurRequest) {
  // Router says host unreachable (3/1) and quotes our IPv4 header + the first
  // 8 bytes of our echo request, as RFC 792 requires and no more.
  const Bytes quoted_request = {8, 0, 0xbe, 0xef, 0x12, 0x34, 0x01, 0x02};
  const Bytes quote = Cat(Ipv4Header(1, 64), quoted_request);
  const Bytes icmp = WithChecksum(Cat(Bytes{3, 1, 0, 0, 0, 0, 0, 0}, quote));
  const Bytes packet = Cat(Ipv4Header(1, icmp.size()), icmp);
  const auto m = ParseMessage(kV4, Framing::kIpv4Header, packet);
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->kind, MessageKind::kError);
  EXPECT_EQ(m->type, 3);
  EXPECT_EQ(m->code, 1);
  EXPECT_EQ(m->id, 0x1234);
  EXPECT_EQ(m->seq, 0x0102);
  EXPECT_TRUE(m->payload.empty());
  ASSERT_TRUE(m->original_destination.has_value());
  EXPECT_EQ(m->original_destination->ToString(), "198.51.100.7");
}

TEST(ParseMessage, V4TimeExceededAndParameterProblemCarryTheFullQuote) {
  for (std::uint8_t type : {11, 12}) {
    const Bytes quote = Cat(Ipv4Header(1, 64), Icmp(8, 0, OurPayload()));
    const Bytes icmp = WithChecksum(Cat(Bytes{type, 0, 0, 0, 0, 0, 0, 0}, quote));
    const auto m = ParseMessage(kV4, Framing::kIcmpOnly, icmp);
    ASSERT_TRUE(m.ok()) << m.error();
    EXPECT_EQ(m->kind, MessageKind::kError);
    EXPECT_EQ(m->type, type);
    EXPECT_EQ(Bytes(m->payload.begin(), m->payload.end()), OurPayload());
  }
}

TEST(ParseMessage, V4ErrorsAboutOtherTrafficAreOther) {
  // Port unreachable for somebody's UDP datagram: common on raw sockets, not ours.
  const Bytes udp_quote = Cat(Ipv4Header(17, 8), Bytes{0x30, 0x39, 0, 53, 0, 8, 0, 0});
  auto m = ParseMessage(kV4, Framing::kIcmpOnly, Cat(Bytes{3, 3, 0, 0, 0, 0, 0, 0}, udp_quote));
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->kind, MessageKind::kOther);
  // An error about an echo reply (type 0), not a request.
  const Bytes reply_quote = Cat(Ipv4Header(1, 8), Icmp(0, 0, {}));
  m = ParseMessage(kV4, Framing::kIcmpOnly, Cat(Bytes{11, 0, 0, 0, 0, 0, 0, 0}, reply_quote));
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->kind, MessageKind::kOther);
  // A quote of a non-first fragment has no ICMP header to read.
  Bytes fragment = Cat(Ipv4Header(1, 8), Icmp(8, 0, {}));
  fragment[6] = 0x00;
  fragment[7] = 0x10;
  m = ParseMessage(kV4, Framing::kIcmpOnly, Cat(Bytes{3, 1, 0, 0, 0, 0, 0, 0}, fragment));
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->kind, MessageKind::kOther);
}

TEST(ParseMessage, V4ErrorsWithBrokenQuotesAreErrors) {
  auto m = ParseMessage(kV4, Framing::kIcmpOnly,
                        Cat(Bytes{3, 1, 0, 0, 0, 0, 0, 0}, Bytes{0x45, 0, 0, 28}));
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.error(), HasSubstr("quoted IPv4 header: 4 bytes, need at least 20"));
  m = ParseMessage(kV4, Framing::kIcmpOnly,
                   Cat(Cat(Bytes{3, 1, 0, 0, 0, 0, 0, 0}, Ipv4Header(1, 8)), Bytes{8, 0, 0, 0}));
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.error(), HasSubstr("quoted request has 4 bytes, shorter than an ICMP header"));
}

TEST(ParseMessage, V4OtherTypesAreOther) {
  for (std::uint8_t type : {4, 5, 8, 13, 255}) {
    const auto m = ParseMessage(kV4, Framing::kIcmpOnly, Icmp(type, 0, OurPayload()));
    ASSERT_TRUE(m.ok()) << m.error();
    EXPECT_EQ(m->kind, MessageKind::kOther) << int{type};
    EXPECT_EQ(m->type, type);
  }
}

TEST(ParseMessage, V6EchoReply) {
  const Bytes icmp = Icmp(129, 0, OurPayload());
  const auto m = ParseMessage(kV6, Framing::kIcmpOnly, icmp);
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->kind, MessageKind::kEchoReply);
  EXPECT_EQ(m->id, 0x1234);
  EXPECT_EQ(m->seq, 0x0102);
  EXPECT_EQ(m->payload.size(), 56u);
}

TEST(ParseMessage, V6ErrorsQuotingOurRequest) {
  for (std::uint8_t type : {1, 2, 3, 4}) {
    const Bytes quote = Cat(Ipv6Header(58, 64), Icmp(128, 0, OurPayload()));
    const Bytes icmp = Cat(Bytes{type, 5, 0, 0, 0, 0, 0, 0}, quote);
    const auto m = ParseMessage(kV6, Framing::kIcmpOnly, icmp);
    ASSERT_TRUE(m.ok()) << m.error();
    EXPECT_EQ(m->kind, MessageKind::kError);
    EXPECT_EQ(m->type, type);
    EXPECT_EQ(m->code, 5);
    EXPECT_EQ(m->seq, 0x0102);
    ASSERT_TRUE(m->original_destination.has_value());
    EXPECT_EQ(m->original_destination->ToString(), "2001:db8::7");
  }
}

TEST(ParseMessage, V6MalformedAndForeignErrors) {
  auto m = ParseMessage(kV6, Framing::kIcmpOnly, Bytes{129, 0, 0});
  EXPECT_THAT(m.error(), HasSubstr("ICMPv6 message: 3 bytes, shorter than the 8-byte ICMP header"));
  m = ParseMessage(kV6, Framing::kIpv4Header, Icmp(129, 0, {}));
  EXPECT_THAT(m.error(), HasSubstr("IPv6 sockets never deliver the IP header"));
  m = ParseMessage(kV6, Framing::kIcmpOnly, Cat(Bytes{1, 0, 0, 0, 0, 0, 0, 0}, Bytes(39)));
  EXPECT_THAT(m.error(), HasSubstr("quoted IPv6 header has 39 bytes, need 40"));
  Bytes v4_quote = Cat(Ipv6Header(58, 8), Icmp(128, 0, {}));
  v4_quote[0] = 0x45;
  m = ParseMessage(kV6, Framing::kIcmpOnly, Cat(Bytes{1, 0, 0, 0, 0, 0, 0, 0}, v4_quote));
  EXPECT_THAT(m.error(), HasSubstr("quoted header is IP version 4, expected 6"));
  m = ParseMessage(kV6, Framing::kIcmpOnly,
                   Cat(Cat(Bytes{1, 0, 0, 0, 0, 0, 0, 0}, Ipv6Header(58, 8)), Bytes{128, 0}));
  EXPECT_THAT(m.error(), HasSubstr("quoted request has 2 bytes"));
  // Quotes of UDP, or with extension headers, and other types are not ours.
  m = ParseMessage(kV6, Framing::kIcmpOnly,
                   Cat(Cat(Bytes{1, 4, 0, 0, 0, 0, 0, 0}, Ipv6Header(17, 8)), Bytes(8)));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->kind, MessageKind::kOther);
  for (std::uint8_t type : {128, 133, 135, 136}) {
    m = ParseMessage(kV6, Framing::kIcmpOnly, Icmp(type, 0, {}));
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->kind, MessageKind::kOther) << int{type};
  }
}

TEST(ParseQuotedRequest, ReadsTheRequestFromTheErrorQueue) {
  const Bytes request = Icmp(8, 0, OurPayload());
  auto m = ParseQuotedRequest(kV4, request);
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->kind, MessageKind::kError);
  EXPECT_EQ(m->id, 0x1234);
  EXPECT_EQ(m->seq, 0x0102);
  EXPECT_EQ(m->payload.size(), 56u);
  m = ParseQuotedRequest(kV6, Icmp(128, 0, {}));
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->seq, 0x0102);
}

TEST(ParseQuotedRequest, RejectsShortOrNonEchoData) {
  EXPECT_THAT(ParseQuotedRequest(kV4, Bytes{8, 0, 0, 0, 0}).error(),
              HasSubstr("ICMPv4 error: quoted request has 5 bytes"));
  EXPECT_THAT(ParseQuotedRequest(kV4, Icmp(0, 0, {})).error(),
              HasSubstr("ICMPv4 error queue: quoted message has type 0, not an echo request"));
  EXPECT_THAT(ParseQuotedRequest(kV6, Icmp(8, 0, {})).error(),
              HasSubstr("ICMPv6 error queue: quoted message has type 8"));
}

TEST(IsErrorType, KnowsBothFamilies) {
  for (int t = 0; t < 256; ++t) {
    const auto type = static_cast<std::uint8_t>(t);
    EXPECT_EQ(IsErrorType(kV4, type), t == 3 || t == 11 || t == 12) << t;
    EXPECT_EQ(IsErrorType(kV6, type), t >= 1 && t <= 4) << t;
  }
}

}  // namespace
}  // namespace ww::icmp
