#pragma once
// What the Connectivity Monitor API handlers read: the engine's latest
// Snapshot, the store, the clock and the few settings they need. Handlers
// copy this struct into their routes, so `store` and `clock` must outlive the
// Router they are registered on.
//
// Thread safety: the handlers only read; `snapshot` must be callable from
// the HTTP threads (it returns the current shared_ptr<const Snapshot>).

#include <functional>
#include <memory>
#include <string>

#include "core/clock.h"
#include "engine/snapshot.h"
#include "store/store.h"

namespace ww {

struct ApiContext {
  // The latest snapshot; may return nullptr before the engine's first tick.
  std::function<std::shared_ptr<const Snapshot>()> snapshot;
  const Store& store;
  const Clock& clock;
  // general.timezone: "UTC", "local" or a fixed offset "+05:30" (heatmap hours).
  std::string timezone = "UTC";
  // The data dir: /logs and /reports serve its logs/ and reports/ (empty: nothing to list).
  std::filesystem::path data_dir{};
};

}  // namespace ww
