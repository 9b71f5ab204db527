#pragma once
// JSON pieces shared by the analysis handlers (api/analysis_api.h): rounded
// optional numbers and the anomaly flag list.
//
// Thread safety: pure functions.

#include <optional>
#include <span>
#include <vector>

#include "api/json_format.h"
#include "engine/analysis/zscore_anomalies.h"

namespace ww {

// Rounded to `decimals`; null when missing or not finite.
Json OptionalNumber(std::optional<double> value, int decimals);

// [{metric, value, baseline_mean, baseline_stdev, z_score}], 2 decimals each;
// metric is metric_names[flag.metric].
Json AnomalyFlagsJson(const std::vector<AnomalyFlag>& flags,
                      std::span<const char* const> metric_names);

}  // namespace ww
