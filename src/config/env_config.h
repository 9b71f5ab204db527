#pragma once
// The environment layer: WANWATCH_<SECTION>_<KEY> for every key of config_schema.h
// (e.g. WANWATCH_WEB_PORT, WANWATCH_PROBE_INTERVAL_MS, lists comma separated), the short
// forms WANWATCH_DATA_DIR, WANWATCH_PORT and WANWATCH_LOG_LEVEL, and Hermes's own variables
// read as Hermes reads them: API_KEY (empty = unset), RATE_LIMIT_PER_MINUTE, CORS_ORIGINS
// (comma separated). When two names reach one key, the more specific one wins:
// Hermes name < short form < WANWATCH_<SECTION>_<KEY>.
// Thread safety: pure function of its arguments.

#include "config/environment.h"
#include "config/layered_config.h"

namespace ww {

// Names of the variable that chooses the config file (read by the command line, not here).
inline constexpr std::string_view kConfigFileVariable = "WANWATCH_CONFIG";

// Applies the variables; a bad value is an error naming the variable
// ("WANWATCH_WEB_PORT: expected an integer, got \"http\""), an unknown WANWATCH_* variable a
// warning ("WANWATCH_PROBE_INTERVL_MS: unknown variable, ignored").
void ApplyEnvironment(const Environment& env, LayeredConfig& layered);

}  // namespace ww
