#pragma once
// Rules of the [outages] section beyond the key ranges of config_schema.cpp:
// targets are host:port and unique, the quorum can be met, enrichment URLs
// are http(s) URLs and the Radar token comes with a Radar URL. Errors name
// the key: "outages.targets[1]: \"x\" is not host:port ...".
// Thread safety: pure function.

#include <string>
#include <vector>

#include "config/config.h"

namespace ww {

void ValidateOutages(const OutagesConfig& outages, std::vector<std::string>& errors);

}  // namespace ww
