#include "impairment.h"

#include <gtest/gtest.h>

namespace ww::lab {
namespace {

constexpr std::uint32_t kTargetA = 0xCB00710A;  // 203.0.113.10
constexpr std::uint32_t kTargetB = 0xCB00710B;  // 203.0.113.11
const MonoTime kT0{std::chrono::hours(1)};

RuleChange Loss(double pct) {
  RuleChange c;
  c.loss_pct = pct;
  return c;
}
RuleChange Delay(std::int64_t ms) {
  RuleChange c;
  c.delay_ms = ms;
  return c;
}

int CountDrops(Impairments& imp, Protocol p, std::uint32_t target, int n) {
  int drops = 0;
  for (int i = 0; i < n; ++i) drops += imp.Decide(p, target, kT0).drop;
  return drops;
}

TEST(LabImpairments, NoRulesMeansImmediateAnswers) {
  Impairments imp(1);
  const Decision d = imp.Decide(Protocol::kIcmp, kTargetA, kT0);
  EXPECT_FALSE(d.drop);
  EXPECT_EQ(d.delay.count(), 0);
}

TEST(LabImpairments, TenPercentLossIsExactInEveryBlockOfTen) {
  Impairments imp(7);
  imp.Apply(Protocol::kIcmp, 0, Loss(10));
  for (int block = 0; block < 50; ++block) {
    EXPECT_EQ(CountDrops(imp, Protocol::kIcmp, kTargetA, 10), 1) << "block " << block;
  }
}

TEST(LabImpairments, LossIsCountedPerTargetAndPositionsAreShuffled) {
  Impairments imp(7);
  imp.Apply(std::nullopt, 0, Loss(25));
  std::vector<bool> pattern;
  for (int i = 0; i < 400; ++i) {
    pattern.push_back(imp.Decide(Protocol::kIcmp, kTargetA, kT0).drop);
    // Interleaved traffic to another target and protocol must not shift A's pattern.
    imp.Decide(Protocol::kIcmp, kTargetB, kT0);
    imp.Decide(Protocol::kDns, kTargetA, kT0);
  }
  EXPECT_EQ(std::count(pattern.begin(), pattern.end(), true), 100);
  std::set<int> positions;
  for (int i = 0; i < 400; ++i) {
    if (pattern[i]) positions.insert(i % 4);
  }
  EXPECT_GT(positions.size(), 1u) << "drops always at the same offset: not shuffled";
}

TEST(LabImpairments, SameSeedSamePatternOtherSeedOtherPattern) {
  auto pattern = [](std::uint64_t seed) {
    Impairments imp(seed);
    imp.Apply(Protocol::kTcp, 0, Loss(3));
    std::vector<bool> p;
    for (int i = 0; i < 300; ++i) p.push_back(imp.Decide(Protocol::kTcp, kTargetA, kT0).drop);
    return p;
  };
  EXPECT_EQ(pattern(5), pattern(5));
  EXPECT_NE(pattern(5), pattern(6));
  auto p = pattern(5);
  EXPECT_EQ(std::count(p.begin(), p.end(), true), 9);
}

TEST(LabImpairments, FractionalRatesUseBlocksOfAThousand) {
  Impairments imp(1);
  imp.Apply(Protocol::kIcmp, 0, Loss(2.5));
  EXPECT_EQ(CountDrops(imp, Protocol::kIcmp, kTargetA, 1000), 25);
  imp.Apply(Protocol::kIcmp, 0, Loss(100));
  EXPECT_EQ(CountDrops(imp, Protocol::kIcmp, kTargetA, 10), 10);
  imp.Apply(Protocol::kIcmp, 0, Loss(0));
  EXPECT_EQ(CountDrops(imp, Protocol::kIcmp, kTargetA, 10), 0);
}

TEST(LabImpairments, SettingARateRestartsTheBlocks) {
  Impairments imp(3);
  imp.Apply(Protocol::kIcmp, 0, Loss(50));
  imp.Decide(Protocol::kIcmp, kTargetA, kT0);  // half-way into a block of two
  imp.Apply(Protocol::kIcmp, 0, Loss(50));
  EXPECT_EQ(CountDrops(imp, Protocol::kIcmp, kTargetA, 2), 1);
}

TEST(LabImpairments, TargetRuleOverridesProtocolRuleFieldByField) {
  Impairments imp(1);
  imp.Apply(Protocol::kIcmp, 0, Delay(50));
  imp.Apply(Protocol::kIcmp, kTargetB, Delay(80));
  EXPECT_EQ(imp.Decide(Protocol::kIcmp, kTargetA, kT0).delay, std::chrono::milliseconds(50));
  EXPECT_EQ(imp.Decide(Protocol::kIcmp, kTargetB, kT0).delay, std::chrono::milliseconds(80));
  EXPECT_EQ(imp.Decide(Protocol::kDns, kTargetB, kT0).delay.count(), 0);
  // A later, broader command wins for everything it covers.
  imp.Apply(std::nullopt, 0, Delay(5));
  EXPECT_EQ(imp.Decide(Protocol::kIcmp, kTargetB, kT0).delay, std::chrono::milliseconds(5));
  EXPECT_EQ(imp.Decide(Protocol::kHttp, kTargetA, kT0).delay, std::chrono::milliseconds(5));
}

TEST(LabImpairments, DownWindowEndsOnTimeOrOnUp) {
  Impairments imp(1);
  RuleChange down;
  down.down_until = kT0 + std::chrono::seconds(20);
  imp.Apply(std::nullopt, 0, down);
  EXPECT_TRUE(imp.Decide(Protocol::kIcmp, kTargetA, kT0).drop);
  EXPECT_TRUE(imp.Decide(Protocol::kDns, kTargetB, kT0 + std::chrono::seconds(19)).drop);
  EXPECT_FALSE(imp.Decide(Protocol::kIcmp, kTargetA, kT0 + std::chrono::seconds(20)).drop);

  down.down_until = MonoTime::max();
  imp.Apply(std::nullopt, 0, down);
  RuleChange up;
  up.clear_down = true;
  imp.Apply(Protocol::kIcmp, 0, up);
  EXPECT_FALSE(imp.Decide(Protocol::kIcmp, kTargetA, kT0).drop);
  EXPECT_TRUE(imp.Decide(Protocol::kDns, kTargetA, kT0).drop);
  imp.Reset();
  EXPECT_FALSE(imp.Decide(Protocol::kDns, kTargetA, kT0).drop);
  EXPECT_EQ(imp.Describe(kT0), "no impairments");
}

TEST(LabImpairments, DescribeNamesEveryRule) {
  Impairments imp(1);
  imp.Apply(Protocol::kIcmp, kTargetA, Delay(50));
  imp.Apply(Protocol::kDns, 0, Loss(10));
  EXPECT_EQ(imp.Describe(kT0), "icmp target=203.0.113.10 delay=50; dns target=* loss=10");
}

}  // namespace
}  // namespace ww::lab
