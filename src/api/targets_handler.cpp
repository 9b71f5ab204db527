#include "api/handlers.h"
#include "api/json_format.h"

namespace ww {
namespace {

Json TargetJson(const TargetStats& t) {
  const Json loss = Pct(t.loss_pct);
  const Json avg = Ms(t.avg_ms), min = Ms(t.min_ms), max = Ms(t.max_ms);
  return {
      // The seed's fields.
      {"target", t.address.empty() ? t.name : t.address},
      {"loss_pct", loss},
      {"avg_ms", avg},
      {"min_ms", min},
      {"max_ms", max},
      {"total_pings", t.total_pings},
      // Ours.
      {"name", t.name},
      {"kind", ToString(t.kind)},
      {"role", ToString(t.role)},
      {"jitter_ms", Ms(t.jitter_ms)},
      {"p50_ms", Ms(t.p50_ms)},
      {"p95_ms", Ms(t.p95_ms)},
      {"p99_ms", Ms(t.p99_ms)},
      {"total_success", t.total_success},
      {"window_count", t.window_count},
      {"window_lost", t.window_lost},
      // The original program's names.
      {"sent", t.total_pings},
      {"ok", t.total_success},
      {"loss", loss},
      {"avg", avg},
      {"min", min},
      {"max", max},
  };
}

}  // namespace

HttpResponse HandleTargets(const ApiContext& context, const HttpRequest& request) {
  const std::shared_ptr<const Snapshot> snapshot = CurrentSnapshot(context);
  Json out = Json::array();
  for (const TargetStats& target : snapshot->targets) out.push_back(TargetJson(target));
  return JsonOk(out);
}

HttpResponse HandleTargetsCached(const ApiContext& context, SnapshotResponseCache& cache,
                                 const HttpRequest& request) {
  std::shared_ptr<const Snapshot> snapshot = context.snapshot ? context.snapshot() : nullptr;
  if (!snapshot) return HandleTargets(context, request);
  return cache.Get(snapshot, 0, [&] { return HandleTargets(context, request); });
}

}  // namespace ww
