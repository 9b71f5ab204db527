#include "packets.h"

#include <gtest/gtest.h>

namespace ww::lab {
namespace {

// RFC 1071 §3 example: the words 0001 f203 f4f5 f6f7 sum to ddf2 (checksum 220d).
TEST(LabPackets, ChecksumMatchesRfc1071Example) {
  const std::vector<std::uint8_t> data = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(InternetChecksum(data), 0x220d);
  // A buffer that includes its own checksum sums to zero.
  std::vector<std::uint8_t> with = data;
  with.push_back(0x22);
  with.push_back(0x0d);
  EXPECT_EQ(InternetChecksum(with), 0);
}

std::vector<std::uint8_t> Ipv4(std::uint8_t protocol, std::vector<std::uint8_t> payload) {
  std::vector<std::uint8_t> p = {0x45, 0, 0,  0,  0, 0, 0x40, 0, 64,  protocol,
                                 0,    0, 10, 77, 0, 2, 203,  0, 113, 10};
  const std::size_t total = p.size() + payload.size();
  p[2] = static_cast<std::uint8_t>(total >> 8);
  p[3] = static_cast<std::uint8_t>(total & 0xff);
  p.insert(p.end(), payload.begin(), payload.end());
  return p;
}

TEST(LabPackets, EchoReplyKeepsIdSequenceAndPayload) {
  const auto packet = Ipv4(1, {8, 0, 0, 0, 0xab, 0xcd, 0x00, 0x07, 'h', 'i', '!'});
  auto ip = ParseIpv4(packet);
  ASSERT_TRUE(ip) << ip.error();
  EXPECT_EQ(ip->src, 0x0A4D0002u);
  EXPECT_EQ(ip->dst, 0xCB00710Au);
  auto icmp = ParseIcmp(ip->payload);
  ASSERT_TRUE(icmp) << icmp.error();
  EXPECT_EQ(icmp->type, kIcmpEchoRequest);
  EXPECT_EQ(icmp->id, 0xabcd);
  EXPECT_EQ(icmp->seq, 7);
  const auto reply = BuildEchoReply(*icmp);
  ASSERT_EQ(reply.size(), 11u);
  EXPECT_EQ(reply[0], kIcmpEchoReply);
  EXPECT_EQ(InternetChecksum(reply), 0);
  EXPECT_EQ(std::vector<std::uint8_t>(reply.begin() + 4, reply.end()),
            std::vector<std::uint8_t>(packet.begin() + 24, packet.end()));
}

TEST(LabPackets, SynAckAnswersTheSynWithAValidChecksum) {
  std::vector<std::uint8_t> syn(20, 0);
  syn[0] = 0xa0;  // source port 41000
  syn[1] = 0x28;
  syn[3] = 80;    // destination port 80
  syn[4] = 0x01;  // sequence 0x01000000
  syn[12] = 5 << 4;
  syn[13] = kTcpSyn;
  const auto packet = Ipv4(6, syn);
  auto seg = ParseTcp(*ParseIpv4(packet));
  ASSERT_TRUE(seg) << seg.error();
  EXPECT_EQ(seg->sport, 41000);
  EXPECT_EQ(seg->dport, 80);
  const auto reply = BuildSynAck(*seg, 0x11223344);
  ASSERT_EQ(reply.size(), 24u);
  EXPECT_EQ(reply[13], kTcpSyn | kTcpAck);
  EXPECT_EQ((reply[0] << 8 | reply[1]), 80);
  EXPECT_EQ((reply[2] << 8 | reply[3]), 41000);
  EXPECT_EQ(reply[8], 0x01);  // ack = seq + 1
  EXPECT_EQ(reply[11], 0x01);
  // Checksum over pseudo-header (203.0.113.10 -> 10.77.0.2, proto 6, length) + segment.
  const std::uint32_t pseudo = 0xCB00 + 0x710A + 0x0A4D + 0x0002 + 6 + 24;
  EXPECT_EQ(InternetChecksum(reply, pseudo), 0);
  const auto fin = BuildTcpReply(*seg, 0x11223345, 0x01000001, kTcpFin | kTcpAck);
  EXPECT_EQ(fin.size(), 20u);
  EXPECT_EQ(fin[13], kTcpFin | kTcpAck);
  EXPECT_EQ(InternetChecksum(fin, 0xCB00 + 0x710A + 0x0A4D + 0x0002 + 6 + 20), 0);
}

TEST(LabPackets, RejectsTruncatedPackets) {
  EXPECT_NE(ParseIpv4(std::vector<std::uint8_t>(10, 0x45)).error().find("no header"),
            std::string::npos);
  auto bad_len = Ipv4(1, {8, 0, 0, 0, 0, 0, 0, 0});
  bad_len[3] = 200;
  EXPECT_NE(ParseIpv4(bad_len).error().find("total length 200"), std::string::npos);
  EXPECT_NE(ParseIcmp(std::vector<std::uint8_t>(4, 8)).error().find("shorter"), std::string::npos);
  auto ip = ParseIpv4(Ipv4(6, {0, 1, 0, 2}));
  EXPECT_NE(ParseTcp(*ip).error().find("no header"), std::string::npos);
}

}  // namespace
}  // namespace ww::lab
