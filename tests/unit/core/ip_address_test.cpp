#include "core/ip_address.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

TEST(IpAddress, ParsesBothFamiliesAndPrintsThemBack) {
  auto v4 = IpAddress::Parse("192.0.2.7");
  ASSERT_TRUE(v4);
  EXPECT_TRUE(v4->is_v4());
  EXPECT_EQ(v4->ToString(), "192.0.2.7");
  auto v6 = IpAddress::Parse("[2001:db8::1]");
  ASSERT_TRUE(v6);
  EXPECT_FALSE(v6->is_v4());
  EXPECT_EQ(v6->ToString(), "2001:db8::1");
}

TEST(IpAddress, RejectsNamesAndJunk) {
  for (const char* bad : {"", "example.com", "300.1.1.1", "1.2.3", "::g", "[]"}) {
    EXPECT_FALSE(IpAddress::Parse(bad)) << bad;
  }
}

TEST(IpAddress, KnowsLoopback) {
  EXPECT_TRUE(IpAddress::Parse("127.0.3.4")->IsLoopback());
  EXPECT_TRUE(IpAddress::Parse("::1")->IsLoopback());
  EXPECT_FALSE(IpAddress::Parse("192.0.2.1")->IsLoopback());
  EXPECT_EQ(IpAddress::V4(0x7f000001), *IpAddress::Parse("127.0.0.1"));
}

}  // namespace
}  // namespace ww
