#include "app/speedtest_wiring.h"

#include <spdlog/spdlog.h>

#include "export/dated_files.h"
#include "export/speedtest_csv.h"

namespace ww {
namespace {

SpeedtestSettings SettingsFrom(const SpeedtestConfig& c) {
  SpeedtestSettings s;
  s.interval_minutes = c.interval_minutes;
  s.scanning_enabled = c.scanning_enabled;
  s.enabled_exporters = c.enabled_exporters;
  return s;
}

void LogResult(const SpeedtestResult& r) {
  if (r.ok) {
    spdlog::info("speed test #{} ({}, attempt {}): {:.1f} down, {:.1f} up Mbit/s, ping {:.1f} ms",
                 r.id, r.trigger, r.attempt, r.download_mbps.value_or(0), r.upload_mbps.value_or(0),
                 r.ping_ms.value_or(0));
  } else {
    spdlog::warn("speed test #{} ({}, attempt {}) failed: {}", r.id, r.trigger, r.attempt, r.error);
  }
}

}  // namespace

SpeedtestOptions SpeedtestOptionsFrom(const SpeedtestConfig& c) {
  SpeedtestOptions o;
  o.servers = c.servers;
  o.protocol = ParseSpeedtestProtocol(c.protocol);
  o.streams = c.streams;
  o.duration = std::chrono::seconds(c.duration_seconds);
  o.warmup = c.warmup;
  o.line_rate_factor = c.line_rate_factor;
  o.interface = c.interface;
  return o;
}

Result<SpeedtestParts> BuildSpeedtest(const SpeedtestConfig& config,
                                      const std::filesystem::path& data_dir, const Clock& clock,
                                      std::function<void(const SpeedtestResult&)> on_result) {
  auto opened = SpeedtestResultsStore::Open(data_dir / "wanwatch.db", clock);
  if (!opened) return Status::Error("speed test results: " + opened.error());
  SpeedtestParts parts;
  parts.results = std::move(opened).value();
  SpeedtestResultsStore* results = parts.results.get();

  std::vector<std::string> problems;
  const SpeedtestSettings settings = SettingsFromStored(
      SettingsFrom(config),
      [results](const std::string& key) {
        Result<std::optional<std::string>> v = results->GetSetting(key);
        if (!v) spdlog::warn("speed test settings: {}", v.error());
        return v ? *v : std::nullopt;
      },
      &problems);
  for (const std::string& p : problems) spdlog::warn("speed test settings: {}", p);

  const SpeedtestOptions options = SpeedtestOptionsFrom(config);
  SpeedtestRunner runner = [options, &clock](const std::string& trigger, int attempt,
                                             const SpeedtestProgressFn& progress,
                                             const std::atomic<bool>* cancel) {
    SpeedtestOptions run = options;
    run.trigger = trigger;
    run.attempt = attempt;
    return RunSpeedtest(run, clock, progress, cancel);
  };
  const std::filesystem::path csv = data_dir / kLogsDirName / kSpeedtestCsvName;
  SpeedtestResultSink sink = [results, csv, on_result = std::move(on_result)](
                                 SpeedtestResult& r, const SpeedtestSettings& s) {
    // SQLite always keeps the results (the API reads them); "sqlite" in
    // enabled_exporters is Hermes's name for that and cannot switch it off.
    if (Result<std::int64_t> id = results->Insert(r); id) {
      r.id = *id;
    } else {
      spdlog::error("speed test result not stored: {}", id.error());
    }
    LogResult(r);
    if (s.ExporterEnabled("csv")) {
      if (Status st = AppendSpeedtestCsv(csv, r); !st)
        spdlog::error("speed test CSV: {}", st.message());
    }
    if (on_result) on_result(r);
  };
  parts.scheduler =
      std::make_unique<SpeedtestScheduler>(std::move(runner), std::move(sink), settings, clock);
  parts.api = std::make_shared<const SpeedtestApi>(
      SpeedtestApi{*parts.results, *parts.scheduler, config.servers, config.protocol,
                   config.streams, config.duration_seconds});
  return parts;
}

}  // namespace ww
