#include "probe/dns_message.h"

#include <gtest/gtest.h>

#include "dns_test_packets.h"

namespace ww {
namespace {

using testing::DnsPacket;
using testing::ReplyFlags;
using Kind = DnsVerdict::Kind;

const std::vector<std::uint8_t> kAddr1 = {192, 0, 2, 1};
const std::vector<std::uint8_t> kAddr2 = {192, 0, 2, 2};

std::vector<std::uint8_t> OkReply(std::uint16_t id, std::string_view name = "example.com") {
  return DnsPacket()
      .Header(id, ReplyFlags(), 1, 2)
      .Question(name, 1)
      .AnswerAt(12, 1, kAddr1)
      .AnswerAt(12, 1, kAddr2)
      .bytes();
}

TEST(DnsQueryTest, BuildsStandardQueryWithRecursionDesired) {
  auto q = BuildDnsQuery(0x1234, "example.com", DnsType::kA);
  ASSERT_TRUE(q.ok()) << q.error();
  const std::vector<std::uint8_t> expected = {
      0x12, 0x34, 0x01, 0x00, 0,   1,   0,   0,   0, 0,   0,   0,  // id, RD, QDCOUNT=1
      7,    'e',  'x',  'a',  'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1};
  EXPECT_EQ(*q, expected);
}

TEST(DnsQueryTest, AaaaAndTrailingDot) {
  auto q = BuildDnsQuery(7, "example.com.", DnsType::kAaaa);
  ASSERT_TRUE(q.ok()) << q.error();
  ASSERT_EQ(q->size(), 29u);
  EXPECT_EQ((*q)[25], 0);
  EXPECT_EQ((*q)[26], 28);  // QTYPE AAAA
  EXPECT_EQ(*BuildDnsQuery(7, "example.com", DnsType::kAaaa), *q);
}

TEST(DnsQueryTest, RejectsBadNamesWithReason) {
  EXPECT_EQ(BuildDnsQuery(1, "", DnsType::kA).error(), "dns query name is empty");
  EXPECT_EQ(BuildDnsQuery(1, "a..b", DnsType::kA).error(), "dns query name 'a..b': empty label");
  EXPECT_EQ(BuildDnsQuery(1, std::string(64, 'a') + ".com", DnsType::kA).error(),
            "dns query name '" + std::string(64, 'a') + ".com': label longer than 63");
  EXPECT_EQ(BuildDnsQuery(1, "exa mple.com", DnsType::kA).error(),
            "dns query name 'exa mple.com': invalid character");
  std::string long_name;
  for (int i = 0; i < 5; ++i) long_name += std::string(60, 'a') + ".";
  EXPECT_NE(BuildDnsQuery(1, long_name, DnsType::kA).error().find("longer than 255"),
            std::string::npos);
}

TEST(DnsParseTest, FollowsCompressionPointers) {
  auto reply = ParseDnsReply(OkReply(0xBEEF));
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_EQ(reply->id, 0xBEEF);
  EXPECT_TRUE(reply->is_response);
  EXPECT_TRUE(reply->recursion_available);
  ASSERT_EQ(reply->questions.size(), 1u);
  EXPECT_EQ(reply->questions[0].name, "example.com");
  ASSERT_EQ(reply->answers.size(), 2u);
  EXPECT_EQ(reply->answers[0].name, "example.com");
  EXPECT_EQ(reply->answers[1].rdata, kAddr2);
  EXPECT_EQ(reply->answers[1].ttl, 300u);
}

TEST(DnsParseTest, CnameChainWithPointerIntoRdata) {
  // www.example.com CNAME example.com (rdata "example" + pointer to "com"), then
  // the A record's owner points into that rdata.
  DnsPacket p;
  p.Header(9, ReplyFlags(), 1, 2).Question("www.example.com", 1);
  // question name at 12: 3 www 7 example 3 com 0 -> "com" label at 12+4+8 = 24
  p.Pointer(12).U16(5).U16(1).U32(60).U16(10);
  const auto rdata_at = static_cast<std::uint16_t>(p.size());
  p.U8(7).Bytes({'e', 'x', 'a', 'm', 'p', 'l', 'e'}).Pointer(24);
  p.AnswerAt(rdata_at, 1, kAddr1);
  auto reply = ParseDnsReply(p.bytes());
  ASSERT_TRUE(reply.ok()) << reply.error();
  ASSERT_EQ(reply->answers.size(), 2u);
  EXPECT_EQ(reply->answers[0].name, "www.example.com");
  EXPECT_EQ(reply->answers[1].name, "example.com");
  const auto v = JudgeDnsReply(p.bytes(), 9, "www.example.com", DnsType::kA);
  EXPECT_EQ(v.kind, Kind::kOk) << v.detail;
  EXPECT_EQ(v.matching_answers, 1u);
}

TEST(DnsParseTest, ShortPacketIsAnError) {
  const std::vector<std::uint8_t> p = {0x12, 0x34, 0x81};
  EXPECT_EQ(ParseDnsReply(p).error(), "reply of 3 octets is shorter than a DNS header");
}

TEST(DnsParseTest, PointerToItselfIsRejected) {
  DnsPacket p;
  p.Header(1, ReplyFlags(), 1, 0).Pointer(12).U16(1).U16(1);
  EXPECT_EQ(ParseDnsReply(p.bytes()).error(),
            "question 1: compression pointer at 12 does not point to a prior name");
}

TEST(DnsParseTest, LoopThroughLabelsIsRejected) {
  // At 12: label "a", then at 14 a pointer back to 12: would loop forever.
  DnsPacket p;
  p.Header(1, ReplyFlags(), 1, 0).U8(1).U8('a').Pointer(12).U16(1).U16(1);
  EXPECT_EQ(ParseDnsReply(p.bytes()).error(),
            "question 1: compression pointer at 14 does not point to a prior name");
}

TEST(DnsParseTest, ForwardPointerIsRejected) {
  DnsPacket p;
  p.Header(1, ReplyFlags(), 1, 1).Question("example.com", 1);
  p.Pointer(200).U16(1).U16(1).U32(1).U16(4).Bytes(kAddr1);
  EXPECT_EQ(ParseDnsReply(p.bytes()).error(),
            "answer 1 of 1: compression pointer at 29 does not point to a prior name");
}

TEST(DnsParseTest, LongPointerChainIsCut) {
  // Answer 1 carries 200 pointers in its rdata, each to the one before; answer 2's
  // owner enters the chain at its end.
  DnsPacket p;
  p.Header(1, ReplyFlags(), 1, 2).Question("example.com", 1);
  p.Pointer(12).U16(16).U16(1).U32(1).U16(400);
  const auto first = static_cast<std::uint16_t>(p.size());
  p.Pointer(12);
  for (int i = 1; i < 200; ++i) p.Pointer(static_cast<std::uint16_t>(first + 2 * (i - 1)));
  p.AnswerAt(static_cast<std::uint16_t>(first + 2 * 199), 1, kAddr1);
  EXPECT_EQ(ParseDnsReply(p.bytes()).error(), "answer 2 of 2: too many pointers");
}

TEST(DnsParseTest, OverlongNameIsRejected) {
  // Five labels of 60 = 305 octets, spread over pointers so no label is too long.
  DnsPacket p;
  p.Header(1, ReplyFlags(), 1, 0);
  for (int i = 0; i < 5; ++i) p.U8(60).Bytes(std::vector<std::uint8_t>(60, 'a'));
  p.U8(0).U16(1).U16(1);
  EXPECT_EQ(ParseDnsReply(p.bytes()).error(), "question 1: name too long");
}

TEST(DnsParseTest, BoundsAreChecked) {
  auto base = DnsPacket().Header(1, ReplyFlags(), 1, 65535).Question("example.com", 1);
  auto one = base;
  one.AnswerAt(12, 1, kAddr1);
  EXPECT_EQ(ParseDnsReply(one.bytes()).error(), "answer 2 of 65535: name runs past the end");

  auto rdata_cut = DnsPacket().Header(1, ReplyFlags(), 1, 1).Question("example.com", 1);
  rdata_cut.Pointer(12).U16(1).U16(1).U32(1).U16(40).Bytes(kAddr1);
  EXPECT_EQ(ParseDnsReply(rdata_cut.bytes()).error(),
            "answer 1 of 1: rdata of 40 octets runs past the end");

  auto label_cut = DnsPacket().Header(1, ReplyFlags(), 1, 0).U8(20).Bytes({'a', 'b'});
  EXPECT_EQ(ParseDnsReply(label_cut.bytes()).error(), "question 1: label runs past the end");

  auto ext_label = DnsPacket().Header(1, ReplyFlags(), 1, 0).U8(0x41).U8(0);
  EXPECT_EQ(ParseDnsReply(ext_label.bytes()).error(), "question 1: unsupported label type at 12");

  auto header_cut = DnsPacket().Header(1, ReplyFlags(), 1, 1).Question("example.com", 1);
  header_cut.Pointer(12).U16(1);
  EXPECT_EQ(ParseDnsReply(header_cut.bytes()).error(), "answer 1 of 1: truncated record header");
}

TEST(DnsJudgeTest, OkCountsRecordsOfTheAskedType) {
  const auto v = JudgeDnsReply(OkReply(42), 42, "example.com", DnsType::kA);
  EXPECT_EQ(v.kind, Kind::kOk) << v.detail;
  EXPECT_EQ(v.matching_answers, 2u);
}

TEST(DnsJudgeTest, QuestionMatchIgnoresCaseAndTrailingDot) {
  const auto v = JudgeDnsReply(OkReply(42, "ExAmple.COM"), 42, "example.com.", DnsType::kA);
  EXPECT_EQ(v.kind, Kind::kOk) << v.detail;
}

TEST(DnsJudgeTest, WrongIdIsIgnored) {
  const auto v = JudgeDnsReply(OkReply(41), 42, "example.com", DnsType::kA);
  EXPECT_EQ(v.kind, Kind::kIgnore);
}

TEST(DnsJudgeTest, OtherQuestionIsBad) {
  const auto v = JudgeDnsReply(OkReply(42, "example.org"), 42, "example.com", DnsType::kA);
  EXPECT_EQ(v.kind, Kind::kBad);
  EXPECT_EQ(v.detail, "reply does not answer the question asked");
  const auto aaaa = JudgeDnsReply(OkReply(42), 42, "example.com", DnsType::kAaaa);
  EXPECT_EQ(aaaa.kind, Kind::kBad);
}

TEST(DnsJudgeTest, QueryEchoedBackIsBad) {
  auto q = *BuildDnsQuery(42, "example.com", DnsType::kA);
  const auto v = JudgeDnsReply(q, 42, "example.com", DnsType::kA);
  EXPECT_EQ(v.kind, Kind::kBad);
  EXPECT_EQ(v.detail, "QR bit clear: a query, not a reply");
}

TEST(DnsJudgeTest, RcodesAreReported) {
  auto nx = DnsPacket().Header(42, ReplyFlags(3), 1, 0).Question("example.com", 1);
  auto v = JudgeDnsReply(nx.bytes(), 42, "example.com", DnsType::kA);
  EXPECT_EQ(v.kind, Kind::kRcode);
  EXPECT_EQ(v.rcode, 3);
  EXPECT_EQ(v.detail, "server answered NXDOMAIN (3)");
  // SERVFAIL without a question section still belongs to our id.
  auto servfail = DnsPacket().Header(42, ReplyFlags(2), 0, 0);
  v = JudgeDnsReply(servfail.bytes(), 42, "example.com", DnsType::kA);
  EXPECT_EQ(v.kind, Kind::kRcode);
  EXPECT_EQ(v.rcode, 2);
}

TEST(DnsJudgeTest, NoErrorWithoutAddressIsNoData) {
  // Only a CNAME, no A record: the name does not resolve to an IPv4 address.
  auto p = DnsPacket().Header(42, ReplyFlags(), 1, 1).Question("example.com", 1);
  p.Pointer(12).U16(5).U16(1).U32(1).U16(2).Pointer(12);
  const auto v = JudgeDnsReply(p.bytes(), 42, "example.com", DnsType::kA);
  EXPECT_EQ(v.kind, Kind::kNoData);
  EXPECT_EQ(v.detail, "NOERROR without a record of the asked type");
}

TEST(DnsJudgeTest, AddressRecordOfWrongLengthIsBad) {
  auto p = DnsPacket().Header(42, ReplyFlags(), 1, 1).Question("example.com", 1);
  p.AnswerAt(12, 1, {1, 2, 3, 4, 5});
  const auto v = JudgeDnsReply(p.bytes(), 42, "example.com", DnsType::kA);
  EXPECT_EQ(v.kind, Kind::kBad);
  EXPECT_EQ(v.detail, "address record with 5 octets of rdata");
}

TEST(DnsJudgeTest, TruncatedReplyCountsAsResolvedWithoutReadingRecords) {
  // TC with a record cut in half: the records are not read (RFC 2181 §9).
  auto p = DnsPacket().Header(42, ReplyFlags(0, true), 1, 3).Question("example.com", 1);
  p.Pointer(12).U16(1);
  const auto v = JudgeDnsReply(p.bytes(), 42, "example.com", DnsType::kA);
  EXPECT_EQ(v.kind, Kind::kOk) << v.detail;
  EXPECT_TRUE(v.truncated);
  EXPECT_TRUE(ParseDnsReply(p.bytes())->answers.empty());
}

TEST(DnsJudgeTest, GarbageWithOurIdIsBad) {
  const std::vector<std::uint8_t> p = {0,    42,   0xff, 0xff, 0xff, 0xff, 0xff,
                                       0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  const auto v = JudgeDnsReply(p, 42, "example.com", DnsType::kA);
  EXPECT_EQ(v.kind, Kind::kBad);
  EXPECT_EQ(v.detail.rfind("malformed reply: ", 0), 0u) << v.detail;
}

TEST(DnsRcodeNameTest, NamesKnownCodes) {
  EXPECT_EQ(DnsRcodeName(0), "NOERROR");
  EXPECT_EQ(DnsRcodeName(2), "SERVFAIL");
  EXPECT_EQ(DnsRcodeName(5), "REFUSED");
  EXPECT_EQ(DnsRcodeName(15), "unassigned rcode");
}

}  // namespace
}  // namespace ww
