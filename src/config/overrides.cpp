#include "config/overrides.h"

#include "config/net_syntax.h"
#include "config/text_util.h"
#include "config/validate.h"
#include "core/ip_address.h"

namespace ww {
namespace {

// Decodes a flag's text into `key_path` and applies `check`, a rule on the decoded config that
// returns "" when fine. On failure records "FLAG: problem" and leaves the config as it was.
template <typename Check>
void SetChecked(LayeredConfig& layered, std::string_view key_path, std::string_view flag,
                const std::string& text, Check check) {
  const ConfigKey& key = *FindConfigKeyByPath(key_path);
  Config candidate = layered.config;
  std::string error = SetFromText(key, candidate, text, flag);
  if (error.empty()) {
    const std::string rule = check(candidate);
    if (!rule.empty()) error = std::string(flag) + ": " + rule;
  }
  if (!error.empty()) {
    layered.errors.push_back(std::move(error));
    return;
  }
  layered.config = std::move(candidate);
  layered.MarkSet(key, ConfigLayer::kCommandLine, std::string(flag));
}

std::string PortRule(const Config& c) {
  if (c.web.port != 0) return "";
  return FindConfigKeyByPath("web.port")->RangeRule() + ", got 0";
}

std::string DataDirRule(const Config& c) {
  return c.general.data_dir.empty() ? "must not be empty" : "";
}

std::string GatewayRule(const Config& c) {
  const std::string& v = c.probe.gateway;
  if (v == "auto" || v == "none" || IpAddress::Parse(v)) return "";
  return "must be auto, none or an IP address, got " + Quote(v);
}

std::string LogLevelRule(const Config& c) {
  if (IsLogLevel(c.general.log_level)) return "";
  return "must be one of trace, debug, info, warn, error, off, got " + Quote(c.general.log_level);
}

void ApplyTargets(const std::vector<std::string>& targets, LayeredConfig& layered) {
  bool all_ok = true;
  for (const std::string& t : targets) {
    if (!IsHostOrAddress(t)) {
      layered.errors.push_back("--target: " + Quote(t) + " is not an IP address or host name");
      all_ok = false;
    }
  }
  if (!all_ok) return;
  ProbeConfig& p = layered.config.probe;
  p.targets = targets;
  layered.MarkSet(*FindConfigKeyByPath("probe.targets"), ConfigLayer::kCommandLine, "--target");
  if (!layered.SetByUser("probe.tcp_targets")) p.tcp_targets.clear();
  if (!layered.SetByUser("probe.dns_servers")) p.dns_servers.clear();
  // The outage monitor's defaults are public resolvers too.
  if (!layered.SetByUser("outages.targets")) layered.config.outages.targets.clear();
}

}  // namespace

void ApplyCommandLine(const CommandLineOverrides& flags, LayeredConfig& layered) {
  if (flags.headless) {
    layered.config.general.headless = true;
    layered.MarkSet(*FindConfigKeyByPath("general.headless"), ConfigLayer::kCommandLine,
                    "--headless");
  }
  if (flags.web_port) SetChecked(layered, "web.port", "--web-port", *flags.web_port, PortRule);
  if (flags.data_dir) {
    SetChecked(layered, "general.data_dir", "--data-dir", *flags.data_dir, DataDirRule);
  }
  if (flags.gateway) SetChecked(layered, "probe.gateway", "--gateway", *flags.gateway, GatewayRule);
  if (flags.log_level) {
    SetChecked(layered, "general.log_level", "--log-level", *flags.log_level, LogLevelRule);
  }
  if (!flags.targets.empty()) ApplyTargets(flags.targets, layered);
}

}  // namespace ww
