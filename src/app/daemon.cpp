#include "app/daemon.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>

#include "api/routes.h"
#include "app/alert_wiring.h"
#include "app/engine_runner.h"
#include "app/outage_wiring.h"
#include "app/probers.h"
#include "app/speedtest_wiring.h"
#include "app/uplink_wiring.h"
#include "config/targets.h"
#include "config/uplinks.h"
#include "export/csv_log_writer.h"
#include "export/dated_files.h"
#include "export/local_time.h"
#include "export/report_scheduler.h"
#include "http/pipeline.h"
#include "http/router.h"
#include "http/security_layer.h"
#include "http/server.h"
#include "probe/curl_library.h"
#include "probe/net_watcher.h"
#include "probe/probe_service.h"
#include "speedtest/test_point_route.h"
#include "store/store.h"

namespace ww {

struct Daemon::Parts {
  std::unique_ptr<Store> store;
  SpeedtestParts speedtest;  // results store, settings, scheduler (after `store`: same file)
  // The notifier, the AlertSink sources publish into (after `speedtest`: its settings table).
  std::shared_ptr<AlertParts> alerts;
  std::unique_ptr<EngineRunner> engine;
  std::unique_ptr<OutageParts> outages;  // after `store` (same file); reads `engine`
  std::unique_ptr<CsvLogWriter> csv_logs;
  std::unique_ptr<ReportScheduler> reports;  // null when report.daily is off
  std::unique_ptr<ProbeService> probes;
  Probers probers;
  std::unique_ptr<NetWatcher> watcher;
  std::vector<std::unique_ptr<NetWatcher>> uplink_watchers;
  std::vector<UplinkSpec> uplinks;
  Router router;
  std::unique_ptr<HttpServer> server;
};

namespace {

EngineOptions EngineOptionsFrom(const EngineConfig& c) {
  EngineOptions o;
  o.window = std::chrono::duration_cast<std::chrono::seconds>(c.window);
  o.drop_threshold = c.drop_threshold;
  o.high_loss_pct = c.high_loss_pct;
  o.high_latency_ms = c.high_latency_ms;
  return o;
}

}  // namespace

Daemon::Daemon(Config config, std::vector<TargetSpec> targets, std::filesystem::path data_dir,
               const Clock& clock)
    : config_(std::move(config)),
      targets_(std::move(targets)),
      data_dir_(std::move(data_dir)),
      clock_(clock) {}

Daemon::~Daemon() { Stop(); }

std::uint16_t Daemon::web_port() const {
  return parts_ && parts_->server ? parts_->server->port() : 0;
}

std::shared_ptr<const Snapshot> Daemon::snapshot() const {
  return parts_ && parts_->engine ? parts_->engine->snapshot() : nullptr;
}

const Store* Daemon::store() const { return parts_ ? parts_->store.get() : nullptr; }

Status Daemon::Start() {
  if (parts_) return Status::Error("daemon: already started");
  parts_ = std::make_unique<Parts>();
  Parts& p = *parts_;

  if (config_.security.api_key.empty()) {
    spdlog::warn("API_KEY is not set: requests that change settings will not need a key");
  }
  const bool icmp = IcmpSocketsAvailable();
  if (!icmp) {
    spdlog::warn(
        "ICMP: neither unprivileged ping sockets nor raw sockets are allowed; measuring with TCP "
        "connects instead. To enable ICMP: sysctl -w net.ipv4.ping_group_range=\"0 2147483647\" "
        "or setcap cap_net_raw+ep on the wanwatch binary (or run it with CAP_NET_RAW)");
    PromoteTcpToConnectivity(targets_);
  }

  StoreOptions store_options;
  store_options.data_dir = data_dir_;
  store_options.raw_retention = std::chrono::hours(24 * config_.store.raw_retention_days);
  store_options.rollup_retention = std::chrono::hours(24 * config_.store.rollup_retention_days);
  auto store = Store::Open(store_options, clock_);
  if (!store.ok()) return Status::Error("store: " + store.error());
  p.store = std::move(store).value();
  if (Status s = p.store->RegisterTargets(targets_); !s.ok()) {
    return Status::Error("store: " + s.message());
  }
  // Speed test results reach the alerts' policy; the scheduler starts after
  // p.alerts is set, below.
  auto speedtest =
      BuildSpeedtest(config_.speedtest, data_dir_, clock_, [parts = &p](const SpeedtestResult& r) {
        if (parts->alerts) parts->alerts->OnSpeedtestResult(r);
      });
  if (!speedtest.ok()) return speedtest.status();
  p.speedtest = std::move(speedtest).value();
  auto alerts = BuildAlerts(config_.alerts, data_dir_, *p.speedtest.results, clock_);
  if (!alerts.ok()) return alerts.status();
  p.alerts = std::move(alerts).value();

  p.uplinks = BuildUplinkSpecs(config_, targets_);
  if (!icmp) UseTcpWhereIcmpIsUnavailable(p.uplinks, targets_);
  p.engine = std::make_unique<EngineRunner>(
      Engine(targets_, EngineOptionsFrom(config_.engine), clock_.WallNow(), p.uplinks),
      p.store.get(), clock_);
  // Drops and uplink state changes are alerted through the notifier too.
  p.engine->SetAlertSink(AlertSinkOf(p.alerts));
  EngineRunner* engine_for_outages = p.engine.get();
  // Outage starts and ends are alerted through the notifier.
  auto outages = BuildOutages(
      config_.outages, data_dir_, [engine_for_outages] { return engine_for_outages->snapshot(); },
      AlertSinkOf(p.alerts), clock_);
  if (!outages.ok()) return outages.status();
  p.outages = std::move(outages).value();

  // CSV logs and the daily report (src/export), each on its own thread.
  auto log_zone = MakeLocalZone(config_.general.timezone);
  auto report_zone = MakeLocalZone(config_.general.timezone);
  if (!log_zone.ok()) return Status::Error(log_zone.error());
  if (!report_zone.ok()) return Status::Error(report_zone.error());
  CsvLogOptions csv_options;
  csv_options.dir = data_dir_ / kLogsDirName;
  csv_options.retention_days = config_.store.log_retention_days;
  p.csv_logs =
      std::make_unique<CsvLogWriter>(csv_options, targets_, std::move(log_zone).value(), clock_);
  CsvLogWriter* csv_logs = p.csv_logs.get();
  p.engine->OnSample([csv_logs](const Sample& s, const std::shared_ptr<const Snapshot>& latest) {
    csv_logs->PostSample(s, latest);
  });
  p.engine->OnDrop([csv_logs](const DropEvent& e) {
    if (e.kind == DropEvent::Kind::kEnded) csv_logs->PostDropEnded(e.drop);
  });
  if (config_.report.daily) {
    ReportSchedulerOptions report_options;
    report_options.reports_dir = data_dir_ / kReportsDirName;
    report_options.timezone = config_.general.timezone;
    report_options.high_latency_ms = config_.engine.high_latency_ms;
    report_options.retention_days = config_.report.retention_days;
    p.reports = std::make_unique<ReportScheduler>(report_options, *p.store,
                                                  std::move(report_zone).value(), clock_);
  }

  ProbeServiceOptions probe_options;
  probe_options.base_interval = config_.probe.interval;
  probe_options.bind_device = config_.probe.interface;
  EngineRunner* engine = p.engine.get();
  auto probes = ProbeService::Create(clock_, targets_, probe_options,
                                     [engine](const Sample& s) { engine->Post(s); });
  if (!probes.ok()) return Status::Error("probes: " + probes.error());
  p.probes = std::move(probes).value();
  // libcurl is loaded on first use (it costs ~4 MiB); with HTTP checks
  // configured, load it here so the probe loop never waits on reading it.
  const bool http_checks = std::any_of(targets_.begin(), targets_.end(), [](const TargetSpec& t) {
    return t.kind == ProbeKind::kHttp;
  });
  if (std::string why; http_checks && LoadCurlLibrary(&why) == nullptr) {
    spdlog::warn("HTTP checks: {}; they will count as failed", why);
  }
  p.probers = MakeProbers(p.probes->context(), clock_);
  if (Status s = RegisterProbers(*p.probes, p.probers); !s.ok()) return s;

  const bool discover_gateway = config_.probe.gateway == "auto";
  ProbeService* service = p.probes.get();
  NetWatcherOptions watch;
  watch.interface = config_.probe.interface;
  // Read the routes once before the first round, so the gateway is probed
  // from the start instead of counting as lost until the watcher's first read.
  std::vector<std::string> route_errors;
  const NetworkState initial = ReadNetworkState(watch.sources, watch.interface, route_errors);
  for (const auto& e : route_errors) spdlog::warn("network: {}", e);
  const std::optional<IpAddress> initial_gateway =
      initial.gateway_v4 ? initial.gateway_v4 : initial.gateway_v6;
  if (discover_gateway) p.probes->SetGatewayAddress(initial_gateway);
  SetDefaultRouteGateways(p.uplinks, *p.probes, initial_gateway);
  p.engine->Post(ToLinkState(initial));
  const std::vector<UplinkSpec>* uplinks = &p.uplinks;
  p.watcher = std::make_unique<NetWatcher>(
      p.probes->context(), watch,
      [engine, service, discover_gateway, uplinks](const NetworkState& net) {
        spdlog::info("network: {}", net.ToString());
        const std::optional<IpAddress> gateway = net.gateway_v4 ? net.gateway_v4 : net.gateway_v6;
        if (discover_gateway) service->SetGatewayAddress(gateway);
        SetDefaultRouteGateways(*uplinks, *service, gateway);
        engine->Post(ToLinkState(net));
      });
  if (Status s = p.watcher->Start(); !s.ok()) {
    spdlog::warn("network watcher: {} (gateway changes will not be noticed)", s.message());
  }
  p.uplink_watchers = StartUplinkWatchers(p.uplinks, *p.probes, *p.engine);

  ApiContext api{[engine] { return engine->snapshot(); }, *p.store, clock_,
                 config_.general.timezone};
  api.data_dir = data_dir_;
  api.uplinks = p.uplinks;
  api.started_at = clock_.WallNow();
  // A probe is due at least this often (/api/health's scheduler check).
  Millis round_interval{0};
  for (const TargetSpec& t : targets_) {
    if (round_interval.count() == 0 || t.interval < round_interval) round_interval = t.interval;
  }
  api.probe_loop = [service, engine, round_interval] {
    const ProbeServiceCounters c = service->counters();
    ProbeLoopHealth h;
    h.running = service->running();
    h.round = c.round;
    h.last_round_at = c.last_round_at;
    h.samples_delivered = c.samples_delivered;
    h.engine_queue_dropped = engine->dropped_inputs();
    h.round_interval = round_interval;
    return h;
  };
  const OutageParts* outage_parts = p.outages.get();
  api.components = [csv_logs, outage_parts] {
    const CsvLogStats s = csv_logs->stats();
    ComponentHealth csv{"csv_logs", true, "", s.rows_dropped + s.rows_failed};
    csv.detail = std::to_string(s.rows_written) + " rows written, " +
                 std::to_string(s.rows_dropped) + " dropped (writer behind), " +
                 std::to_string(s.rows_failed) + " lost to disk errors";
    if (!s.last_error.empty()) csv.detail += "; last error: " + s.last_error;
    return std::vector<ComponentHealth>{csv, outage_parts->Health()};
  };
  api.live_rounds = std::make_shared<LiveRounds>(
      MakeLiveRoundRunner(p.uplinks, *p.probes, *p.engine), clock_,
      config_.uplinks.live_min_interval, LiveRoundDeadline(p.uplinks, targets_));
  api.speedtest = p.speedtest.api;
  api.alerts = p.alerts->api;
  api.components = [others = std::move(api.components), alerts = p.alerts.get()] {
    std::vector<ComponentHealth> list = others();
    list.push_back(alerts->Health());  // the notifier's counters
    return list;
  };
  api.outages = p.outages->api;
  RegisterApiRoutes(p.router, api);
  ServerOptions server_options;
  server_options.bind_address = config_.web.bind;
  server_options.port = config_.web.port;
  server_options.threads = config_.web.threads;
  server_options.max_connections = static_cast<std::size_t>(config_.web.max_connections);
  server_options.header_timeout = config_.web.header_timeout;
  server_options.idle_timeout = config_.web.idle_timeout;
  Router* router = &p.router;
  Result<SecurityOptions> security = SecurityOptionsFromConfig(config_);
  if (!security.ok()) return Status::Error("web: " + security.error());
  if (config_.speedtest_server.enabled) {  // the test point's paths bypass the API pipeline
    TestPointOptions test_point = TestPointOptionsFrom(config_.speedtest_server);
    test_point.trusted_proxies = security->trusted_proxies;
    server_options.stream_route = MakeTestPointRoute(std::move(test_point));
  }
  SecurityLayer layer = MakeSecurityLayer(std::move(security).value(), clock_);
  p.server = std::make_unique<HttpServer>(
      server_options, Pipeline([router](const HttpRequest& r) { return router->Handle(r); },
                               std::move(layer.middleware), std::move(layer.filters)));

  p.csv_logs->Start();
  if (p.reports) p.reports->Start();
  p.engine->Start();
  p.outages->Start();              // its first round at once, on its own thread
  p.speedtest.scheduler->Start();  // the first test one interval from now, never at start
  if (Status s = p.probes->Start(); !s.ok()) return Status::Error("probes: " + s.message());
  if (Status s = p.server->Start(); !s.ok()) return Status::Error("web: " + s.message());
  spdlog::info("wanwatch: {} targets, data in {}, API on http://{}:{}/", targets_.size(),
               data_dir_.string(), config_.web.bind, p.server->port());
  return Status::Ok();
}

void Daemon::Stop() {
  if (!parts_) return;
  Parts& p = *parts_;
  if (p.server) p.server->Stop();
  // Cancels a running speed test; its thread writes no result after this.
  if (p.speedtest.scheduler) p.speedtest.scheduler->Stop();
  if (p.outages) p.outages->Stop();  // before the engine it reads and the store it writes
  if (p.probes) p.probes->Stop();    // no more samples after this
  p.watcher.reset();
  p.uplink_watchers.clear();
  p.probers = Probers{};  // their sockets belong to the probe loop's io_context
  if (p.engine) p.engine->Stop();
  if (p.alerts) p.alerts->Stop();      // after its sources: sends what is due (bounded), joins
  if (p.csv_logs) p.csv_logs->Stop();  // after the engine: its last rows are written
  if (p.reports) p.reports->Stop();    // before the store it reads goes away
  if (p.store) p.store->Flush();
  p.probes.reset();
  p.server.reset();
  p.engine.reset();
  p.alerts.reset();  // sources may still hold the sink; it keeps what it uses alive
  p.speedtest = SpeedtestParts{};
  p.outages.reset();
  p.store.reset();
  parts_.reset();
}

}  // namespace ww
