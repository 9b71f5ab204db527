#include "config/config_schema.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <limits>
#include <optional>
#include <type_traits>

#include "config/text_util.h"

namespace ww {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

constexpr std::int64_t kMaxInterval = 3'600'000;  // one hour
constexpr std::int64_t kMaxTimeout = 60'000;

// One line per key. Ranges are part of the key's definition; cross-key rules live in
// validation.
const std::array kKeys{
    ConfigKey{"general", "data_dir", [](Config& c) -> FieldRef { return &c.general.data_dir; }},
    ConfigKey{"general", "log_level", [](Config& c) -> FieldRef { return &c.general.log_level; }},
    ConfigKey{"general", "timezone", [](Config& c) -> FieldRef { return &c.general.timezone; }},
    ConfigKey{"general", "headless", [](Config& c) -> FieldRef { return &c.general.headless; }},
    ConfigKey{"web", "bind", [](Config& c) -> FieldRef { return &c.web.bind; }},
    ConfigKey{"web", "port", [](Config& c) -> FieldRef { return &c.web.port; }, 1, 65535},
    ConfigKey{"web", "threads", [](Config& c) -> FieldRef { return &c.web.threads; }, 1, 64},
    ConfigKey{"probe", "interval_ms", [](Config& c) -> FieldRef { return &c.probe.interval; }, 100,
              60'000},
    ConfigKey{"probe", "icmp_timeout_ms",
              [](Config& c) -> FieldRef { return &c.probe.icmp_timeout; }, 10, kMaxTimeout},
    ConfigKey{"probe", "targets", [](Config& c) -> FieldRef { return &c.probe.targets; }},
    ConfigKey{"probe", "gateway", [](Config& c) -> FieldRef { return &c.probe.gateway; }},
    ConfigKey{"probe", "tcp_targets", [](Config& c) -> FieldRef { return &c.probe.tcp_targets; }},
    ConfigKey{"probe", "tcp_interval_ms",
              [](Config& c) -> FieldRef { return &c.probe.tcp_interval; }, 100, kMaxInterval},
    ConfigKey{"probe", "tcp_timeout_ms", [](Config& c) -> FieldRef { return &c.probe.tcp_timeout; },
              10, kMaxTimeout},
    ConfigKey{"probe", "dns_servers", [](Config& c) -> FieldRef { return &c.probe.dns_servers; }},
    ConfigKey{"probe", "dns_query", [](Config& c) -> FieldRef { return &c.probe.dns_query; }},
    ConfigKey{"probe", "dns_interval_ms",
              [](Config& c) -> FieldRef { return &c.probe.dns_interval; }, 100, kMaxInterval},
    ConfigKey{"probe", "dns_timeout_ms", [](Config& c) -> FieldRef { return &c.probe.dns_timeout; },
              10, kMaxTimeout},
    ConfigKey{"probe", "http_urls", [](Config& c) -> FieldRef { return &c.probe.http_urls; }},
    ConfigKey{"probe", "http_interval_ms",
              [](Config& c) -> FieldRef { return &c.probe.http_interval; }, 100, kMaxInterval},
    ConfigKey{"probe", "http_timeout_ms",
              [](Config& c) -> FieldRef { return &c.probe.http_timeout; }, 10, kMaxTimeout},
    ConfigKey{"probe", "interface", [](Config& c) -> FieldRef { return &c.probe.interface; }},
    ConfigKey{"engine", "window_minutes", [](Config& c) -> FieldRef { return &c.engine.window; }, 1,
              1440},
    ConfigKey{"engine", "drop_threshold",
              [](Config& c) -> FieldRef { return &c.engine.drop_threshold; }, 1, 100},
    ConfigKey{"engine", "high_loss_pct",
              [](Config& c) -> FieldRef { return &c.engine.high_loss_pct; }},
    ConfigKey{"engine", "high_latency_ms",
              [](Config& c) -> FieldRef { return &c.engine.high_latency_ms; }},
    ConfigKey{"store", "raw_retention_days",
              [](Config& c) -> FieldRef { return &c.store.raw_retention_days; }, 1, 3650},
    ConfigKey{"store", "rollup_retention_days",
              [](Config& c) -> FieldRef { return &c.store.rollup_retention_days; }, 1, 36500},
    ConfigKey{"security", "api_key", [](Config& c) -> FieldRef { return &c.security.api_key; }},
    ConfigKey{"security", "rate_limit_per_minute",
              [](Config& c) -> FieldRef { return &c.security.rate_limit_per_minute; }, 0, 100'000},
    ConfigKey{"security", "cors_origins",
              [](Config& c) -> FieldRef { return &c.security.cors_origins; }},
};

constexpr std::array<std::string_view, 6> kSections{"general", "web",   "probe",
                                                    "engine",  "store", "security"};

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
  return "WANWATCH_" + ToUpper(section) + "_" + ToUpper(name);
}

bool ConfigKey::IsIntegral() const {
  Config scratch;
  return std::visit([](auto* p) { return kIsIntegral<decltype(p)>; }, field(scratch));
}

bool ConfigKey::IsList() const {
  Config scratch;
  return std::holds_alternative<std::vector<std::string>*>(field(scratch));
}

std::string ConfigKey::RangeRule() const {
  return "must be " + std::to_string(min) + "-" + std::to_string(max);
}

std::span<const ConfigKey> ConfigKeys() { return kKeys; }
std::span<const std::string_view> ConfigSections() { return kSections; }

const ConfigKey* FindConfigKey(std::string_view section, std::string_view name) {
  for (const ConfigKey& k : kKeys) {
    if (k.section == section && k.name == name) return &k;
  }
  return nullptr;
}

const ConfigKey* FindConfigKeyByPath(std::string_view path) {
  const std::size_t dot = path.find('.');
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
