#include "notify/alert_event.h"

namespace ww {

std::string_view AlertKindName(AlertKind kind) {
  switch (kind) {
    case AlertKind::kDrop:
      return "drop";
    case AlertKind::kOutage:
      return "outage";
    case AlertKind::kUplinkState:
      return "uplink_state";
    case AlertKind::kSpeedtestFailure:
      return "speedtest_failure";
    case AlertKind::kSpeedtestBelowMinimum:
      return "speedtest_below_minimum";
    case AlertKind::kTest:
      return "test";
  }
  return "unknown";
}

std::string_view AlertPhaseName(AlertPhase phase) {
  switch (phase) {
    case AlertPhase::kStart:
      return "start";
    case AlertPhase::kEnd:
      return "end";
    case AlertPhase::kChange:
      return "change";
    case AlertPhase::kTest:
      return "test";
  }
  return "unknown";
}

}  // namespace ww
