#include "config/net_syntax.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

TEST(NetSyntax, HostNames) {
  for (const char* good : {"example.com", "a", "a-b.c", "xn--bcher-kva.example", "EXAMPLE.com.",
                           "1.example", "host1"}) {
    EXPECT_TRUE(IsHostName(good)) << good;
  }
  for (const char* bad : {"", ".", "1.1.1.", "1.1.1.1", "-a.com", "a-.com", "a..b", "a_b.com",
                          "a b", "ex ample.com", "a.com..", "192.0.2.300"}) {
    EXPECT_FALSE(IsHostName(bad)) << bad;
  }
  EXPECT_TRUE(IsHostName(std::string(63, 'a') + ".com"));
  EXPECT_FALSE(IsHostName(std::string(64, 'a') + ".com"));
  std::string long_name;
  for (int i = 0; i < 64; ++i) long_name += "abc.";
  long_name += "com";  // 259 characters
  EXPECT_FALSE(IsHostName(long_name));
}

TEST(NetSyntax, HostOrAddress) {
  EXPECT_TRUE(IsHostOrAddress("192.0.2.1"));
  EXPECT_TRUE(IsHostOrAddress("2001:db8::1"));
  EXPECT_TRUE(IsHostOrAddress("example.com"));
  EXPECT_FALSE(IsHostOrAddress("192.0.2."));
  EXPECT_FALSE(IsHostOrAddress("2001:db8::g"));
}

TEST(NetSyntax, HostPort) {
  auto hp = ParseHostPort("192.0.2.1:53");
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "192.0.2.1");
  EXPECT_EQ(hp->port, 53);
  hp = ParseHostPort("[2001:db8::1]:443");
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "2001:db8::1");
  EXPECT_EQ(hp->port, 443);
  hp = ParseHostPort("example.com:65535");
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->port, 65535);
  for (const char* bad :
       {"192.0.2.1", "192.0.2.1:", ":53", "192.0.2.1:0", "192.0.2.1:65536", "192.0.2.1:5x",
        "2001:db8::1", "[2001:db8::1]", "[192.0.2.1]:53", "[2001:db8::1]x", "[2001:db8::1:53",
        "a b:53", "1.1.1.:53", "[]:53", "192.0.2.1:+53"}) {
    EXPECT_FALSE(ParseHostPort(bad)) << bad;
  }
}

TEST(NetSyntax, HostPortWithDefault) {
  auto hp = ParseHostPort("2001:db8::53", 53);
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "2001:db8::53");
  EXPECT_EQ(hp->port, 53);
  hp = ParseHostPort("[2001:db8::53]", 53);
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "2001:db8::53");
  hp = ParseHostPort("192.0.2.53:5353", 53);
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->port, 5353);
  EXPECT_FALSE(ParseHostPort("192.0.2.53:", 53));
}

TEST(NetSyntax, HttpUrls) {
  auto u = ParseHttpUrl("https://example.com/path?q=1");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "example.com");
  EXPECT_EQ(u->port, 443);
  u = ParseHttpUrl("HTTP://[2001:db8::1]:8080");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "http");
  EXPECT_EQ(u->host, "2001:db8::1");
  EXPECT_EQ(u->port, 8080);
  u = ParseHttpUrl("http://192.0.2.1#frag");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->port, 80);
  for (const char* bad :
       {"", "example.com", "ftp://example.com/", "http://", "http:///x",
        "http://user:pw@example.com/", "http://exa mple.com/", "http://example.com/\n",
        "https://example.com:0/", "file:///etc/passwd", "http//example.com"}) {
    EXPECT_FALSE(ParseHttpUrl(bad)) << bad;
  }
}

TEST(NetSyntax, CorsOrigins) {
  EXPECT_TRUE(IsCorsOrigin("*"));
  EXPECT_TRUE(IsCorsOrigin("https://example.com"));
  EXPECT_TRUE(IsCorsOrigin("http://localhost:5173"));
  EXPECT_FALSE(IsCorsOrigin("https://example.com/"));
  EXPECT_FALSE(IsCorsOrigin("example.com"));
  EXPECT_FALSE(IsCorsOrigin("https://example.com?x"));
}

TEST(NetSyntax, InterfaceNames) {
  EXPECT_TRUE(IsInterfaceName("eth0"));
  EXPECT_TRUE(IsInterfaceName("wlp2s0.100"));
  EXPECT_TRUE(IsInterfaceName(std::string(15, 'a')));
  for (const char* bad : {"", ".", "..", "a/b", "a:1", "a b", "0123456789abcdef"}) {
    EXPECT_FALSE(IsInterfaceName(bad)) << bad;
  }
}

}  // namespace
}  // namespace ww
