#pragma once
// The speed test settings that can change while the daemon runs (Hermes's
// PUT /api/config): the interval, whether scheduled tests run, and the
// exporters. Their start values come from the config file's [speedtest]
// section; what was stored through the API (the `settings` table) overrides
// them, so a change survives a restart.
//
// Thread safety: pure functions on values.

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace ww {

inline constexpr int kMinIntervalMinutes = 5;
inline constexpr int kMaxIntervalMinutes = 1440;

struct SpeedtestSettings {
  int interval_minutes = 60;     // 5-1440
  bool scanning_enabled = true;  // false: only triggered tests run
  std::vector<std::string> enabled_exporters{"csv", "sqlite"};

  bool ExporterEnabled(const std::string& name) const;
  bool operator==(const SpeedtestSettings&) const = default;
};

// Applies a PUT /api/config body to `current`. The body must be a JSON object
// with any subset of: interval_minutes or speedtest_interval_minutes (the
// seed's examples use both; equal if both are given), an integer 5-1440;
// enabled_exporters, an array of exporter names (csv, sqlite, prometheus,
// loki, influxdb; repeats are dropped); scanning_enabled, a boolean. Any other
// key, wrong type or out-of-range value is an error whose message names the
// field; nothing is applied then.
Result<SpeedtestSettings> ApplySettingsUpdate(const SpeedtestSettings& current,
                                              const nlohmann::json& body);

// The `settings` table form: ("speedtest.interval_minutes", "30"), ...
std::vector<std::pair<std::string, std::string>> SettingsToStored(const SpeedtestSettings& s);

// `base` (the config file's values) with each stored value that is present
// and valid applied. A stored value that is not valid (an edited database) is
// skipped and described in `problems`: the daemon logs it and starts anyway.
SpeedtestSettings SettingsFromStored(
    SpeedtestSettings base,
    const std::function<std::optional<std::string>(const std::string& key)>& stored,
    std::vector<std::string>* problems);

}  // namespace ww
