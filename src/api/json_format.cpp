#include "api/json_format.h"

#include <cmath>
#include <cstdio>

#include "core/time_format.h"

namespace ww {

double RoundTo(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

Json Number(double value, int decimals) {
  if (!std::isfinite(value)) return nullptr;
  return RoundTo(value, decimals);
}

Json Ms(std::optional<double> value) { return value ? Number(*value, 2) : Json(nullptr); }

Json Pct(double value) { return Number(value, 2); }

Json Secs(double value) { return Number(value, 1); }

std::string Iso(WallTime t) { return FormatIso8601(t); }

std::string HumanDuration(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lldh %02lldm %02llds", static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  return buf;
}

Json DropJson(const DropRecord& drop, bool ongoing) {
  return {
      {"start", Iso(drop.start)},
      {"end", drop.end ? Json(Iso(*drop.end)) : Json(nullptr)},
      {"duration_sec", Secs(drop.duration_sec)},
      {"diagnosis", drop.diagnosis.text},
      {"id", drop.id},
      {"diagnosis_code", DiagnosisCodeName(drop.diagnosis.code)},
      {"detail", drop.diagnosis.detail},
      {"ongoing", ongoing},
  };
}

HttpResponse JsonOk(const Json& body) {
  return HttpResponse::Json(200, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

std::shared_ptr<const Snapshot> CurrentSnapshot(const ApiContext& context) {
  std::shared_ptr<const Snapshot> snapshot = context.snapshot ? context.snapshot() : nullptr;
  if (snapshot) return snapshot;
  auto initial = std::make_shared<Snapshot>();
  initial->generated_at = context.clock.WallNow();
  initial->session_start = initial->generated_at;
  return initial;
}

}  // namespace ww
