#pragma once
// The daemon's speed test part: the results store (its own connection to
// wanwatch.db), the run-time settings (config file, then what PUT /api/config
// stored), and the scheduler whose runner calls RunSpeedtest with the
// [speedtest] options. Each result is stored and, when the "csv" exporter is
// enabled, appended to <data_dir>/logs/speedtest_results.csv, on the
// scheduler's thread.
//
// Order: build after the sample store opened (and migrated) the database;
// Stop() the scheduler before the store goes away.
//
// Thread safety: build and destroy on the daemon's thread.

#include <filesystem>
#include <functional>
#include <memory>

#include "api/speedtest_api.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"

namespace ww {

struct SpeedtestParts {
  std::unique_ptr<SpeedtestResultsStore> results;
  std::unique_ptr<SpeedtestScheduler> scheduler;
  std::shared_ptr<const SpeedtestApi> api;  // for ApiContext::speedtest
};

// `on_result` (may be empty) sees each result after it was stored, on the
// scheduler's thread (the alerts' speed test policy).
Result<SpeedtestParts> BuildSpeedtest(const SpeedtestConfig& config,
                                      const std::filesystem::path& data_dir, const Clock& clock,
                                      std::function<void(const SpeedtestResult&)> on_result = {});

// The client's options for one run of the daemon.
SpeedtestOptions SpeedtestOptionsFrom(const SpeedtestConfig& config);

}  // namespace ww
