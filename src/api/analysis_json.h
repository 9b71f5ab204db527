#pragma once
// Pieces shared by the analysis handlers (api/analysis_api.h): the anomalies
// query, rounded optional numbers and the anomaly flag list.
//
// Thread safety: pure functions.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "api/json_format.h"
#include "core/result.h"
#include "engine/analysis/zscore_anomalies.h"
#include "http/http_types.h"

namespace ww {

// ?limit=&window=&threshold= of both anomalies endpoints, each within its
// range (analysis_api.h), else an error naming it (for a 400).
struct AnomalyQuery {
  std::size_t limit = 0;
  AnomalyOptions options;
};
Result<AnomalyQuery> ParseAnomalyQuery(const HttpRequest& request);

// Rounded to `decimals`; null when missing or not finite.
Json OptionalNumber(std::optional<double> value, int decimals);

// [{metric, value, baseline_mean, baseline_stdev, z_score}], 2 decimals each;
// metric is metric_names[flag.metric].
Json AnomalyFlagsJson(const std::vector<AnomalyFlag>& flags,
                      std::span<const char* const> metric_names);

}  // namespace ww
