#include "tui/sparkline.h"

#include <gtest/gtest.h>

namespace ww::tui {
namespace {

using State = SparkPoint::State;

SparkPoint Value(double ms) { return SparkPoint{State::kValue, ms}; }
SparkPoint Lost() { return SparkPoint{State::kLost, 0}; }
SparkPoint None() { return SparkPoint{State::kNoData, 0}; }

TEST(TuiSparkline, WorkedExampleFromTheHeader) {
  const Sparkline s = RenderSparkline(
      {None(), None(), None(), None(), Value(10), Value(20), Lost(), Value(40)}, 8, true);
  EXPECT_EQ(s.line.Text(), "    \u2582\u2584\u00d7\u2588");
  EXPECT_EQ(s.line.Width(), 8);
  EXPECT_EQ(s.max_ms, 40);
  EXPECT_EQ(s.last_ms, 40);
  EXPECT_EQ(s.lost, 1);
}

TEST(TuiSparkline, LostStepsAreRedAndDoNotMoveTheScale) {
  const Sparkline with_loss = RenderSparkline({Value(5), Lost(), Lost(), Value(10)}, 4, true);
  const Sparkline without = RenderSparkline({Value(5), Value(10)}, 2, true);
  EXPECT_EQ(with_loss.max_ms, without.max_ms);
  EXPECT_EQ(with_loss.line.Text(), "\u2584\u00d7\u00d7\u2588");
  EXPECT_EQ(with_loss.lost, 2);
  bool red_lost = false;
  for (const Span& span : with_loss.line.spans) {
    if (span.text == "\u00d7\u00d7") red_lost = span.tone == Tone::kBad;
  }
  EXPECT_TRUE(red_lost);
}

TEST(TuiSparkline, AllEqualValuesAreFullHeight) {
  const Sparkline s = RenderSparkline({Value(7.5), Value(7.5), Value(7.5)}, 3, true);
  EXPECT_EQ(s.line.Text(), "\u2588\u2588\u2588");
  EXPECT_EQ(s.max_ms, 7.5);
}

TEST(TuiSparkline, ZerosAreTheLowestLevel) {
  EXPECT_EQ(RenderSparkline({Value(0), Value(0)}, 2, true).line.Text(), "\u2581\u2581");
  EXPECT_EQ(RenderSparkline({Value(0), Value(8)}, 2, false).line.Text(), "_#");
}

TEST(TuiSparkline, AsciiUsesEightLevels) {
  std::vector<SparkPoint> points;
  for (int i = 1; i <= 8; ++i) points.push_back(Value(i));
  points.push_back(Lost());
  const Sparkline s = RenderSparkline(points, 9, false);
  EXPECT_EQ(s.line.Text(), "_.-~=+*#x");
}

TEST(TuiSparkline, KeepsTheNewestPointsAndPadsOnTheLeft) {
  std::vector<SparkPoint> points;
  for (int i = 0; i < 100; ++i) points.push_back(Value(i == 99 ? 100 : 1000));
  const Sparkline narrow = RenderSparkline(points, 3, true);
  EXPECT_EQ(narrow.line.Width(), 3);
  EXPECT_EQ(narrow.last_ms, 100);
  EXPECT_EQ(narrow.max_ms, 1000);  // only shown points set the scale
  const Sparkline wide = RenderSparkline({Value(1)}, 10, true);
  EXPECT_EQ(wide.line.Text(), std::string(9, ' ') + "\u2588");
  EXPECT_EQ(RenderSparkline({Value(1)}, 0, true).line.Width(), 0);
}

TEST(TuiSparkline, EmptyHasNoScale) {
  const Sparkline s = RenderSparkline({None(), None()}, 4, true);
  EXPECT_EQ(s.line.Text(), "    ");
  EXPECT_FALSE(s.max_ms.has_value());
  EXPECT_EQ(s.lost, 0);
}

TEST(TuiSparkline, PointsFromAStoreSeries) {
  const WallTime t0 = FromUnixMillis(1'800'000'000'000);
  const std::chrono::seconds step(5);
  std::vector<WallTime> times;
  for (int i = 0; i < 5; ++i) times.push_back(t0 + i * step);
  const std::vector<std::optional<double>> values = {std::nullopt, std::nullopt, 12.5, std::nullopt,
                                                     std::nullopt};
  // The session started 2 s into the second step: the first step is before
  // it, the second overlaps it.
  const auto points = SparkPointsFrom(times, values, step, t0 + step + std::chrono::seconds(2));
  ASSERT_EQ(points.size(), 5u);
  EXPECT_EQ(points[0].state, State::kNoData);
  EXPECT_EQ(points[1].state, State::kLost);
  EXPECT_EQ(points[2].state, State::kValue);
  EXPECT_EQ(points[2].ms, 12.5);
  EXPECT_EQ(points[3].state, State::kLost);
  EXPECT_EQ(points[4].state, State::kLost);
  // Mismatched lengths (a broken series) yield the common part, not a crash.
  EXPECT_EQ(SparkPointsFrom(times, {1.0}, step, t0).size(), 1u);
}

}  // namespace
}  // namespace ww::tui
