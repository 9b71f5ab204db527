#include "app/alert_wiring.h"

#include <spdlog/spdlog.h>

#include <future>
#include <thread>

#include "config/cidr.h"
#include "notify/alert_settings_json.h"
#include "notify/time_bounded_resolver.h"
#include "notify/url_guard.h"

namespace ww {
namespace {

// speedtest_scheduler.h: "A failed test (ok=false) is retried once, attempt 2".
constexpr int kAttemptsPerSpeedtestRun = 2;

std::optional<double> Minimum(double v) { return v > 0 ? std::optional<double>(v) : std::nullopt; }

UrlGuardPolicy GuardPolicyFrom(const AlertsConfig& config) {
  UrlGuardPolicy policy;
  for (const std::string& text : config.allow_cidrs) {
    if (auto cidr = Cidr::Parse(text); cidr) policy.allow.push_back(*cidr);  // validated at load
  }
  return policy;
}

// The stored settings over the config file's, or the file's when none are stored.
AlertSettings StartSettings(const AlertsConfig& config, SpeedtestResultsStore& store) {
  const AlertSettings from_file = AlertSettingsFromConfig(config);
  const Result<std::optional<std::string>> stored =
      store.GetSetting(std::string(kAlertSettingsKey));
  if (!stored) {
    spdlog::warn("alerts: stored settings not read ({}); using the config file's", stored.error());
    return from_file;
  }
  if (!stored->has_value()) return from_file;
  Result<AlertSettings> settings = AlertSettingsFromStored(from_file, **stored);
  if (!settings) {
    spdlog::warn("alerts: {}; using the config file's settings", settings.error());
    return from_file;
  }
  return std::move(settings).value();
}

}  // namespace

AlertSettings AlertSettingsFromConfig(const AlertsConfig& c) {
  AlertSettings s;
  s.enabled = c.enabled;
  s.failure_threshold = c.failure_threshold;
  s.cooldown_minutes = c.cooldown_minutes;
  s.on_drops = c.on_drops;
  s.on_outages = c.on_outages;
  s.on_uplink_changes = c.on_uplink_changes;
  s.min_download_mbps = Minimum(c.min_download_mbps);
  s.min_upload_mbps = Minimum(c.min_upload_mbps);
  s.max_ping_ms = Minimum(c.max_ping_ms);
  s.webhook = {c.webhook.enabled, c.webhook.url};
  s.ntfy = {c.ntfy.enabled, c.ntfy.url, c.ntfy.topic, c.ntfy.token, c.ntfy.priority, c.ntfy.tags};
  s.gotify = {c.gotify.enabled, c.gotify.url, c.gotify.token, c.gotify.priority};
  s.apprise = {c.apprise.enabled, c.apprise.url, c.apprise.urls};
  s.discord = {c.discord.enabled, c.discord.url};
  s.slack = {c.slack.enabled, c.slack.url};
  return s;
}

Result<std::shared_ptr<AlertParts>> BuildAlerts(const AlertsConfig& config,
                                                const std::filesystem::path& data_dir,
                                                SpeedtestResultsStore& settings_store,
                                                const Clock& clock) {
  auto log = AlertLogStore::Open(data_dir / "wanwatch.db");
  if (!log) return Result<std::shared_ptr<AlertParts>>::Error("alert log: " + log.error());
  auto parts = std::make_shared<AlertParts>();
  parts->log = std::move(log).value();

  const UrlGuardPolicy policy = GuardPolicyFrom(config);
  SafeHttpClient::Options options;
  options.timeout = std::chrono::seconds(config.timeout_seconds);
  options.connect_timeout =
      std::min<std::chrono::milliseconds>(options.timeout, std::chrono::seconds(5));
  options.stop = &parts->abort_sends;
  // The guard resolves before curl's timeouts start, on the notifier's thread
  // and on an HTTP thread at PUT: as long as one connection attempt at most.
  const HostResolver resolve = TimeBoundedResolver(SystemHostResolver(), options.connect_timeout);
  parts->sender = std::make_unique<SafeHttpClient>(policy, resolve, options);
  parts->notifier = std::make_unique<Notifier>(clock, *parts->sender, parts->log.get(),
                                               StartSettings(config, settings_store));

  Notifier* notifier = parts->notifier.get();
  SpeedtestResultsStore* store = &settings_store;
  AlertsApiParts api;
  api.current = [notifier] { return notifier->settings(); };
  api.apply = [notifier](AlertSettings s) { notifier->UpdateSettings(std::move(s)); };
  api.persist = [store](const std::string& value) {
    return store->PutSettings({{std::string(kAlertSettingsKey), value}});
  };
  api.send_test = [notifier] { return notifier->SendTest(); };
  api.check_url = [policy, resolve](std::string_view url) {
    return CheckUrlForStorage(url, policy, resolve);
  };
  parts->api = std::make_shared<AlertsApi>(std::move(api), clock);
  return parts;
}

void AlertParts::OnSpeedtestResult(const SpeedtestResult& r) {
  if (!r.ok && r.attempt < kAttemptsPerSpeedtestRun) return;  // its retry decides
  SpeedtestObservation o;
  o.ok = r.ok;
  o.error = r.error;
  o.download_mbps = r.download_mbps;
  o.upload_mbps = r.upload_mbps;
  o.ping_ms = r.ping_ms;
  o.timestamp = r.timestamp;
  notifier->OnSpeedtestResult(o);
}

void AlertParts::Stop() {
  if (!notifier) return;
  // Real time, like the sends it bounds: past the deadline, pull the plug.
  std::promise<void> stopped;
  std::thread deadline([this, done = stopped.get_future()] {
    if (done.wait_for(NotifierOptions{}.stop_deadline) == std::future_status::timeout) {
      abort_sends.store(true);
    }
  });
  notifier->Stop();
  stopped.set_value();
  deadline.join();
}

ComponentHealth AlertParts::Health() const {
  const NotifierCounters c = notifier->counters();
  ComponentHealth h{"alerts", true, "", c.failed + c.dropped};
  h.detail = std::to_string(c.sent) + " deliveries sent, " + std::to_string(c.failed) +
             " failed, " + std::to_string(c.retried) + " retries, " + std::to_string(c.dropped) +
             " alerts dropped (schedule full), " + std::to_string(c.suppressed) +
             " held back by the cooldown, " + std::to_string(c.pending) + " pending, " +
             std::to_string(c.tests_sent + c.tests_failed) + " test alerts (" +
             std::to_string(c.tests_failed) + " failed)";
  return h;
}

std::shared_ptr<AlertSink> AlertSinkOf(const std::shared_ptr<AlertParts>& parts) {
  if (!parts || !parts->notifier) return nullptr;
  return std::shared_ptr<AlertSink>(parts, parts->notifier.get());
}

}  // namespace ww
