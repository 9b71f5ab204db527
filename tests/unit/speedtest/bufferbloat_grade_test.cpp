#include "speedtest/bufferbloat_grade.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

TEST(BufferbloatGrade, EachBandStartsAtItsBoundary) {
  EXPECT_EQ(BufferbloatGrade(0), "A+");
  EXPECT_EQ(BufferbloatGrade(4.999), "A+");
  EXPECT_EQ(BufferbloatGrade(5), "A");
  EXPECT_EQ(BufferbloatGrade(29.999), "A");
  EXPECT_EQ(BufferbloatGrade(30), "B");
  EXPECT_EQ(BufferbloatGrade(59.999), "B");
  EXPECT_EQ(BufferbloatGrade(60), "C");
  EXPECT_EQ(BufferbloatGrade(199.999), "C");
  EXPECT_EQ(BufferbloatGrade(200), "D");
  EXPECT_EQ(BufferbloatGrade(399.999), "D");
  EXPECT_EQ(BufferbloatGrade(400), "F");
  EXPECT_EQ(BufferbloatGrade(5000), "F");
}

TEST(BufferbloatGrade, TestGradeUsesTheLargerIncrease) {
  // Download +3 ms, upload +45 ms over 10 ms idle: B from the upload.
  EXPECT_EQ(BufferbloatGradeOf(10.0, 13.0, 55.0), "B");
  EXPECT_EQ(BufferbloatGradeOf(10.0, 250.0, 12.0), "D");
  // Only one direction measured.
  EXPECT_EQ(BufferbloatGradeOf(10.0, std::nullopt, 35.0), "A");
  EXPECT_EQ(BufferbloatGradeOf(10.0, std::nullopt, 40.0), "B");  // +30: B starts there
}

TEST(BufferbloatGrade, LowerLoadedLatencyCountsAsNoIncrease) {
  EXPECT_EQ(BufferbloatGradeOf(20.0, 15.0, 18.0), "A+");
}

TEST(BufferbloatGrade, UnknownWithoutIdleOrLoadedLatency) {
  EXPECT_EQ(BufferbloatGradeOf(std::nullopt, 15.0, 18.0), "");
  EXPECT_EQ(BufferbloatGradeOf(10.0, std::nullopt, std::nullopt), "");
}

}  // namespace
}  // namespace ww
