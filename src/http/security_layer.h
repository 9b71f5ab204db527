#pragma once
// The daemon's request security, assembled into Pipeline middleware and
// filters in this order (DESIGN.md §6, issue 3):
//
//   1. CORS pre-flight    OPTIONS + Origin + Access-Control-Request-Method → 204 / 403
//   2. CIDR gate          /logs, /reports, *.csv from outside allowed networks → 403
//   3. failure limiter    a client with too many failed keys → 429 (even with the right key)
//   4. API key            protected methods without the right X-Api-Key → 401 (counted in 3)
//   5. rate limit         protected calls per key (per client when no key is set) → 429
//   filter: CORS headers (Vary: Origin, Access-Control-Allow-Origin) on every response
//
// Security headers are added by the Pipeline itself, after the filters.
// 429 answers carry Retry-After: the seconds until the oldest counted event
// leaves the 60-second window, and say the same in their detail.
//
// Thread safety: the middleware and filters may run on any number of server
// threads at once (the limiters lock internally). `clock` must outlive them.

#include <cstddef>
#include <string>
#include <vector>

#include "config/cidr.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "http/pipeline.h"

namespace ww {

struct SecurityOptions {
  std::string api_key;             // empty: no authentication
  int rate_limit_per_minute = 60;  // protected calls; 0 = off
  int auth_failures_per_minute = 10;
  std::vector<std::string> cors_origins;
  std::vector<Cidr> allowed_networks;
  std::vector<Cidr> trusted_proxies;
  std::size_t max_tracked_clients = 10'000;  // per limiter
};

// The config's values with the networks parsed; an error names the key and entry
// (validation reports these first, so this fails only for an unvalidated config).
Result<SecurityOptions> SecurityOptionsFromConfig(const Config& config);

struct SecurityLayer {
  std::vector<Middleware> middleware;
  std::vector<ResponseFilter> filters;
};

SecurityLayer MakeSecurityLayer(SecurityOptions options, const Clock& clock);

}  // namespace ww
