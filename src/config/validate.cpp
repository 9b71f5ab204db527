#include "config/validate.h"

#include <array>
#include <cmath>
#include <set>

#include "config/cidr.h"
#include "config/config_schema.h"
#include "config/net_syntax.h"
#include "config/text_util.h"
#include "config/timezone.h"
#include "config/uplinks.h"
#include "config/validate_alerts.h"
#include "config/validate_outages.h"
#include "core/ip_address.h"

namespace ww {
namespace {

using Errors = std::vector<std::string>;

constexpr std::array<std::string_view, 6> kLogLevels{"trace", "debug", "info",
                                                     "warn",  "error", "off"};

std::int64_t IntegerValue(FieldRef ref) {
  return std::visit(
      [](auto* p) -> std::int64_t {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_same_v<T, int> || std::is_same_v<T, std::uint16_t>) {
          return *p;
        } else if constexpr (std::is_same_v<T, std::chrono::milliseconds> ||
                             std::is_same_v<T, std::chrono::minutes>) {
          return p->count();
        } else {
          return 0;
        }
      },
      ref);
}

// Range rules of config_schema.h, e.g. "probe.interval_ms: must be 100-60000, got 50".
void CheckRanges(const Config& config, Errors& errors) {
  Config copy = config;  // the table's accessors are mutable; read through a copy
  for (const ConfigKey& key : ConfigKeys()) {
    if (!key.IsIntegral()) continue;
    const std::int64_t v = IntegerValue(key.field(copy));
    if (v < key.min || v > key.max) {
      errors.push_back(key.Path() + ": " + key.RangeRule() + ", got " + std::to_string(v));
    }
  }
}

void CheckDouble(std::string_view path, double value, double min, double max, Errors& errors) {
  if (std::isfinite(value) && value >= min && value <= max) return;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s: must be %g-%g, got %g", std::string(path).c_str(), min, max,
                value);
  errors.push_back(buf);
}

std::string Item(std::string_view list, std::size_t i) {
  return std::string(list) + "[" + std::to_string(i) + "]";
}

// "probe.targets[3]: duplicate of probe.targets[0]": target names must be unique.
void CheckUnique(std::string_view path, const std::vector<std::string>& items, Errors& errors) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (items[i] == items[j]) {
        errors.push_back(Item(path, i) + ": duplicate of " + Item(path, j));
        break;
      }
    }
  }
}

void CheckGeneral(const GeneralConfig& g, Errors& errors) {
  if (!IsLogLevel(g.log_level)) {
    errors.push_back(
        "general.log_level: must be one of trace, debug, info, warn, error, off, got " +
        Quote(g.log_level));
  }
  if (g.timezone != "local" && !ParseFixedUtcOffset(g.timezone)) {
    errors.push_back(TimezoneError(g.timezone));
  }
}

void CheckTargets(const ProbeConfig& p, Errors& errors) {
  if (p.targets.empty()) errors.push_back("probe.targets: must list at least one target");
  for (std::size_t i = 0; i < p.targets.size(); ++i) {
    const std::string& t = p.targets[i];
    if (!IsHostOrAddress(t)) {
      errors.push_back(Item("probe.targets", i) + ": " + Quote(t) +
                       " is not an IP address or host name");
    } else if (t == "gateway" && p.gateway != "none") {
      errors.push_back(Item("probe.targets", i) +
                       ": \"gateway\" is the name of the gateway target; use its address");
    }
  }
  CheckUnique("probe.targets", p.targets, errors);
  if (p.gateway != "auto" && p.gateway != "none" && !IpAddress::Parse(p.gateway)) {
    errors.push_back("probe.gateway: must be \"auto\", \"none\" or an IP address, got " +
                     Quote(p.gateway));
  }
  for (std::size_t i = 0; i < p.tcp_targets.size(); ++i) {
    if (!ParseHostPort(p.tcp_targets[i])) {
      errors.push_back(Item("probe.tcp_targets", i) + ": " + Quote(p.tcp_targets[i]) +
                       " is not host:port (port 1-65535; IPv6 as [addr]:port)");
    }
  }
  CheckUnique("probe.tcp_targets", p.tcp_targets, errors);
}

void CheckDnsAndHttp(const ProbeConfig& p, Errors& errors) {
  for (std::size_t i = 0; i < p.dns_servers.size(); ++i) {
    const std::string& s = p.dns_servers[i];
    const auto hp = ParseHostPort(s, 53);
    if (s != "system" && (!hp || !IpAddress::Parse(hp->host))) {
      errors.push_back(Item("probe.dns_servers", i) + ": " + Quote(s) +
                       " is not \"system\", an IP address or address:port");
    }
  }
  CheckUnique("probe.dns_servers", p.dns_servers, errors);
  if (!p.dns_servers.empty() && !IsHostName(p.dns_query)) {
    errors.push_back("probe.dns_query: " + Quote(p.dns_query) + " is not a host name");
  }
  for (std::size_t i = 0; i < p.http_urls.size(); ++i) {
    if (!ParseHttpUrl(p.http_urls[i])) {
      errors.push_back(Item("probe.http_urls", i) + ": " + Quote(p.http_urls[i]) +
                       " is not an http:// or https:// URL with a host");
    }
  }
  CheckUnique("probe.http_urls", p.http_urls, errors);
  if (!p.interface.empty() && !IsInterfaceName(p.interface)) {
    errors.push_back("probe.interface: " + Quote(p.interface) +
                     " is not an interface name (1-15 characters, no '/', ':' or spaces)");
  }
}

// The scheduler probes in rounds of probe.interval_ms, so slower probes run every n-th round.
// Probes of one target may overlap (replies are matched by sequence number or query id, TCP
// and HTTP use a socket each), but a timeout of more than 10 intervals would keep more than
// 10 probes per target in flight: almost certainly a unit mistake.
void CheckTiming(const ProbeConfig& p, Errors& errors) {
  constexpr int kMaxOverlap = 10;
  const auto base = p.interval.count();
  const ConfigKey& interval_key = *FindConfigKeyByPath("probe.interval_ms");
  if (base < interval_key.min || base > interval_key.max) return;  // reported, don't cascade
  struct Kind {
    std::string_view timeout_key, interval_key;
    std::chrono::milliseconds timeout, interval;
  };
  for (const Kind& k :
       {Kind{"icmp_timeout_ms", "interval_ms", p.icmp_timeout, p.interval},
        Kind{"tcp_timeout_ms", "tcp_interval_ms", p.tcp_timeout, p.tcp_interval},
        Kind{"dns_timeout_ms", "dns_interval_ms", p.dns_timeout, p.dns_interval},
        Kind{"http_timeout_ms", "http_interval_ms", p.http_timeout, p.http_interval}}) {
    const std::string interval_path = "probe." + std::string(k.interval_key);
    if (k.interval.count() % base != 0) {
      errors.push_back(interval_path + ": must be a multiple of probe.interval_ms (" +
                       std::to_string(base) + "), got " + std::to_string(k.interval.count()));
    }
    if (k.timeout > kMaxOverlap * k.interval) {
      errors.push_back("probe." + std::string(k.timeout_key) + ": must not exceed 10 x " +
                       interval_path + " (" + std::to_string(kMaxOverlap * k.interval.count()) +
                       "), got " + std::to_string(k.timeout.count()));
    }
  }
}

void CheckNetworks(std::string_view path, const std::vector<std::string>& entries, Errors& errors) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (Result<Cidr> cidr = Cidr::Parse(entries[i]); !cidr.ok()) {
      errors.push_back(Item(path, i) + ": " + cidr.error());
    }
  }
}

void CheckWeb(const WebConfig& w, Errors& errors) {
  if (!IpAddress::Parse(w.bind)) {
    errors.push_back("web.bind: " + Quote(w.bind) + " is not an IP address");
  }
  CheckNetworks("web.allowed_networks", w.allowed_networks, errors);
  CheckNetworks("web.trusted_proxies", w.trusted_proxies, errors);
}

void CheckEngineStoreSecurity(const Config& c, Errors& errors) {
  CheckDouble("engine.high_loss_pct", c.engine.high_loss_pct, 0, 100, errors);
  CheckDouble("engine.high_latency_ms", c.engine.high_latency_ms, 1, 60000, errors);
  if (c.store.rollup_retention_days < c.store.raw_retention_days) {
    errors.push_back("store.rollup_retention_days: must be at least store.raw_retention_days (" +
                     std::to_string(c.store.raw_retention_days) + "), got " +
                     std::to_string(c.store.rollup_retention_days));
  }
  const std::size_t key_length = c.security.api_key.size();
  if (key_length > 0 && key_length < 32) {
    errors.push_back("security.api_key: must be at least 32 characters (got " +
                     std::to_string(key_length) + ")");
  }
  const auto& origins = c.security.cors_origins;
  for (std::size_t i = 0; i < origins.size(); ++i) {
    if (!IsCorsOrigin(origins[i])) {
      errors.push_back(Item("security.cors_origins", i) + ": " + Quote(origins[i]) +
                       " is not \"*\" or an origin like https://example.com");
    }
  }
}

void CheckSpeedtest(const SpeedtestConfig& st, Errors& errors) {
  for (std::size_t i = 0; i < st.servers.size(); ++i) {
    if (!ParseHttpUrl(st.servers[i])) {
      errors.push_back(Item("speedtest.servers", i) + ": " + Quote(st.servers[i]) +
                       " is not an http:// or https:// URL with a host");
    }
  }
  CheckUnique("speedtest.servers", st.servers, errors);
  if (!IsSpeedtestProtocol(st.protocol)) {
    errors.push_back("speedtest.protocol: " + Quote(st.protocol) +
                     " is not one of auto, librespeed, cloudflare, ookla, iperf3");
  }
  for (std::size_t i = 0; i < st.enabled_exporters.size(); ++i) {
    if (!IsExporterName(st.enabled_exporters[i])) {
      errors.push_back(Item("speedtest.enabled_exporters", i) + ": " +
                       Quote(st.enabled_exporters[i]) +
                       " is not one of csv, sqlite, prometheus, loki, influxdb");
    }
  }
  CheckUnique("speedtest.enabled_exporters", st.enabled_exporters, errors);
  if (st.warmup.count() >= st.duration_seconds * 1000) {
    errors.push_back("speedtest.warmup_ms: must be shorter than speedtest.duration_seconds (" +
                     std::to_string(st.duration_seconds * 1000) + " ms), got " +
                     std::to_string(st.warmup.count()));
  }
  CheckDouble("speedtest.line_rate_factor", st.line_rate_factor, 1, 2, errors);
  if (!st.interface.empty() && !IsInterfaceName(st.interface)) {
    errors.push_back("speedtest.interface: " + Quote(st.interface) +
                     " is not an interface name (1-15 characters, no '/', ':' or spaces)");
  }
}

}  // namespace

bool IsSpeedtestProtocol(std::string_view protocol) {
  for (std::string_view p : {"auto", "librespeed", "cloudflare", "ookla", "iperf3"}) {
    if (p == protocol) return true;
  }
  return false;
}

bool IsExporterName(std::string_view name) {
  for (std::string_view e : {"csv", "sqlite", "prometheus", "loki", "influxdb"}) {
    if (e == name) return true;
  }
  return false;
}

bool IsLogLevel(std::string_view level) {
  for (std::string_view l : kLogLevels) {
    if (l == level) return true;
  }
  return false;
}

std::vector<std::string> ValidateConfig(const Config& config) {
  Errors errors;
  CheckRanges(config, errors);
  CheckGeneral(config.general, errors);
  CheckWeb(config.web, errors);
  CheckTargets(config.probe, errors);
  CheckDnsAndHttp(config.probe, errors);
  CheckTiming(config.probe, errors);
  CheckEngineStoreSecurity(config, errors);
  CheckSpeedtest(config.speedtest, errors);
  ValidateOutages(config.outages, errors);
  ValidateAlerts(config.alerts, errors);
  for (std::string& e : ValidateUplinks(config)) errors.push_back(std::move(e));
  return errors;
}

}  // namespace ww
