#pragma once
// The table of configuration keys: TOML section and key, where the value lives in Config,
// and the range of numeric keys. The TOML reader, the environment reader, the command line,
// validation's range checks and the tests that keep the example file and the docs complete
// all walk this one table, so a key is declared exactly once (besides its struct field).
// Thread safety: the table is immutable; every function here is safe from any thread.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.h"

namespace ww {

// Where one key's value lives. The alternative decides how the key is decoded.
using FieldRef =
    std::variant<std::string*, bool*, int*, std::uint16_t*, double*, std::chrono::milliseconds*,
                 std::chrono::minutes*, std::filesystem::path*, std::vector<std::string>*>;

struct ConfigKey {
  std::string_view section;  // "probe"
  std::string_view name;     // "interval_ms": durations carry their unit in the name
  FieldRef (*field)(Config&);
  // Allowed values of integer-like keys (int, port, durations in the key's unit).
  std::int64_t min = 0;
  std::int64_t max = 0;
  std::size_t kind = 0;  // index of the FieldRef alternative; set by the table

  std::string Path() const;     // "probe.interval_ms"
  std::string EnvName() const;  // "WANWATCH_PROBE_INTERVAL_MS"
  bool IsIntegral() const;      // int, port or duration
  // The rule text of integral keys, e.g. "must be 100-60000".
  std::string RangeRule() const;
};

std::span<const ConfigKey> ConfigKeys();
std::span<const std::string_view> ConfigSections();
const ConfigKey* FindConfigKey(std::string_view section, std::string_view name);
const ConfigKey* FindConfigKeyByPath(std::string_view path);

// [[uplinks]]: an array of tables, one UplinkConfig each, read only from the TOML file (no
// environment variables or flags). Its keys have their own small table; their rules are in
// validation (config/uplinks.h).
inline constexpr std::string_view kUplinksArray = "uplinks";
inline constexpr int kMaxHysteresisRounds = 60;  // hysteresis_rounds: 1-60, here and in defaults

using UplinkFieldRef = std::variant<std::string*, bool*, std::vector<std::string>*,
                                    std::optional<double>*, std::optional<int>*>;

struct UplinkKey {
  std::string_view name;  // "gateway"; an entry's key path is "uplinks[1].gateway"
  UplinkFieldRef (*field)(UplinkConfig&);
};

std::span<const UplinkKey> UplinkKeys();
const UplinkKey* FindUplinkKey(std::string_view name);

// Decodes `text` (an environment variable or a flag value) into the key's field; lists are
// comma separated with blanks trimmed and empty items dropped. On failure returns
// "<label>: <problem>" and leaves the field unchanged; on success returns "".
std::string SetFromText(const ConfigKey& key, Config& config, std::string_view text,
                        std::string_view label);

// Stores an integer into an integral key; returns "<label>: must be MIN-MAX, got V" when the
// value cannot be represented by the field (in-range checks are validation's job).
std::string SetInteger(const ConfigKey& key, Config& config, std::int64_t value,
                       std::string_view label);

// The value of a key as TOML would write it, for summaries and the drift tests.
std::string FormatValue(const ConfigKey& key, const Config& config);

}  // namespace ww
