#pragma once
// The daemon's outage part ([outages], api/outages_api.h): the outage store
// (its own connection to wanwatch.db), the recorder thread (rows, alerts,
// enrichment), the monitor thread (TCP connect rounds) and what the API reads.
// An outage_start stored with no end (the daemon stopped during an outage)
// is resumed: still in progress until the next good round closes it.
//
// With enabled = false or no targets, only the store is opened (old events
// stay readable) and /api/outage-status reports the monitor off.
//
// Order: build after the sample store opened (and migrated) the database;
// Start after the engine (the monitor reads its snapshots); Stop before the
// store goes away.
//
// Thread safety: build, Start, Stop and destroy on the daemon's thread;
// Health from any thread.

#include <filesystem>
#include <functional>
#include <memory>

#include "api/api_context.h"
#include "api/outages_api.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "notify/alert_event.h"
#include "probe/outage_monitor.h"
#include "probe/outage_recorder.h"

namespace ww {

struct OutageParts {
  std::unique_ptr<OutageStore> store;
  std::unique_ptr<TcpConnectRound> prober;
  std::unique_ptr<OutageRecorder> recorder;  // null when the monitor is off
  std::unique_ptr<OutageMonitor> monitor;    // null when the monitor is off
  std::shared_ptr<const OutagesApi> api;     // for ApiContext::outages

  void Start();
  void Stop();  // idempotent: the monitor, then the recorder (writes what is queued)
  // /api/health's "outages" component.
  ComponentHealth Health() const;
};

// `alerts` may be null (no alert sink in this process: events are still stored).
Result<std::unique_ptr<OutageParts>> BuildOutages(const OutagesConfig& config,
                                                  const std::filesystem::path& data_dir,
                                                  OutageMonitor::SnapshotFn snapshot,
                                                  std::shared_ptr<AlertSink> alerts,
                                                  const Clock& clock);

}  // namespace ww
