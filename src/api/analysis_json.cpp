#include "api/analysis_json.h"

#include "api/analysis_api.h"
#include "http/query_params.h"

namespace ww {

Result<AnomalyQuery> ParseAnomalyQuery(const HttpRequest& request) {
  const Result<std::int64_t> limit =
      QueryInt(request, "limit", 1, kAnomalyLimitMax, kAnomalyLimitDefault);
  if (!limit) return limit.status();
  const Result<std::int64_t> window =
      QueryInt(request, "window", kAnomalyWindowMin, kAnomalyWindowMax, kAnomalyWindowDefault);
  if (!window) return window.status();
  const Result<double> threshold = QueryDouble(request, "threshold", kAnomalyThresholdMin,
                                               kAnomalyThresholdMax, kAnomalyThresholdDefault);
  if (!threshold) return threshold.status();
  return AnomalyQuery{static_cast<std::size_t>(*limit),
                      AnomalyOptions{static_cast<std::size_t>(*window), *threshold}};
}

Json OptionalNumber(std::optional<double> value, int decimals) {
  return value ? Number(*value, decimals) : Json(nullptr);
}

Json AnomalyFlagsJson(const std::vector<AnomalyFlag>& flags,
                      std::span<const char* const> metric_names) {
  Json out = Json::array();
  for (const AnomalyFlag& f : flags) {
    out.push_back({
        {"metric", f.metric < metric_names.size() ? metric_names[f.metric] : "?"},
        {"value", Number(f.value, 2)},
        {"baseline_mean", Number(f.baseline_mean, 2)},
        {"baseline_stdev", Number(f.baseline_stdev, 2)},
        {"z_score", Number(f.z_score, 2)},
    });
  }
  return out;
}

}  // namespace ww
