// POST /api/trigger and GET /api/trigger/status: a manual speed test on the
// scheduler's thread (one at a time) and what it is doing.

#include "api/json_format.h"
#include "api/speedtest_api.h"

namespace ww {
namespace {

Json TimeOrNull(const std::optional<WallTime>& t) { return t ? Json(Iso(*t)) : Json(nullptr); }

Json TextOrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

}  // namespace

HttpResponse HandleTrigger(const ApiContext& context, const HttpRequest& /*request*/) {
  if (!context.speedtest) return SpeedtestUnavailable();
  const TriggerOutcome outcome = context.speedtest->scheduler.Trigger();
  return JsonOk(
      Json{{"status", outcome == TriggerOutcome::kStarted ? "started" : "already_running"}});
}

HttpResponse HandleTriggerStatus(const ApiContext& context, const HttpRequest& /*request*/) {
  if (!context.speedtest) return SpeedtestUnavailable();
  const SpeedtestSchedulerStatus s = context.speedtest->scheduler.status();
  Json body{
      {"is_running", s.running},  // the seed
      {"running", s.running},     // what the seed's own JavaScript example reads
  };
  body["trigger"] = s.running ? TextOrNull(s.trigger) : Json(nullptr);
  body["attempt"] = s.running ? Json(s.attempt) : Json(nullptr);
  body["phase"] = s.running ? TextOrNull(s.phase) : Json(nullptr);
  body["progress"] = s.running ? Number(s.fraction, 3) : Json(nullptr);
  body["current_mbps"] = s.running ? Number(s.mbps, 2) : Json(nullptr);
  body["started_at"] = s.running ? TimeOrNull(s.started_at) : Json(nullptr);
  body["last_run"] = TimeOrNull(s.last_run);
  body["next_run"] = TimeOrNull(s.next_run);
  body["scanning_enabled"] = s.scanning;
  return JsonOk(body);
}

}  // namespace ww
