#include "config/uplinks.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "config/config_schema.h"
#include "config/net_syntax.h"
#include "config/text_util.h"
#include "core/ip_address.h"

namespace ww {
namespace {

using Errors = std::vector<std::string>;

// The code points of `text`, or nullopt when it is not valid UTF-8 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF).
std::optional<std::u32string> DecodeUtf8(std::string_view text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    const int extra = b0 < 0x80             ? 0
                      : (b0 & 0xe0) == 0xc0 ? 1
                      : (b0 & 0xf0) == 0xe0 ? 2
                      : (b0 & 0xf8) == 0xf0 ? 3
                                            : -1;
    if (extra < 0) return std::nullopt;
    char32_t cp = extra == 0 ? b0 : b0 & (0x3f >> extra);
    for (int k = 1; k <= extra; ++k) {
      if (i + k >= text.size()) return std::nullopt;
      const auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xc0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (b & 0x3f);
    }
    constexpr char32_t kMinOf[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinOf[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return std::nullopt;
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

bool IsControl(char32_t c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 ||
         (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e ||
         c == 0x200f || c == 0xfeff;
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == 0xa0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200b);
}

std::string Path(std::size_t i, std::string_view key = {}) {
  std::string p = std::string(kUplinksArray) + "[" + std::to_string(i) + "]";
  if (!key.empty()) p += "." + std::string(key);
  return p;
}

std::string Item(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// "uplinks[0].ping_targets[2]: duplicate of uplinks[0].ping_targets[0]".
void CheckUnique(const std::string& path, const std::vector<std::string>& items, Errors& errors) {
  std::map<std::string_view, std::size_t> first;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto [it, inserted] = first.emplace(items[i], i);
    if (!inserted) errors.push_back(Item(path, i) + ": duplicate of " + Item(path, it->second));
  }
}

// A numeric address of the other family than the source address cannot be reached from it.
void CheckFamily(const std::string& what, std::string_view host,
                 const std::optional<IpAddress>& source, Errors& errors) {
  const auto address = IpAddress::Parse(host);
  if (!source || !address || address->family() == source->family()) return;
  errors.push_back(what + ": " + Quote(host) + " is " + (address->is_v4() ? "IPv4" : "IPv6") +
                   " but source " + source->ToString() + " is " +
                   (source->is_v4() ? "IPv4" : "IPv6"));
}

void CheckBinding(std::size_t i, const UplinkConfig& u, Errors& errors) {
  if (!u.interface.empty() && !IsInterfaceName(u.interface)) {
    errors.push_back(Path(i, "interface") + ": " + Quote(u.interface) +
                     " is not an interface name (1-15 characters, no '/', ':' or spaces)");
  }
  if (!u.source.empty() && !IpAddress::Parse(u.source)) {
    errors.push_back(Path(i, "source") + ": " + Quote(u.source) + " is not an IP address");
  }
  if (u.gateway != "auto" && u.gateway != "none" && !IpAddress::Parse(u.gateway)) {
    errors.push_back(Path(i, "gateway") + ": " + Quote(u.gateway) +
                     " is not \"auto\", \"none\" or an IP address");
  }
  CheckFamily(Path(i, "gateway"), u.gateway, IpAddress::Parse(u.source), errors);
}

void CheckChecks(std::size_t i, const UplinkConfig& u, Errors& errors) {
  const auto source = IpAddress::Parse(u.source);
  const std::string pings = Path(i, "ping_targets");
  if (u.ping_targets.empty() && u.http_urls.empty()) {
    errors.push_back(pings + ": must list at least one target when http_urls is empty");
  }
  for (std::size_t k = 0; k < u.ping_targets.size(); ++k) {
    const std::string& t = u.ping_targets[k];
    if (!IsHostOrAddress(t)) {
      errors.push_back(Item(pings, k) + ": " + Quote(t) + " is not an IP address or host name");
    } else if (t == "gateway" && u.gateway != "none") {
      errors.push_back(Item(pings, k) +
                       ": \"gateway\" is the name of the uplink's gateway target; use its address");
    } else {
      CheckFamily(Item(pings, k), t, source, errors);
    }
  }
  CheckUnique(pings, u.ping_targets, errors);
  const std::string urls = Path(i, "http_urls");
  for (std::size_t k = 0; k < u.http_urls.size(); ++k) {
    const auto url = ParseHttpUrl(u.http_urls[k]);
    if (!url) {
      errors.push_back(Item(urls, k) + ": " + Quote(u.http_urls[k]) +
                       " is not an http:// or https:// URL with a host");
    } else {
      CheckFamily(Item(urls, k), url->host, source, errors);
    }
  }
  CheckUnique(urls, u.http_urls, errors);
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

void CheckThresholds(std::size_t i, const UplinkConfig& u, Errors& errors) {
  if (const auto loss = u.high_loss_pct;
      loss && !(std::isfinite(*loss) && *loss >= 0 && *loss <= 100)) {
    errors.push_back(Path(i, "high_loss_pct") + ": must be 0-100, got " + Number(*loss));
  }
  if (const auto ms = u.high_latency_ms; ms && !(std::isfinite(*ms) && *ms > 0 && *ms <= 60000)) {
    errors.push_back(Path(i, "high_latency_ms") +
                     ": must be greater than 0 and at most 60000, got " + Number(*ms));
  }
  if (const auto n = u.hysteresis_rounds; n && (*n < 1 || *n > kMaxHysteresisRounds)) {
    errors.push_back(Path(i, "hysteresis_rounds") + ": must be 1-" +
                     std::to_string(kMaxHysteresisRounds) + ", got " + std::to_string(*n));
  }
}

UplinkSpec ImplicitSpec(const Config& c) {
  UplinkSpec s;
  s.implicit = true;
  s.interface = c.probe.interface;
  s.gateway = c.probe.gateway;
  s.high_loss_pct = c.engine.high_loss_pct;
  s.high_latency_ms = c.engine.high_latency_ms;
  s.hysteresis_rounds = c.uplinks.hysteresis_rounds;
  return s;
}

UplinkSpec ConfiguredSpec(const Config& c, const UplinkConfig& u) {
  UplinkSpec s;
  s.name = u.name;
  s.interface = u.interface;
  s.source = u.source;
  s.gateway = u.gateway;
  s.nat = u.nat;
  s.high_loss_pct = u.high_loss_pct.value_or(c.engine.high_loss_pct);
  s.high_latency_ms = u.high_latency_ms.value_or(c.engine.high_latency_ms);
  s.hysteresis_rounds = u.hysteresis_rounds.value_or(c.uplinks.hysteresis_rounds);
  return s;
}

}  // namespace

std::string UplinkNameProblem(std::string_view name) {
  if (name.empty()) return "required, 1-64 characters";
  const auto chars = DecodeUtf8(name);
  if (!chars) return Quote(name) + " is not valid UTF-8";
  if (chars->size() > kMaxUplinkNameChars) {
    return "must be 1-64 characters, got " + std::to_string(chars->size());
  }
  for (char32_t c : *chars) {
    if (IsControl(c)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
      return Quote(name) + " contains a control character (" + buf + ")";
    }
    if (c == '/') {
      return Quote(name) +
             " contains '/', which separates the uplink from the target in target names";
    }
  }
  if (IsSpace(chars->front()) || IsSpace(chars->back())) {
    return Quote(name) + " must not start or end with white space";
  }
  return "";
}

std::vector<std::string> ValidateUplinks(const Config& config) {
  Errors errors;
  const auto& list = config.uplinks.list;
  if (list.size() > kMaxUplinks) {
    errors.push_back(std::string(kUplinksArray) + ": at most " + std::to_string(kMaxUplinks) +
                     " entries, got " + std::to_string(list.size()));
    return errors;
  }
  std::map<std::string_view, std::size_t> names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const UplinkConfig& u = list[i];
    if (const std::string problem = UplinkNameProblem(u.name); !problem.empty()) {
      errors.push_back(Path(i, "name") + ": " + problem);
    } else if (const auto [it, inserted] = names.emplace(u.name, i); !inserted) {
      errors.push_back(Path(i, "name") + ": duplicate of " + Path(it->second, "name") + " (" +
                       Quote(u.name) + ")");
    }
    CheckBinding(i, u, errors);
    CheckChecks(i, u, errors);
    CheckThresholds(i, u, errors);
  }
  return errors;
}

std::vector<UplinkSpec> BuildUplinkSpecs(const Config& config,
                                         const std::vector<TargetSpec>& targets) {
  std::vector<UplinkSpec> specs;
  std::map<std::string_view, std::size_t> index;  // uplink name -> spec
  if (config.uplinks.list.empty()) {
    specs.push_back(ImplicitSpec(config));
    index.emplace("", 0);
  } else {
    for (const UplinkConfig& u : config.uplinks.list) {
      index.emplace(u.name, specs.size());
      specs.push_back(ConfiguredSpec(config, u));
    }
  }
  for (std::size_t id = 0; id < targets.size(); ++id) {
    const TargetSpec& t = targets[id];
    const auto it = index.find(t.uplink);
    if (it == index.end()) continue;
    UplinkSpec& s = specs[it->second];
    const auto target_id = static_cast<TargetId>(id);
    if (t.kind == ProbeKind::kIcmp && t.role == TargetRole::kGateway) {
      if (!s.gateway_target) s.gateway_target = target_id;
    } else if (t.kind == ProbeKind::kIcmp) {
      s.ping_targets.push_back(target_id);
    } else if (t.kind == ProbeKind::kHttp) {
      s.http_targets.push_back(target_id);
    }
  }
  return specs;
}

}  // namespace ww
