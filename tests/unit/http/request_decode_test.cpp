#include "http/request_decode.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

HttpRequest WithTarget(std::string target) {
  HttpRequest request;
  request.method = "GET";
  request.target = std::move(target);
  return request;
}

TEST(PercentDecodeTest, DecodesEscapesAndKeepsMalformedOnesLiterally) {
  EXPECT_EQ(PercentDecode("/a%20b%2Fc", false), "/a b/c");
  EXPECT_EQ(PercentDecode("%e2%82%AC", false), "\xE2\x82\xAC");
  EXPECT_EQ(PercentDecode("100%", false), "100%");
  EXPECT_EQ(PercentDecode("%4", false), "%4");
  EXPECT_EQ(PercentDecode("%zz%4g", false), "%zz%4g");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
}

TEST(ParseQueryTest, SplitsDecodesAndKeepsRepeats) {
  auto q = ParseQuery("minutes=60&name=a%20b&x=1+2&flag&&x=3&=v&k=");
  EXPECT_EQ(q.count("minutes"), 1u);
  EXPECT_EQ(q.find("minutes")->second, "60");
  EXPECT_EQ(q.find("name")->second, "a b");
  EXPECT_EQ(q.count("x"), 2u);
  EXPECT_EQ(q.lower_bound("x")->second, "1 2");
  EXPECT_EQ(q.find("flag")->second, "");
  EXPECT_EQ(q.find("")->second, "v");
  EXPECT_EQ(q.find("k")->second, "");
  EXPECT_EQ(q.size(), 7u);
}

TEST(NormalizePeerTest, MapsOnlyIpv4MappedIpv6) {
  EXPECT_EQ(NormalizePeerAddress("::ffff:192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(NormalizePeerAddress("::FFFF:127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(NormalizePeerAddress("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(NormalizePeerAddress("2001:db8::1"), "2001:db8::1");
  EXPECT_EQ(NormalizePeerAddress("::ffff:c000:0207"), "::ffff:c000:0207");
  EXPECT_EQ(NormalizePeerAddress("::ffff:1.2.3"), "::ffff:1.2.3");
  EXPECT_EQ(NormalizePeerAddress(""), "");
}

TEST(DecodeTargetTest, OriginForm) {
  HttpRequest r = WithTarget("/api/hi%20story?minutes=5&step=60#frag");
  ASSERT_TRUE(DecodeTarget(r).ok());
  EXPECT_EQ(r.path, "/api/hi story");
  EXPECT_EQ(r.Query("minutes"), "5");
  EXPECT_EQ(r.Query("step"), "60");
  EXPECT_EQ(r.target, "/api/hi%20story?minutes=5&step=60#frag");  // raw target kept
}

TEST(DecodeTargetTest, AbsoluteFormDropsSchemeAndAuthority) {
  HttpRequest r = WithTarget("http://example.test:8080/api/status?live=1");
  ASSERT_TRUE(DecodeTarget(r).ok());
  EXPECT_EQ(r.path, "/api/status");
  EXPECT_EQ(r.Query("live"), "1");
  HttpRequest bare = WithTarget("HTTPS://example.test");
  ASSERT_TRUE(DecodeTarget(bare).ok());
  EXPECT_EQ(bare.path, "/");
  HttpRequest query_only = WithTarget("http://h?x=1");
  ASSERT_TRUE(DecodeTarget(query_only).ok());
  EXPECT_EQ(query_only.path, "/");
  EXPECT_EQ(query_only.Query("x"), "1");
}

TEST(DecodeTargetTest, AsteriskForm) {
  HttpRequest r = WithTarget("*");
  ASSERT_TRUE(DecodeTarget(r).ok());
  EXPECT_EQ(r.path, "*");
}

TEST(DecodeTargetTest, RejectsBadTargetsWithAClearMessage) {
  HttpRequest authority = WithTarget("example.test:443");
  Status s = DecodeTarget(authority);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "invalid request target: must start with '/'");
  HttpRequest empty = WithTarget("");
  EXPECT_FALSE(DecodeTarget(empty).ok());
  HttpRequest nul = WithTarget("/logs/a%00b");
  s = DecodeTarget(nul);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "invalid request target: path contains a NUL byte");
}

TEST(AddHeaderTest, LowerCasesNamesAndJoinsRepeats) {
  HttpRequest r;
  AddHeader(r, "X-Api-Key", "k");
  AddHeader(r, "Accept", "text/html");
  AddHeader(r, "ACCEPT", "application/json");
  EXPECT_EQ(r.Header("x-api-key"), "k");
  EXPECT_EQ(r.Header("accept"), "text/html, application/json");
  EXPECT_FALSE(r.Header("X-Api-Key").has_value());  // lookups use lower-case names
}

}  // namespace
}  // namespace ww
