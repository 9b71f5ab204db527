#pragma once
// The daemon's alert part (issue 6): the guarded HTTP client
// (notify/safe_http_client.h, allow_cidrs from [alerts]), the alert log
// store (its own connection to wanwatch.db), the Notifier (the delivery
// thread and the daemon's AlertSink) and the /api/alerts part.
//
// Settings: [alerts] gives the start values; what PUT /api/alerts stored in
// the settings table (key "alerts") wins over them. A stored value that no
// longer reads is logged and ignored.
//
// Sources publish into AlertSinkOf(parts): the outage recorder, the engine's
// drop and uplink events, and speed test results (OnSpeedtestResult, from the
// scheduler's result sink).
//
// Order: build after the speed test part (its results store holds the
// settings table) and before the sources that publish; Stop after them.
//
// Thread safety: build, Stop and destroy on the daemon's thread;
// OnSpeedtestResult and Health from any thread.

#include <atomic>
#include <filesystem>
#include <memory>

#include "api/alerts_api.h"
#include "api/api_context.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "notify/notifier.h"
#include "notify/safe_http_client.h"
#include "speedtest/speedtest_result.h"
#include "store/alert_log_store.h"
#include "store/speedtest_results_store.h"

namespace ww {

struct AlertParts {
  // Set by Stop once the notifier's stop deadline has passed: a send still
  // waiting on a slow server then ends at its next poll, not at its timeout.
  std::atomic<bool> abort_sends{false};
  std::unique_ptr<AlertLogStore> log;
  std::unique_ptr<SafeHttpClient> sender;
  std::unique_ptr<Notifier> notifier;  // uses `sender` and `log`: declared after them
  std::shared_ptr<AlertsApi> api;      // for ApiContext::alerts

  // A speed test result. A failed test is retried once by the scheduler
  // (speedtest_scheduler.h); the policy counts runs, so only a run's last
  // result counts: a success, or the failed retry.
  void OnSpeedtestResult(const SpeedtestResult& result);
  // Idempotent: sends what is due for the notifier's stop deadline, then ends
  // any send still in progress, and joins.
  void Stop();
  // /api/health's "alerts" component: the notifier's counters.
  ComponentHealth Health() const;
};

// AlertsConfig -> the settings the notifier starts from (before the stored ones).
AlertSettings AlertSettingsFromConfig(const AlertsConfig& config);

Result<std::shared_ptr<AlertParts>> BuildAlerts(const AlertsConfig& config,
                                                const std::filesystem::path& data_dir,
                                                SpeedtestResultsStore& settings_store,
                                                const Clock& clock);

// The notifier as the AlertSink sources hold; it keeps the whole part (and so
// the sender and log the notifier uses) alive as long as a source holds it.
std::shared_ptr<AlertSink> AlertSinkOf(const std::shared_ptr<AlertParts>& parts);

}  // namespace ww
