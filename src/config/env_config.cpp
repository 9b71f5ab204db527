#include "config/env_config.h"

#include <array>

namespace ww {
namespace {

struct Alias {
  std::string_view variable;
  std::string_view key_path;
};

// Applied in this order, before the WANWATCH_<SECTION>_<KEY> names, so those win.
constexpr std::array kAliases{
    Alias{"API_KEY", "security.api_key"},
    Alias{"RATE_LIMIT_PER_MINUTE", "security.rate_limit_per_minute"},
    Alias{"CORS_ORIGINS", "security.cors_origins"},
    Alias{"WANWATCH_DATA_DIR", "general.data_dir"},
    Alias{"WANWATCH_PORT", "web.port"},
    Alias{"WANWATCH_LOG_LEVEL", "general.log_level"},
};

// Variables with the WANWATCH_ prefix that are not configuration keys but are known.
constexpr std::array<std::string_view, 1> kOtherKnown{kConfigFileVariable};

void Apply(const ConfigKey& key, std::string_view variable, std::string_view value,
           LayeredConfig& layered) {
  const std::string error = SetFromText(key, layered.config, value, variable);
  if (!error.empty()) {
    layered.errors.push_back(error);
    return;
  }
  layered.MarkSet(key, ConfigLayer::kEnvironment, std::string(variable));
}

bool IsKnownVariable(std::string_view name) {
  for (const Alias& a : kAliases) {
    if (a.variable == name) return true;
  }
  for (std::string_view n : kOtherKnown) {
    if (n == name) return true;
  }
  for (const ConfigKey& k : ConfigKeys()) {
    if (k.EnvName() == name) return true;
  }
  return false;
}

}  // namespace

void ApplyEnvironment(const Environment& env, LayeredConfig& layered) {
  for (const Alias& alias : kAliases) {
    const auto value = GetEnv(env, alias.variable);
    // Hermes treats an empty API_KEY as unset (`os.getenv("API_KEY") or None`).
    if (!value || (alias.variable == "API_KEY" && value->empty())) continue;
    Apply(*FindConfigKeyByPath(alias.key_path), alias.variable, *value, layered);
  }
  for (const ConfigKey& key : ConfigKeys()) {
    const std::string name = key.EnvName();
    if (const auto value = GetEnv(env, name)) Apply(key, name, *value, layered);
  }
  for (auto it = env.lower_bound("WANWATCH_"); it != env.end(); ++it) {
    if (!it->first.starts_with("WANWATCH_")) break;
    if (!IsKnownVariable(it->first)) {
      layered.warnings.push_back(it->first + ": unknown variable, ignored");
    }
  }
}

}  // namespace ww
