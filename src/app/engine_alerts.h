#pragma once
// The engine's events as alerts (issue 6: "drop ... start and end (with
// duration and diagnosis), uplink state change"): pure translations from the
// engine's plain structs to AlertEvents with a title and message for people,
// so the engine itself knows nothing of notify.
//
// Thread safety: pure functions.

#include <string>

#include "engine/drop_detector.h"
#include "engine/uplink_transition.h"
#include "notify/alert_event.h"

namespace ww {

// A drop of the default route: kStart when confirmed (timestamped at its first
// failed round), kEnd at the first successful round with its duration.
// `interface`: the default route's interface ("" when unknown).
AlertEvent DropAlert(const DropEvent& event, const std::string& interface);

// A settled uplink state change: kStart (UP -> worse), kEnd (back to UP, with
// how long it was not UP), kChange (DOWN <-> DEGRADED).
AlertEvent UplinkAlert(const UplinkStateChange& change);

}  // namespace ww
