#include "app/outage_wiring.h"

#include <spdlog/spdlog.h>

#include "probe/http_get.h"

namespace ww {
namespace {

EnrichmentSources SourcesFrom(const OutagesConfig& c) {
  return EnrichmentSources{c.public_ip_url, c.ripestat_url, c.cloudflare_radar_url,
                           c.cloudflare_radar_token};
}

}  // namespace

Result<std::unique_ptr<OutageParts>> BuildOutages(const OutagesConfig& config,
                                                  const std::filesystem::path& data_dir,
                                                  OutageMonitor::SnapshotFn snapshot,
                                                  std::shared_ptr<AlertSink> alerts,
                                                  const Clock& clock) {
  using R = Result<std::unique_ptr<OutageParts>>;
  auto parts = std::make_unique<OutageParts>();
  auto opened = OutageStore::Open(data_dir / "wanwatch.db");
  if (!opened.ok()) return R::Error("outages: " + opened.error());
  parts->store = std::move(opened).value();
  auto api = std::make_shared<OutagesApi>();
  api->store = parts->store.get();
  if (!config.enabled || config.targets.empty()) {
    spdlog::info("outages: monitor off ({})",
                 config.enabled ? "no outages.targets" : "outages.enabled = false");
    parts->api = std::move(api);
    return parts;
  }
  const Result<std::optional<OutageRow>> open = parts->store->OpenOutage();
  if (!open.ok()) return R::Error("outages: " + open.error());
  std::optional<std::int64_t> open_id;
  OutageMonitorOptions options;
  options.targets = config.targets;
  options.interval = Seconds(config.interval_seconds);
  options.timeout = config.timeout;
  options.detector.quorum = config.quorum;
  options.detector.failed_rounds_to_confirm = config.confirm_rounds;
  if (open->has_value()) {
    open_id = (*open)->id;
    options.resumed_outage_start = (*open)->timestamp;
    spdlog::warn(
        "outages: an outage that began before this start is still open; the next good "
        "round ends it");
  }
  const EnrichmentSources sources = SourcesFrom(config);
  std::shared_ptr<HttpGetter> http;
  if (sources.any()) http = std::make_shared<CurlHttpGetter>();
  parts->prober = std::make_unique<TcpConnectRound>(clock);
  parts->recorder = std::make_unique<OutageRecorder>(*parts->store, std::move(alerts), sources,
                                                     std::move(http), open_id);
  parts->monitor = std::make_unique<OutageMonitor>(options, *parts->prober, std::move(snapshot),
                                                   *parts->recorder, clock);
  OutageMonitor* monitor = parts->monitor.get();
  api->status = [monitor] { return monitor->status(); };
  parts->api = std::move(api);
  return parts;
}

void OutageParts::Start() {
  if (recorder) recorder->Start();
  if (monitor) monitor->Start();
}

void OutageParts::Stop() {
  if (monitor) monitor->Stop();
  if (recorder) recorder->Stop();
}

ComponentHealth OutageParts::Health() const {
  ComponentHealth h{"outages", true, "", 0};
  if (!monitor) {
    h.detail = "monitor off";
    return h;
  }
  const OutageRecorderStats s = recorder->stats();
  const OutageStatus st = monitor->status();
  h.failures = s.write_failures + s.events_dropped;
  h.ok = monitor->running();
  h.detail = std::string(monitor->running() ? "running" : "stopped") + ", state " + st.state +
             ", " + std::to_string(st.rounds) + " rounds, " + std::to_string(s.events_written) +
             " events written, " + std::to_string(s.write_failures) + " write failures, " +
             std::to_string(s.events_dropped) + " dropped";
  if (!s.last_error.empty()) h.detail += "; last error: " + s.last_error;
  return h;
}

}  // namespace ww
