#include "http/query_params.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ww {
namespace {

HttpRequest WithQuery(std::initializer_list<std::pair<std::string, std::string>> params) {
  HttpRequest r;
  for (const auto& [k, v] : params) r.query.emplace(k, v);
  return r;
}

TEST(QueryIntTest, AbsentGivesFallback) {
  auto v = QueryInt(WithQuery({}), "minutes", 1, 10080, 15);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 15);
  auto o = QueryOptionalInt(WithQuery({}), "step", 1, 10);
  ASSERT_TRUE(o.ok());
  EXPECT_FALSE(o->has_value());
}

TEST(QueryIntTest, AcceptsBoundsAndNegatives) {
  EXPECT_EQ(*QueryInt(WithQuery({{"m", "1"}}), "m", 1, 10080, 15), 1);
  EXPECT_EQ(*QueryInt(WithQuery({{"m", "10080"}}), "m", 1, 10080, 15), 10080);
  EXPECT_EQ(*QueryInt(WithQuery({{"o", "-30"}}), "o", -60, 60, 0), -30);
}

TEST(QueryIntTest, FirstValueWinsWhenRepeated) {
  HttpRequest r;
  r.query.emplace("m", "5");
  r.query.emplace("m", "abc");
  EXPECT_EQ(*QueryInt(r, "m", 1, 10, 1), 5);
}

TEST(QueryIntTest, RejectsWithMessageNamingTheParameter) {
  const std::string expected_prefix =
      "invalid query parameter 'minutes': must be an integer from 1 to 10080, got ";
  for (const std::string bad : {"abc", "", "15.0", " 15", "15 ", "+15", "1e3", "0", "10081", "-1",
                                "99999999999999999999999", "0x10"}) {
    auto v = QueryInt(WithQuery({{"minutes", bad}}), "minutes", 1, 10080, 15);
    ASSERT_FALSE(v.ok()) << bad;
    EXPECT_EQ(v.error(), expected_prefix + "'" + bad + "'") << bad;
  }
}

TEST(QueryIntTest, LongValuesAreShortenedInTheMessage) {
  auto v = QueryInt(WithQuery({{"limit", std::string(1000, 'x')}}), "limit", 1, 10, 1);
  ASSERT_FALSE(v.ok());
  EXPECT_LT(v.error().size(), 150u);
  EXPECT_NE(v.error().find("...'"), std::string::npos);
}

TEST(QueryDoubleTest, AbsentGivesFallbackAndBoundsAreInclusive) {
  EXPECT_EQ(*QueryDouble(WithQuery({}), "threshold", 0.5, 10.0, 2.5), 2.5);
  EXPECT_EQ(*QueryDouble(WithQuery({{"threshold", "0.5"}}), "threshold", 0.5, 10.0, 2.5), 0.5);
  EXPECT_EQ(*QueryDouble(WithQuery({{"threshold", "10"}}), "threshold", 0.5, 10.0, 2.5), 10.0);
  EXPECT_EQ(*QueryDouble(WithQuery({{"threshold", "3.25"}}), "threshold", 0.5, 10.0, 2.5), 3.25);
  EXPECT_EQ(*QueryDouble(WithQuery({{"t", "-0.5"}}), "t", -1, 1, 0), -0.5);
  EXPECT_EQ(*QueryDouble(WithQuery({{"t", "2."}}), "t", 0, 10, 0), 2.0);
}

TEST(QueryDoubleTest, RejectsWithMessageNamingTheParameter) {
  const std::string expected_prefix =
      "invalid query parameter 'threshold': must be a number from 0.5 to 10, got ";
  for (const std::string bad : {"abc", "", "0.49", "10.01", "-3", " 2", "2 ", "+2", "1e1", "2.5e0",
                                "inf", "nan", "NaN", "0x2", "2,5", "1.2.3", "-", "."}) {
    auto v = QueryDouble(WithQuery({{"threshold", bad}}), "threshold", 0.5, 10.0, 2.5);
    ASSERT_FALSE(v.ok()) << bad;
    EXPECT_EQ(v.error(), expected_prefix + "'" + bad + "'") << bad;
  }
}

TEST(BadRequestTest, Is400WithDetail) {
  HttpResponse r = BadRequest(Status::Error("invalid query parameter 'x'"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(nlohmann::json::parse(r.body),
            nlohmann::json({{"detail", "invalid query parameter 'x'"}}));
}

}  // namespace
}  // namespace ww
