#include "dns_message.h"

#include <gtest/gtest.h>

namespace ww::lab {
namespace {

// A query for "Example.com" type A, id 0x1234, RD set.
std::vector<std::uint8_t> Query(std::uint16_t qtype = kDnsTypeA) {
  std::vector<std::uint8_t> q = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
  for (const char* label : {"Example", "com"}) {
    q.push_back(static_cast<std::uint8_t>(strlen(label)));
    q.insert(q.end(), label, label + strlen(label));
  }
  q.insert(q.end(), {0, static_cast<std::uint8_t>(qtype >> 8),
                     static_cast<std::uint8_t>(qtype & 0xff), 0, 1});
  return q;
}

TEST(LabDnsMessage, ParsesAQuery) {
  const auto packet = Query();
  auto q = ParseDnsQuery(packet);
  ASSERT_TRUE(q) << q.error();
  EXPECT_EQ(q->id, 0x1234);
  EXPECT_EQ(q->name, "example.com");
  EXPECT_EQ(q->qtype, kDnsTypeA);
  EXPECT_EQ(q->question_end, packet.size());
}

TEST(LabDnsMessage, AnswersAWithTheFixedAddress) {
  const auto packet = Query();
  auto q = ParseDnsQuery(packet);
  const auto r = BuildDnsResponse(packet, *q, DnsMode::kAnswer, DnsAnswerData{});
  ASSERT_EQ(r.size(), packet.size() + 16);
  EXPECT_EQ(r[0], 0x12);
  EXPECT_EQ(r[1], 0x34);
  EXPECT_EQ(r[2], 0x85);  // QR, AA, RD
  EXPECT_EQ(r[3], 0x80);  // RA, NOERROR
  EXPECT_EQ(r[7], 1);     // ANCOUNT
  const std::vector<std::uint8_t> rdata(r.end() - 4, r.end());
  EXPECT_EQ(rdata, (std::vector<std::uint8_t>{192, 0, 2, 1}));
}

TEST(LabDnsMessage, AnswersAaaaAndErrors) {
  const auto packet = Query(kDnsTypeAaaa);
  auto q = ParseDnsQuery(packet);
  EXPECT_EQ(BuildDnsResponse(packet, *q, DnsMode::kAnswer, DnsAnswerData{}).size(),
            packet.size() + 28);
  const auto nx = BuildDnsResponse(packet, *q, DnsMode::kNxDomain, DnsAnswerData{});
  EXPECT_EQ(nx[3] & 0x0f, 3);
  EXPECT_EQ(nx[7], 0);
  const auto sf = BuildDnsResponse(packet, *q, DnsMode::kServFail, DnsAnswerData{});
  EXPECT_EQ(sf[3] & 0x0f, 2);
  EXPECT_EQ(sf.size(), packet.size());
}

TEST(LabDnsMessage, RejectsMalformedQueries) {
  auto packet = Query();
  const std::pair<std::vector<std::uint8_t>, const char*> cases[] = {
      {{1, 2, 3}, "shorter than a header"},
      {std::vector<std::uint8_t>(packet.begin(), packet.end() - 3), "no type and class"},
      {std::vector<std::uint8_t>(packet.begin(), packet.begin() + 15), "past the end"},
  };
  for (const auto& [bytes, message] : cases) {
    auto q = ParseDnsQuery(bytes);
    ASSERT_FALSE(q);
    EXPECT_NE(q.error().find(message), std::string::npos) << q.error();
  }
  packet[2] |= 0x80;
  EXPECT_NE(ParseDnsQuery(packet).error().find("QR bit"), std::string::npos);
  packet = Query();
  packet[12] = 64;
  EXPECT_NE(ParseDnsQuery(packet).error().find("label length 64"), std::string::npos);
  EXPECT_EQ(ParseDnsMode("silent").value(), DnsMode::kSilent);
}

}  // namespace
}  // namespace ww::lab
