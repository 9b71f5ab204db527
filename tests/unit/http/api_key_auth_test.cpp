#include "http/api_key_auth.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ww {
namespace {

const std::string kKey = "0123456789abcdef0123456789abcdef";

HttpRequest Request(std::string method, std::optional<std::string> key = std::nullopt) {
  HttpRequest r;
  r.method = std::move(method);
  r.path = "/api/config";
  if (key) r.headers["x-api-key"] = *key;
  return r;
}

std::string Detail(const HttpResponse& r) {
  return nlohmann::json::parse(r.body).value("detail", "<none>");
}

TEST(ApiKeyMatches, EqualUnequalAndDifferentLengths) {
  EXPECT_TRUE(ApiKeyMatches(kKey, kKey));
  EXPECT_TRUE(ApiKeyMatches("", ""));
  std::string last_differs = kKey;
  last_differs.back() = 'g';
  EXPECT_FALSE(ApiKeyMatches(last_differs, kKey));
  std::string first_differs = kKey;
  first_differs.front() = '1';
  EXPECT_FALSE(ApiKeyMatches(first_differs, kKey));
  EXPECT_FALSE(ApiKeyMatches(kKey.substr(0, 31), kKey)) << "a prefix is not the key";
  EXPECT_FALSE(ApiKeyMatches(kKey + "0", kKey)) << "nor is a longer string";
  EXPECT_FALSE(ApiKeyMatches("", kKey));
  EXPECT_FALSE(ApiKeyMatches(std::string(1 << 16, 'a'), kKey));
  // A NUL inside is part of the key, not its end.
  EXPECT_FALSE(ApiKeyMatches(std::string("0123\0", 5), std::string("0123\0x", 6)));
}

TEST(ApiKeyAuth, OnlyChangingMethodsAreProtected) {
  for (const char* m : {"POST", "PUT", "PATCH", "DELETE"}) EXPECT_TRUE(IsProtectedMethod(m)) << m;
  for (const char* m : {"GET", "HEAD", "OPTIONS", "TRACE", "post", ""}) {
    EXPECT_FALSE(IsProtectedMethod(m)) << m;
  }
  const ApiKeyAuth auth(kKey);
  EXPECT_FALSE(auth.Check(Request("GET")));
  EXPECT_FALSE(auth.Check(Request("HEAD")));
  EXPECT_FALSE(auth.Check(Request("OPTIONS")));
}

TEST(ApiKeyAuth, RightKeyPasses) {
  const ApiKeyAuth auth(kKey);
  for (const char* m : {"POST", "PUT", "PATCH", "DELETE"}) {
    EXPECT_FALSE(auth.Check(Request(m, kKey))) << m;
  }
}

TEST(ApiKeyAuth, MissingKeyIs401) {
  const ApiKeyAuth auth(kKey);
  for (const std::optional<std::string>& key :
       {std::optional<std::string>(), std::optional(std::string())}) {
    const auto r = auth.Check(Request("POST", key));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(Detail(*r), "Missing API key");
    ASSERT_EQ(r->headers.size(), 1u);
    EXPECT_EQ(r->headers[0].first, "WWW-Authenticate");
  }
}

TEST(ApiKeyAuth, WrongKeyIs401) {
  const ApiKeyAuth auth(kKey);
  for (const std::string& wrong :
       {kKey.substr(0, 31), kKey + "x", std::string(32, 'a'), kKey + ", " + kKey, " " + kKey}) {
    const auto r = auth.Check(Request("PUT", wrong));
    ASSERT_TRUE(r) << wrong;
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(Detail(*r), "Invalid API key");
  }
}

}  // namespace
}  // namespace ww
