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
#include <optional>
#include <string>
#include <vector>

#include "api/live_rounds.h"
#include "core/clock.h"
#include "core/uplink.h"
#include "engine/snapshot.h"
#include "store/store.h"

namespace ww {

struct SpeedtestApi;  // api/speedtest_api.h
class AlertsApi;      // api/alerts_api.h
struct OutagesApi;    // api/outages_api.h

// The probe loop as /api/health sees it (ProbeService counters).
struct ProbeLoopHealth {
  bool running = false;
  std::int64_t round = -1;                // latest round dispatched
  std::optional<WallTime> last_round_at;  // when it was dispatched
  std::uint64_t samples_delivered = 0;
  std::uint64_t engine_queue_dropped = 0;  // samples the engine's queue had to drop
  // The shortest target interval: a probe is dispatched at least this often
  // (/api/health's scheduler check allows 3 of them, at least 10 s). 0: unknown.
  std::chrono::milliseconds round_interval{0};
};

// Another part of the daemon that can be unwell (CSV log writer, report
// scheduler, ...), for /api/health.
struct ComponentHealth {
  std::string name;  // e.g. "csv_logs"
  bool ok = true;
  std::string detail;
  // A failure counter (rows dropped, write errors, ...), 0 when none: /api/health
  // holds the component not ok while it grew in the last 10 minutes.
  std::uint64_t failures = 0;
};

struct ApiContext {
  // The latest snapshot; may return nullptr before the engine's first tick.
  std::function<std::shared_ptr<const Snapshot>()> snapshot;
  const Store& store;
  const Clock& clock;
  // general.timezone: "UTC", "local" or a fixed offset "+05:30" (heatmap hours).
  std::string timezone = "UTC";
  // The data dir: /logs and /reports serve its logs/ and reports/ (empty: nothing to list).
  std::filesystem::path data_dir{};

  // isp-status. The uplinks as configured (the names the API shows are in
  // Snapshot::uplinks: the implicit uplink is named after its interface).
  std::vector<UplinkSpec> uplinks{};
  WallTime started_at{};                                       // daemon start (uptime_seconds)
  std::function<ProbeLoopHealth()> probe_loop{};               // empty: no probe loop (tests)
  std::function<std::vector<ComponentHealth>()> components{};  // empty: none
  std::shared_ptr<LiveRounds> live_rounds{};  // /api/status?live=1; null: not available
  // Hermes: /api/results, /api/config, /api/trigger; null: they answer 503.
  std::shared_ptr<const SpeedtestApi> speedtest{};
  // Hermes: /api/alerts, /api/alerts/test; null: they answer 503.
  std::shared_ptr<AlertsApi> alerts{};
  // Hermes: /api/outages, /api/outage-status; null: 503 and "not in progress".
  std::shared_ptr<const OutagesApi> outages{};
};

}  // namespace ww
