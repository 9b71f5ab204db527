#include "api/analysis_json.h"

namespace ww {

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
