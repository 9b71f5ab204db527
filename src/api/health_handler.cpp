// GET /api/health: isp-status's engine integrity checks merged with Hermes's
// health fields (DESIGN.md §1). Always 200: monitoring systems read `ok`.
// The checks and their thresholds are documented in api/health_checks.h.
// Cheap by design: no probing and no table scans. The store's figures are its
// cached Health() (quick_check runs on the store's own thread), the newest
// minute is one index seek, and the 24 h gap scan is cached (HealthState).

#include <algorithm>

#include "api/handlers.h"
#include "api/health_checks.h"
#include "api/health_state.h"
#include "api/json_format.h"
#include "api/speedtest_api.h"

#ifndef WANWATCH_VERSION_STRING
#define WANWATCH_VERSION_STRING "unknown"
#endif

namespace ww {
namespace {

// The uplinks whose minutes are stored: (store key, name as shown).
std::vector<std::pair<std::string, std::string>> StoredUplinks(const ApiContext& context,
                                                               const Snapshot* snapshot) {
  std::vector<std::pair<std::string, std::string>> out;
  auto shown = [snapshot](const std::string& key, const std::string& fallback) {
    if (snapshot) {
      for (const UplinkStatus& u : snapshot->uplinks) {
        if (u.key == key) return u.name;
      }
    }
    return fallback;
  };
  for (const UplinkSpec& spec : context.uplinks) {
    out.emplace_back(spec.name, shown(spec.name, spec.name.empty() ? "default" : spec.name));
  }
  if (out.empty() && snapshot) {
    for (const UplinkStatus& u : snapshot->uplinks) out.emplace_back(u.key, u.name);
  }
  return out;
}

CheckResult ComputeGaps(const ApiContext& context, WallTime now) {
  const std::shared_ptr<const Snapshot> snapshot = context.snapshot ? context.snapshot() : nullptr;
  const std::int64_t to_ms = ToUnixMillis(now);
  const std::int64_t from_ms = to_ms - std::chrono::duration_cast<Millis>(kHealthGapWindow).count();
  const std::int64_t end_ms = GapGridEnd(now);
  std::vector<UplinkGap> gaps;
  for (const auto& [key, name] : StoredUplinks(context, snapshot.get())) {
    gaps.push_back(LargestGap(name, context.store.UplinkMinutes(key, from_ms, to_ms), end_ms));
  }
  return GapsCheck(gaps, now, context.started_at);
}

std::vector<ComponentInput> Components(const ApiContext& context,
                                       const std::optional<ProbeLoopHealth>& loop,
                                       CounterWatch& watch, MonoTime mono) {
  std::vector<ComponentHealth> parts;
  if (loop) {
    ComponentHealth engine;
    engine.name = "engine_queue";
    engine.failures = loop->engine_queue_dropped;
    engine.detail = std::to_string(engine.failures) + " samples dropped (engine behind)";
    parts.push_back(std::move(engine));
  }
  if (context.components) {
    for (ComponentHealth& c : context.components()) parts.push_back(std::move(c));
  }
  std::vector<ComponentInput> out;
  for (ComponentHealth& c : parts) {
    const bool grew = watch.Observe("component:" + c.name, c.failures, mono).recent;
    out.push_back(ComponentInput{std::move(c), grew});
  }
  return out;
}

}  // namespace

HttpResponse HandleHealth(const ApiContext& context, HealthState& state,
                          const HttpRequest& /*request*/) {
  const WallTime now = context.clock.WallNow();
  const MonoTime mono = context.clock.Now();
  const std::optional<ProbeLoopHealth> loop =
      context.probe_loop ? std::optional<ProbeLoopHealth>(context.probe_loop()) : std::nullopt;
  const StoreHealth store = context.store.Health();
  CounterWatch& watch = state.counters();
  const StoreGrowth store_growth{
      watch.Observe("sqlite:write_errors", store.write_errors, mono).recent,
      watch.Observe("sqlite:queue_dropped", store.queue_dropped, mono).recent};
  const SystemReaders& read = state.readers();

  const std::pair<const char*, CheckResult> checks[] = {
      {"history_freshness",
       FreshnessCheck(context.store.NewestUplinkMinute(), now, context.started_at)},
      {"history_gaps", state.Gaps(mono, [&] { return ComputeGaps(context, now); })},
      {"sqlite", SqliteCheck(store, store_growth)},
      {"disk", DiskCheck(context.data_dir, read.disk(context.data_dir))},
      {"memory", MemoryCheck(read.memory())},
      {"process", ProcessCheck(read.process())},
      {"permissions", PermissionsCheck(context.data_dir, read.dir(context.data_dir))},
      {"scheduler", SchedulerCheck(loop, now, context.started_at)},
      {"components", ComponentsCheck(Components(context, loop, watch, mono))},
  };
  bool ok = true;
  Json problems = Json::array();
  for (const auto& [name, check] : checks) {
    ok = ok && check.ok;
    for (const std::string& p : check.problems) problems.push_back(p);
  }
  // Hermes's scheduler is the speed test scheduler: alive and scanning. A
  // process without one (unit tests of the checks) reports the probe loop.
  std::optional<SpeedtestSchedulerStatus> speedtest;
  std::optional<WallTime> last_test;
  if (context.speedtest) {
    speedtest = context.speedtest->scheduler.status();
    const Result<std::optional<SpeedtestResult>> latest = context.speedtest->results.Latest();
    if (latest.ok() && latest->has_value()) last_test = (*latest)->timestamp;
  }
  auto time_or_null = [](const std::optional<WallTime>& t) {
    return t ? Json(Iso(*t)) : Json(nullptr);
  };
  const std::int64_t uptime_s = std::max<std::int64_t>(
      0, std::chrono::duration_cast<std::chrono::seconds>(now - context.started_at).count());
  Json body{
      {"ok", ok},
      // Hermes (seeds/hermes-api.txt): its seed shows only "healthy".
      {"status", ok ? "healthy" : "degraded"},
      {"scheduler_running", speedtest ? speedtest->scanning : (loop && loop->running)},
      {"uptime_seconds", uptime_s},
      {"last_test_timestamp", time_or_null(last_test)},
      {"checked_at", Iso(now)},
      {"problems", std::move(problems)},
  };
  for (const auto& [name, check] : checks) body[name] = check.body;
  // The Hermes code's extra fields (SEMANTICS.md §3).
  // last_run: this process's latest test, else the newest stored one.
  body["last_run"] =
      time_or_null(speedtest && speedtest->last_run ? speedtest->last_run : last_test);
  body["next_run"] = time_or_null(speedtest ? speedtest->next_run : std::nullopt);
  body["version"] = WANWATCH_VERSION_STRING;
  return JsonOk(body);
}

}  // namespace ww
