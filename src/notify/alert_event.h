#pragma once
// What can raise an alert (issue 6): one value type that every source (the
// engine's drops and uplink states, the outage monitor, the speed test
// scheduler, POST /api/alerts/test) hands to an AlertSink, and that the
// notifier turns into one request per provider.
//
// Sources never wait on delivery: AlertSink::Publish only queues.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace ww {

enum class AlertKind {
  kDrop,                   // a connectivity drop (engine/drop_detector.h)
  kOutage,                 // a Hermes outage (engine/outage_detector.h)
  kUplinkState,            // an uplink's settled state changed (engine/uplink_tracker.h)
  kSpeedtestFailure,       // failure_threshold consecutive failed speed tests
  kSpeedtestBelowMinimum,  // a result under the configured minimums
  kTest,                   // POST /api/alerts/test
};

enum class AlertPhase {
  kStart,   // the problem began (or, for kUplinkState, got worse)
  kEnd,     // it ended: the recovery notice, never held back by the cooldown
  kChange,  // an uplink state change that is neither (e.g. DOWN -> DEGRADED)
  kTest,
};

// A key/value line of the alert's evidence ("diagnosis" -> "ISP outage"),
// shown by text providers and sent as a field by JSON ones.
struct AlertField {
  std::string name;
  std::string value;
};

struct AlertEvent {
  AlertKind kind = AlertKind::kTest;
  AlertPhase phase = AlertPhase::kTest;
  WallTime timestamp{};
  std::string title;                       // one line: "Connection down: ISP outage"
  std::string message;                     // a few lines for a human
  std::optional<double> duration_seconds;  // kEnd: how long it lasted
  std::string uplink;                      // "" = the default route
  std::string diagnosis;                   // engine/diagnosis.h text, when known
  std::string error;                       // speed tests: the last error
  int consecutive_failures = 0;            // speed tests
  std::vector<AlertField> fields;          // further evidence, in order
};

std::string_view AlertKindName(AlertKind kind);     // "drop", "outage", "uplink_state", ...
std::string_view AlertPhaseName(AlertPhase phase);  // "start", "end", "change", "test"

// Where sources put events. Implementations must be thread-safe and must not
// block (queue and return); dropping under overload is allowed but counted.
class AlertSink {
 public:
  virtual ~AlertSink() = default;
  virtual void Publish(AlertEvent event) = 0;
};

}  // namespace ww
