#include "speedtest/speedtest_settings.h"

#include <algorithm>
#include <charconv>

#include "config/validate.h"

namespace ww {
namespace {

constexpr const char* kIntervalKey = "speedtest.interval_minutes";
constexpr const char* kScanningKey = "speedtest.scanning_enabled";
constexpr const char* kExportersKey = "speedtest.enabled_exporters";

const std::string kRange =
    std::to_string(kMinIntervalMinutes) + " and " + std::to_string(kMaxIntervalMinutes);

Result<int> IntervalFrom(const nlohmann::json& v, const std::string& field) {
  const std::string must = field + " must be an integer between " + kRange + " (minutes)";
  if (!v.is_number_integer()) return Result<int>::Error(must);
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    // nlohmann parses every non-negative integer as unsigned.
    if (u < static_cast<std::uint64_t>(kMinIntervalMinutes) ||
        u > static_cast<std::uint64_t>(kMaxIntervalMinutes)) {
      return Result<int>::Error(must);
    }
    return static_cast<int>(u);
  }
  const auto i = v.get<std::int64_t>();
  if (i < kMinIntervalMinutes || i > kMaxIntervalMinutes) return Result<int>::Error(must);
  return static_cast<int>(i);
}

Result<std::vector<std::string>> ExportersFrom(const nlohmann::json& v) {
  using R = Result<std::vector<std::string>>;
  const std::string names = "csv, sqlite, prometheus, loki, influxdb";
  if (!v.is_array())
    return R::Error("enabled_exporters must be a list of exporter names (" + names + ")");
  std::vector<std::string> out;
  for (const nlohmann::json& e : v) {
    if (!e.is_string()) {
      return R::Error("enabled_exporters must contain only strings (" + names + ")");
    }
    const auto& name = e.get_ref<const std::string&>();
    if (!IsExporterName(name)) {
      // The name is the client's text: bounded, so the detail stays short.
      return R::Error("enabled_exporters: unknown exporter '" + name.substr(0, 40) +
                      "' (valid: " + names + ")");
    }
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace

bool SpeedtestSettings::ExporterEnabled(const std::string& name) const {
  return std::find(enabled_exporters.begin(), enabled_exporters.end(), name) !=
         enabled_exporters.end();
}

Result<SpeedtestSettings> ApplySettingsUpdate(const SpeedtestSettings& current,
                                              const nlohmann::json& body) {
  using R = Result<SpeedtestSettings>;
  if (!body.is_object()) return R::Error("body must be a JSON object");
  SpeedtestSettings next = current;
  std::optional<int> interval;
  for (const auto& [key, value] : body.items()) {
    if (key == "interval_minutes" || key == "speedtest_interval_minutes") {
      Result<int> v = IntervalFrom(value, key);
      if (!v) return v.status();
      if (interval && *interval != *v) {
        return R::Error(
            "interval_minutes and speedtest_interval_minutes are the same setting: give one, or "
            "both equal");
      }
      interval = *v;
    } else if (key == "enabled_exporters") {
      Result<std::vector<std::string>> v = ExportersFrom(value);
      if (!v) return v.status();
      next.enabled_exporters = std::move(v).value();
    } else if (key == "scanning_enabled") {
      if (!value.is_boolean()) return R::Error("scanning_enabled must be true or false");
      next.scanning_enabled = value.get<bool>();
    } else {
      return R::Error("unknown field '" + key.substr(0, 60) +
                      "' (valid: interval_minutes, speedtest_interval_minutes, "
                      "enabled_exporters, scanning_enabled)");
    }
  }
  if (interval) next.interval_minutes = *interval;
  return next;
}

std::vector<std::pair<std::string, std::string>> SettingsToStored(const SpeedtestSettings& s) {
  return {{kIntervalKey, std::to_string(s.interval_minutes)},
          {kScanningKey, s.scanning_enabled ? "true" : "false"},
          {kExportersKey, Joined(s.enabled_exporters)}};
}

SpeedtestSettings SettingsFromStored(
    SpeedtestSettings base,
    const std::function<std::optional<std::string>(const std::string& key)>& stored,
    std::vector<std::string>* problems) {
  auto problem = [problems](const std::string& key, const std::string& value) {
    if (problems) problems->push_back("setting " + key + " = '" + value + "' ignored: not valid");
  };
  if (std::optional<std::string> v = stored(kIntervalKey)) {
    int minutes = 0;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), minutes);
    if (ec == std::errc() && end == v->data() + v->size() && minutes >= kMinIntervalMinutes &&
        minutes <= kMaxIntervalMinutes) {
      base.interval_minutes = minutes;
    } else {
      problem(kIntervalKey, *v);
    }
  }
  if (std::optional<std::string> v = stored(kScanningKey)) {
    if (*v == "true" || *v == "false") {
      base.scanning_enabled = *v == "true";
    } else {
      problem(kScanningKey, *v);
    }
  }
  if (std::optional<std::string> v = stored(kExportersKey)) {
    const std::vector<std::string> names = Split(*v);
    if (std::all_of(names.begin(), names.end(),
                    [](const std::string& n) { return IsExporterName(n); })) {
      base.enabled_exporters = names;
    } else {
      problem(kExportersKey, *v);
    }
  }
  return base;
}

}  // namespace ww
