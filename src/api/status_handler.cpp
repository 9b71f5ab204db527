#include <algorithm>
#include <limits>

#include "api/handlers.h"
#include "api/json_format.h"
#include "api/uplink_json.h"
#include "http/query_params.h"

namespace ww {
namespace {

Json TextOrNull(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

// The seed's fields, with the types it documents.
void AddSeedFields(const Snapshot& s, Json& out) {
  out["health_score"] = std::clamp(s.health_score, 0, 100);
  out["health_grade"] = s.health_grade;
  out["uptime_pct"] = Pct(s.uptime_pct);
  out["packet_loss_pct"] = Pct(s.packet_loss_pct);
  out["avg_latency"] = Ms(s.avg_latency);
  out["min_latency"] = Ms(s.min_latency);
  out["max_latency"] = Ms(s.max_latency);
  out["jitter"] = Ms(s.jitter);
  out["trend"] = s.trend;
  out["total_pings"] = s.total_pings;
  out["diagnosis"] = s.diagnosis.text;
}

// Names the original program's own tools read (SEMANTICS.md §1).
void AddAliases(const ApiContext& context, const Snapshot& s, WallTime now, Json& out) {
  out["uptime"] = Pct(s.uptime_pct);
  out["loss"] = Pct(s.packet_loss_pct);
  out["p95"] = Ms(s.p95);
  out["p99"] = Ms(s.p99);
  out["total_success"] = s.total_success;
  out["drops_count"] = context.store.DropCount();
  out["baseline"] = Ms(s.baseline);
  out["is_down"] = s.is_down;
  out["public_ip"] = nullptr;  // enrichment is a later issue
  out["isp"] = nullptr;
  const std::int64_t session_sec = std::max<std::int64_t>(
      0, std::chrono::duration_cast<std::chrono::seconds>(now - s.session_start).count());
  out["session_start"] = Iso(s.session_start);
  out["session_duration"] = HumanDuration(session_sec);
  out["session_duration_sec"] = session_sec;
}

void AddOurFields(const Snapshot& s, Json& out) {
  out["trend_label"] = s.trend_label;
  out["diagnosis_code"] = DiagnosisCodeName(s.diagnosis.code);
  out["diagnosis_detail"] = s.diagnosis.detail;
  out["p50"] = Ms(s.p50);
  out["window_sec"] = s.window.count();
  out["current_drop"] = s.current_drop ? DropJson(*s.current_drop, true) : Json(nullptr);
  out["drops_this_session"] = s.drops_this_session;
  out["consecutive_failed_rounds"] = s.consecutive_failed_rounds;
  out["gateway"] = s.gateway_address ? TextOrNull(*s.gateway_address) : Json(nullptr);
  out["interface"] = TextOrNull(s.interface);
  out["interface_state"] = TextOrNull(s.interface_state);
  out["generated_at"] = Iso(s.generated_at);
}

Json StatusJson(const ApiContext& context, const Snapshot& snapshot, WallTime now) {
  Json out = Json::object();
  AddSeedFields(snapshot, out);
  AddAliases(context, snapshot, now, out);
  AddOurFields(snapshot, out);
  out["uplinks"] = UplinksJson(snapshot.uplinks);
  return out;
}

HttpResponse BuildStatus(const ApiContext& context, const Snapshot& snapshot, WallTime now) {
  return JsonOk(StatusJson(context, snapshot, now));
}

// ?live=1: the uplinks from a probe round run for this call (or shared with
// concurrent calls, or the previous one when it is recent); the rest as usual.
HttpResponse BuildLiveStatus(const ApiContext& context) {
  const WallTime now = context.clock.WallNow();
  Json out = StatusJson(context, *CurrentSnapshot(context), now);
  Json live = Json::object();
  if (!context.live_rounds) {
    live["ok"] = false;
    live["error"] = "live probing is not available";
    out["live"] = std::move(live);
    return JsonOk(out);
  }
  const LiveAnswer answer = context.live_rounds->Get();
  live["ok"] = answer.round.has_value();
  live["error"] = answer.error.empty() ? Json(nullptr) : Json(answer.error);
  live["shared"] = answer.shared;
  live["reused"] = answer.reused;
  live["min_interval_sec"] =
      Secs(std::chrono::duration<double>(context.live_rounds->min_interval()).count());
  if (answer.round) {
    const LiveRound& round = *answer.round;
    live["started_at"] = Iso(round.started_at);
    live["finished_at"] = Iso(round.finished_at);
    live["age_sec"] =
        Secs(std::chrono::duration<double>(context.clock.WallNow() - round.finished_at).count());
    out["uplinks"] = UplinksJson(round.uplinks);
  }
  out["live"] = std::move(live);
  return JsonOk(out);
}

// live: absent, 0/1 or false/true.
Result<bool> LiveRequested(const HttpRequest& request) {
  const std::optional<std::string_view> v = FirstQueryValue(request, "live");
  if (!v || *v == "0" || *v == "false") return false;
  if (*v == "1" || *v == "true") return true;
  return Result<bool>::Error("live: expected 0, 1, false or true, got \"" + std::string(*v) + "\"");
}

}  // namespace

HttpResponse HandleStatus(const ApiContext& context, const HttpRequest& request) {
  return BuildStatus(context, *CurrentSnapshot(context), context.clock.WallNow());
}

HttpResponse HandleStatusCached(const ApiContext& context, SnapshotResponseCache& cache,
                                const HttpRequest& request) {
  const Result<bool> live = LiveRequested(request);
  if (!live.ok()) return BadRequest(live.status());
  if (*live) return BuildLiveStatus(context);
  std::shared_ptr<const Snapshot> snapshot = context.snapshot ? context.snapshot() : nullptr;
  if (!snapshot) return HandleStatus(context, request);  // before the first tick: rare
  const WallTime now = context.clock.WallNow();
  return cache.Get(snapshot, ToUnixMillis(now) / 1000,
                   [&] { return BuildStatus(context, *snapshot, now); });
}

}  // namespace ww
