#include "notify/alert_event.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace ww {
namespace {

// The names are what alert_log.kind/phase store and payloads carry: they must
// be distinct and stable.
TEST(AlertEventTest, KindAndPhaseNamesAreDistinct) {
  std::set<std::string> kinds;
  for (auto kind :
       {AlertKind::kDrop, AlertKind::kOutage, AlertKind::kUplinkState, AlertKind::kSpeedtestFailure,
        AlertKind::kSpeedtestBelowMinimum, AlertKind::kTest}) {
    kinds.insert(std::string(AlertKindName(kind)));
  }
  EXPECT_EQ(kinds.size(), 6u);
  EXPECT_EQ(AlertKindName(AlertKind::kUplinkState), "uplink_state");
  EXPECT_EQ(AlertPhaseName(AlertPhase::kEnd), "end");
  EXPECT_EQ(AlertPhaseName(AlertPhase::kChange), "change");
}

}  // namespace
}  // namespace ww
