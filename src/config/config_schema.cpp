#include "config/config_schema.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <limits>
#include <optional>
#include <type_traits>
#include <utility>

#include "config/text_util.h"

namespace ww {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

constexpr std::int64_t kMaxInterval = 3'600'000;  // one hour
constexpr std::int64_t kMaxTimeout = 60'000;

ConfigKey Key(std::string_view section, std::string_view name, std::int64_t min, std::int64_t max,
              FieldRef (*field)(Config&)) {
  Config scratch;
  return ConfigKey{section, name, field, min, max, field(scratch).index()};
}

ConfigKey Key(std::string_view section, std::string_view name, FieldRef (*field)(Config&)) {
  return Key(section, name, 0, 0, field);
}

// One line per key. Ranges are part of the key's definition; cross-key rules live in
// validation. Built once, on first use, and never changed.
const auto& Keys() {
  using F = FieldRef;
  static const std::array keys{
      Key("general", "data_dir", [](Config& c) -> F { return &c.general.data_dir; }),
      Key("general", "log_level", [](Config& c) -> F { return &c.general.log_level; }),
      Key("general", "timezone", [](Config& c) -> F { return &c.general.timezone; }),
      Key("general", "headless", [](Config& c) -> F { return &c.general.headless; }),
      Key("web", "bind", [](Config& c) -> F { return &c.web.bind; }),
      Key("web", "port", 1, 65535, [](Config& c) -> F { return &c.web.port; }),
      Key("web", "threads", 1, 64, [](Config& c) -> F { return &c.web.threads; }),
      Key("web", "max_connections", 1, 100'000,
          [](Config& c) -> F { return &c.web.max_connections; }),
      Key("web", "header_timeout_ms", 100, 600'000,
          [](Config& c) -> F { return &c.web.header_timeout; }),
      Key("web", "idle_timeout_ms", 1'000, 3'600'000,
          [](Config& c) -> F { return &c.web.idle_timeout; }),
      Key("web", "allowed_networks", [](Config& c) -> F { return &c.web.allowed_networks; }),
      Key("web", "trusted_proxies", [](Config& c) -> F { return &c.web.trusted_proxies; }),
      Key("probe", "interval_ms", 100, 60'000, [](Config& c) -> F { return &c.probe.interval; }),
      Key("probe", "icmp_timeout_ms", 10, kMaxTimeout,
          [](Config& c) -> F { return &c.probe.icmp_timeout; }),
      Key("probe", "targets", [](Config& c) -> F { return &c.probe.targets; }),
      Key("probe", "gateway", [](Config& c) -> F { return &c.probe.gateway; }),
      Key("probe", "tcp_targets", [](Config& c) -> F { return &c.probe.tcp_targets; }),
      Key("probe", "tcp_interval_ms", 100, kMaxInterval,
          [](Config& c) -> F { return &c.probe.tcp_interval; }),
      Key("probe", "tcp_timeout_ms", 10, kMaxTimeout,
          [](Config& c) -> F { return &c.probe.tcp_timeout; }),
      Key("probe", "dns_servers", [](Config& c) -> F { return &c.probe.dns_servers; }),
      Key("probe", "dns_query", [](Config& c) -> F { return &c.probe.dns_query; }),
      Key("probe", "dns_interval_ms", 100, kMaxInterval,
          [](Config& c) -> F { return &c.probe.dns_interval; }),
      Key("probe", "dns_timeout_ms", 10, kMaxTimeout,
          [](Config& c) -> F { return &c.probe.dns_timeout; }),
      Key("probe", "http_urls", [](Config& c) -> F { return &c.probe.http_urls; }),
      Key("probe", "http_interval_ms", 100, kMaxInterval,
          [](Config& c) -> F { return &c.probe.http_interval; }),
      Key("probe", "http_timeout_ms", 10, kMaxTimeout,
          [](Config& c) -> F { return &c.probe.http_timeout; }),
      Key("probe", "interface", [](Config& c) -> F { return &c.probe.interface; }),
      Key("engine", "window_minutes", 1, 1440, [](Config& c) -> F { return &c.engine.window; }),
      Key("engine", "drop_threshold", 1, 100,
          [](Config& c) -> F { return &c.engine.drop_threshold; }),
      Key("engine", "high_loss_pct", [](Config& c) -> F { return &c.engine.high_loss_pct; }),
      Key("engine", "high_latency_ms", [](Config& c) -> F { return &c.engine.high_latency_ms; }),
      Key("store", "raw_retention_days", 1, 3650,
          [](Config& c) -> F { return &c.store.raw_retention_days; }),
      Key("store", "rollup_retention_days", 1, 36500,
          [](Config& c) -> F { return &c.store.rollup_retention_days; }),
      Key("store", "log_retention_days", 1, 3650,
          [](Config& c) -> F { return &c.store.log_retention_days; }),
      Key("report", "daily", [](Config& c) -> F { return &c.report.daily; }),
      Key("report", "retention_days", 1, 3650,
          [](Config& c) -> F { return &c.report.retention_days; }),
      Key("security", "api_key", [](Config& c) -> F { return &c.security.api_key; }),
      Key("security", "rate_limit_per_minute", 0, 100'000,
          [](Config& c) -> F { return &c.security.rate_limit_per_minute; }),
      Key("security", "cors_origins", [](Config& c) -> F { return &c.security.cors_origins; }),
      Key("uplink_defaults", "live_min_interval_ms", 1'000, kMaxInterval,
          [](Config& c) -> F { return &c.uplinks.live_min_interval; }),
      Key("uplink_defaults", "hysteresis_rounds", 1, kMaxHysteresisRounds,
          [](Config& c) -> F { return &c.uplinks.hysteresis_rounds; }),
      Key("speedtest", "servers", [](Config& c) -> F { return &c.speedtest.servers; }),
      Key("speedtest", "protocol", [](Config& c) -> F { return &c.speedtest.protocol; }),
      Key("speedtest", "streams", 1, 32, [](Config& c) -> F { return &c.speedtest.streams; }),
      Key("speedtest", "duration_seconds", 2, 120,
          [](Config& c) -> F { return &c.speedtest.duration_seconds; }),
      Key("speedtest", "warmup_ms", 0, 30'000, [](Config& c) -> F { return &c.speedtest.warmup; }),
      Key("speedtest", "interval_minutes", 5, 1440,
          [](Config& c) -> F { return &c.speedtest.interval_minutes; }),
      Key("speedtest", "scanning_enabled",
          [](Config& c) -> F { return &c.speedtest.scanning_enabled; }),
      Key("speedtest", "enabled_exporters",
          [](Config& c) -> F { return &c.speedtest.enabled_exporters; }),
      Key("speedtest", "line_rate_factor",
          [](Config& c) -> F { return &c.speedtest.line_rate_factor; }),
      Key("speedtest", "interface", [](Config& c) -> F { return &c.speedtest.interface; }),
      Key("speedtest_server", "enabled",
          [](Config& c) -> F { return &c.speedtest_server.enabled; }),
      Key("speedtest_server", "max_request_mb", 1, 16384,
          [](Config& c) -> F { return &c.speedtest_server.max_request_mb; }),
      Key("speedtest_server", "max_concurrent_transfers", 1, 10'000,
          [](Config& c) -> F { return &c.speedtest_server.max_concurrent_transfers; }),
      Key("outages", "enabled", [](Config& c) -> F { return &c.outages.enabled; }),
      Key("outages", "targets", [](Config& c) -> F { return &c.outages.targets; }),
      Key("outages", "interval_seconds", 5, 3600,
          [](Config& c) -> F { return &c.outages.interval_seconds; }),
      Key("outages", "timeout_ms", 100, kMaxTimeout,
          [](Config& c) -> F { return &c.outages.timeout; }),
      Key("outages", "quorum", 1, 100, [](Config& c) -> F { return &c.outages.quorum; }),
      Key("outages", "confirm_rounds", 1, 100,
          [](Config& c) -> F { return &c.outages.confirm_rounds; }),
      Key("outages", "public_ip_url", [](Config& c) -> F { return &c.outages.public_ip_url; }),
      Key("outages", "ripestat_url", [](Config& c) -> F { return &c.outages.ripestat_url; }),
      Key("outages", "cloudflare_radar_url",
          [](Config& c) -> F { return &c.outages.cloudflare_radar_url; }),
      Key("outages", "cloudflare_radar_token",
          [](Config& c) -> F { return &c.outages.cloudflare_radar_token; }),
      Key("alerts", "enabled", [](Config& c) -> F { return &c.alerts.enabled; }),
      Key("alerts", "failure_threshold", 0, 100,
          [](Config& c) -> F { return &c.alerts.failure_threshold; }),
      Key("alerts", "cooldown_minutes", 1, 10'080,
          [](Config& c) -> F { return &c.alerts.cooldown_minutes; }),
      Key("alerts", "on_drops", [](Config& c) -> F { return &c.alerts.on_drops; }),
      Key("alerts", "on_outages", [](Config& c) -> F { return &c.alerts.on_outages; }),
      Key("alerts", "on_uplink_changes",
          [](Config& c) -> F { return &c.alerts.on_uplink_changes; }),
      Key("alerts", "min_download_mbps",
          [](Config& c) -> F { return &c.alerts.min_download_mbps; }),
      Key("alerts", "min_upload_mbps", [](Config& c) -> F { return &c.alerts.min_upload_mbps; }),
      Key("alerts", "max_ping_ms", [](Config& c) -> F { return &c.alerts.max_ping_ms; }),
      Key("alerts", "allow_cidrs", [](Config& c) -> F { return &c.alerts.allow_cidrs; }),
      Key("alerts", "timeout_seconds", 1, 60,
          [](Config& c) -> F { return &c.alerts.timeout_seconds; }),
      Key("alerts.webhook", "enabled", [](Config& c) -> F { return &c.alerts.webhook.enabled; }),
      Key("alerts.webhook", "url", [](Config& c) -> F { return &c.alerts.webhook.url; }),
      Key("alerts.ntfy", "enabled", [](Config& c) -> F { return &c.alerts.ntfy.enabled; }),
      Key("alerts.ntfy", "url", [](Config& c) -> F { return &c.alerts.ntfy.url; }),
      Key("alerts.ntfy", "topic", [](Config& c) -> F { return &c.alerts.ntfy.topic; }),
      Key("alerts.ntfy", "token", [](Config& c) -> F { return &c.alerts.ntfy.token; }),
      Key("alerts.ntfy", "priority", 1, 5, [](Config& c) -> F { return &c.alerts.ntfy.priority; }),
      Key("alerts.ntfy", "tags", [](Config& c) -> F { return &c.alerts.ntfy.tags; }),
      Key("alerts.gotify", "enabled", [](Config& c) -> F { return &c.alerts.gotify.enabled; }),
      Key("alerts.gotify", "url", [](Config& c) -> F { return &c.alerts.gotify.url; }),
      Key("alerts.gotify", "token", [](Config& c) -> F { return &c.alerts.gotify.token; }),
      Key("alerts.gotify", "priority", 0, 10,
          [](Config& c) -> F { return &c.alerts.gotify.priority; }),
      Key("alerts.apprise", "enabled", [](Config& c) -> F { return &c.alerts.apprise.enabled; }),
      Key("alerts.apprise", "url", [](Config& c) -> F { return &c.alerts.apprise.url; }),
      Key("alerts.apprise", "urls", [](Config& c) -> F { return &c.alerts.apprise.urls; }),
      Key("alerts.discord", "enabled", [](Config& c) -> F { return &c.alerts.discord.enabled; }),
      Key("alerts.discord", "url", [](Config& c) -> F { return &c.alerts.discord.url; }),
      Key("alerts.slack", "enabled", [](Config& c) -> F { return &c.alerts.slack.enabled; }),
      Key("alerts.slack", "url", [](Config& c) -> F { return &c.alerts.slack.url; }),
  };
  return keys;
}

// A dotted name is a table inside another: [alerts.ntfy] is alerts' "ntfy".
constexpr std::array<std::string_view, 18> kSections{"general",        "web",
                                                     "probe",          "engine",
                                                     "store",          "report",
                                                     "security",       "uplink_defaults",
                                                     "speedtest",      "speedtest_server",
                                                     "outages",        "alerts",
                                                     "alerts.webhook", "alerts.ntfy",
                                                     "alerts.gotify",  "alerts.apprise",
                                                     "alerts.discord", "alerts.slack"};

// The keys of one [[uplinks]] entry, in documentation order.
const auto& EntryKeys() {
  using F = UplinkFieldRef;
  static const std::array keys{
      UplinkKey{"name", [](UplinkConfig& u) -> F { return &u.name; }},
      UplinkKey{"interface", [](UplinkConfig& u) -> F { return &u.interface; }},
      UplinkKey{"source", [](UplinkConfig& u) -> F { return &u.source; }},
      UplinkKey{"gateway", [](UplinkConfig& u) -> F { return &u.gateway; }},
      UplinkKey{"nat", [](UplinkConfig& u) -> F { return &u.nat; }},
      UplinkKey{"ping_targets", [](UplinkConfig& u) -> F { return &u.ping_targets; }},
      UplinkKey{"http_urls", [](UplinkConfig& u) -> F { return &u.http_urls; }},
      UplinkKey{"high_loss_pct", [](UplinkConfig& u) -> F { return &u.high_loss_pct; }},
      UplinkKey{"high_latency_ms", [](UplinkConfig& u) -> F { return &u.high_latency_ms; }},
      UplinkKey{"hysteresis_rounds", [](UplinkConfig& u) -> F { return &u.hysteresis_rounds; }},
  };
  return keys;
}

template <typename T>
constexpr bool kIsIntegral = std::is_same_v<T, int*> || std::is_same_v<T, std::uint16_t*> ||
                             std::is_same_v<T, milliseconds*> || std::is_same_v<T, minutes*>;

// Stores v if the field can hold it.
template <typename T>
bool StoreInteger(T* field, std::int64_t v) {
  if constexpr (std::is_same_v<T, int> || std::is_same_v<T, std::uint16_t>) {
    if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) return false;
    *field = static_cast<T>(v);
  } else {
    using Rep = typename T::rep;
    if (v < std::numeric_limits<Rep>::min() || v > std::numeric_limits<Rep>::max()) return false;
    *field = T{static_cast<Rep>(v)};
  }
  return true;
}

std::optional<bool> ParseBool(std::string_view text) {
  const std::string t = ToLower(Trim(text));
  if (t == "true" || t == "1" || t == "yes" || t == "on") return true;
  if (t == "false" || t == "0" || t == "no" || t == "off") return false;
  return std::nullopt;
}

std::string TomlString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + '"';
}

}  // namespace

std::string ConfigKey::Path() const {
  std::string p(section);
  p += '.';
  p += name;
  return p;
}

std::string ConfigKey::EnvName() const {
  std::string env = "WANWATCH_" + ToUpper(section) + "_" + ToUpper(name);
  std::replace(env.begin(), env.end(), '.', '_');  // alerts.ntfy -> ALERTS_NTFY
  return env;
}

bool ConfigKey::IsIntegral() const {
  return [this]<std::size_t... I>(std::index_sequence<I...>) {
    return ((kind == I && kIsIntegral<std::variant_alternative_t<I, FieldRef>>) || ...);
  }
  (std::make_index_sequence<std::variant_size_v<FieldRef>>{});
}

std::string ConfigKey::RangeRule() const {
  return "must be " + std::to_string(min) + "-" + std::to_string(max);
}

std::span<const ConfigKey> ConfigKeys() { return Keys(); }
std::span<const std::string_view> ConfigSections() { return kSections; }
std::span<const UplinkKey> UplinkKeys() { return EntryKeys(); }

const UplinkKey* FindUplinkKey(std::string_view name) {
  for (const UplinkKey& k : EntryKeys()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

const ConfigKey* FindConfigKey(std::string_view section, std::string_view name) {
  for (const ConfigKey& k : Keys()) {
    if (k.section == section && k.name == name) return &k;
  }
  return nullptr;
}

const ConfigKey* FindConfigKeyByPath(std::string_view path) {
  const std::size_t dot = path.rfind('.');  // "alerts.ntfy.priority": section "alerts.ntfy"
  if (dot == std::string_view::npos) return nullptr;
  return FindConfigKey(path.substr(0, dot), path.substr(dot + 1));
}

std::string SetInteger(const ConfigKey& key, Config& config, std::int64_t value,
                       std::string_view label) {
  const bool stored = std::visit(
      [value](auto* p) {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (kIsIntegral<T*>) {
          return StoreInteger(p, value);
        } else {
          return false;
        }
      },
      key.field(config));
  if (stored) return "";
  return std::string(label) + ": " + key.RangeRule() + ", got " + std::to_string(value);
}

std::string SetFromText(const ConfigKey& key, Config& config, std::string_view text,
                        std::string_view label) {
  const std::string prefix = std::string(label) + ": ";
  FieldRef ref = key.field(config);
  if (auto* s = std::get_if<std::string*>(&ref)) {
    **s = std::string(text);
  } else if (auto* p = std::get_if<std::filesystem::path*>(&ref)) {
    **p = std::filesystem::path(std::string(text));
  } else if (auto* list = std::get_if<std::vector<std::string>*>(&ref)) {
    **list = SplitList(text);
  } else if (auto* b = std::get_if<bool*>(&ref)) {
    const auto v = ParseBool(text);
    if (!v) return prefix + "expected true or false, got " + Quote(text);
    **b = *v;
  } else if (auto* d = std::get_if<double*>(&ref)) {
    const std::string_view t = Trim(text);
    double v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size()) {
      return prefix + "expected a number, got " + Quote(text);
    }
    **d = v;
  } else {
    const std::string_view t = Trim(text);
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec == std::errc::result_out_of_range) {
      return prefix + key.RangeRule() + ", got " + std::string(t);
    }
    if (t.empty() || ec != std::errc() || end != t.data() + t.size()) {
      return prefix + "expected an integer, got " + Quote(text);
    }
    return SetInteger(key, config, v, label);
  }
  return "";
}

std::string FormatValue(const ConfigKey& key, const Config& config) {
  Config copy = config;  // the table's accessors are mutable; read through a copy
  FieldRef ref = key.field(copy);
  if (auto* s = std::get_if<std::string*>(&ref)) return TomlString(**s);
  if (auto* p = std::get_if<std::filesystem::path*>(&ref)) return TomlString((*p)->string());
  if (auto* b = std::get_if<bool*>(&ref)) return **b ? "true" : "false";
  if (auto* i = std::get_if<int*>(&ref)) return std::to_string(**i);
  if (auto* u = std::get_if<std::uint16_t*>(&ref)) return std::to_string(**u);
  if (auto* ms = std::get_if<milliseconds*>(&ref)) return std::to_string((*ms)->count());
  if (auto* m = std::get_if<minutes*>(&ref)) return std::to_string((*m)->count());
  if (auto* d = std::get_if<double*>(&ref)) {
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, **d);
    return ec == std::errc() ? std::string(buf, end) : "nan";
  }
  const auto& list = **std::get_if<std::vector<std::string>*>(&ref);
  std::string out = "[";
  for (std::size_t i = 0; i < list.size(); ++i) out += (i ? ", " : "") + TomlString(list[i]);
  return out + "]";
}

}  // namespace ww
