#pragma once
// Rules of the [alerts] section beyond the key ranges of config_schema.cpp:
// provider URLs are http(s) URLs (syntax and scheme only: the file is trusted,
// and the SSRF guard judges every send against allow_cidrs), allow_cidrs are
// CIDRs, enabled providers have their required fields, ntfy topics fit a URL
// path, tokens and tags hold no control characters (they become headers), and
// the speed test minimums are 0 (off) or positive. Errors name the key:
// "alerts.ntfy.topic: required when alerts.ntfy.enabled is true".
// Thread safety: pure function.

#include <string>
#include <vector>

#include "config/config.h"

namespace ww {

void ValidateAlerts(const AlertsConfig& alerts, std::vector<std::string>& errors);

}  // namespace ww
