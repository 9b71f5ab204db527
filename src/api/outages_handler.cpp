// GET /api/outages and GET /api/outage-status (api/outages_api.h).

#include <cstdint>

#include "api/json_format.h"
#include "api/outages_api.h"
#include "http/query_params.h"

namespace ww {
namespace {

// Pages past this are past the end of any table this daemon could write.
constexpr std::int64_t kMaxPage = 1'000'000'000;

HttpResponse JsonBody(int status, const nlohmann::json& body) {
  return HttpResponse::Json(status,
                            body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

template <typename T>
nlohmann::json OrNull(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json ProbeDetails(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return j.is_array() ? j : nlohmann::json::array();
}

nlohmann::json ProbeResultJson(const OutageProbeResult& p) {
  return {{"target", p.target},
          {"ok", p.ok},
          {"rtt_ms", Ms(p.rtt_ms)},
          {"error", p.error ? nlohmann::json(*p.error) : nlohmann::json(nullptr)}};
}

}  // namespace

nlohmann::json OutageEventJson(const OutageRow& r) {
  return {
      {"id", r.id},
      {"event_type", r.event_type},
      {"timestamp", Iso(r.timestamp)},
      {"duration_seconds", r.duration_seconds ? Number(*r.duration_seconds, 1) : nullptr},
      {"isp_name", OrNull(r.enrichment.isp_name)},
      {"asn", OrNull(r.enrichment.asn)},
      {"bgp_unstable", OrNull(r.enrichment.bgp_unstable)},
      {"cloudflare_outage_desc", OrNull(r.enrichment.cloudflare_outage_desc)},
      {"probe_results", r.probe_results},
      {"event_kind", r.event_kind},
      {"outage_start_time", r.outage_start ? nlohmann::json(Iso(*r.outage_start)) : nullptr},
      {"probe_details", ProbeDetails(r.probe_details)},
      {"uplink", r.uplink},
      {"diagnosis", r.diagnosis},
      {"diagnosis_code", r.diagnosis_code},
  };
}

HttpResponse HandleOutages(const ApiContext& context, const HttpRequest& request) {
  const Result<std::int64_t> page = QueryInt(request, "page", 1, kMaxPage, 1);
  if (!page) return BadRequest(page.status());
  const Result<std::int64_t> page_size = QueryInt(request, "page_size", 1, kMaxOutagesPageSize, 50);
  if (!page_size) return BadRequest(page_size.status());
  if (!context.outages || context.outages->store == nullptr) {
    return HttpResponse::Error(503, "Database not yet available");
  }
  const OutageStore& store = *context.outages->store;
  const Result<std::int64_t> total = store.Count();
  if (!total) return HttpResponse::Error(500, total.error());
  const Result<std::vector<OutageRow>> rows = store.Page((*page - 1) * *page_size, *page_size);
  if (!rows) return HttpResponse::Error(500, rows.error());
  nlohmann::json events = nlohmann::json::array();
  for (const OutageRow& r : *rows) events.push_back(OutageEventJson(r));
  return JsonBody(200, {{"events", std::move(events)},
                        {"total", *total},
                        {"page", *page},
                        {"page_size", *page_size}});
}

HttpResponse HandleOutageStatus(const ApiContext& context, const HttpRequest& /*request*/) {
  if (!context.outages || !context.outages->status) {
    // The monitor is off: nothing is known to be in progress.
    return JsonBody(200, {{"outage_in_progress", false},
                          {"outage_start_time", nullptr},
                          {"enabled", false},
                          {"state", nullptr},
                          {"consecutive_failed_rounds", 0},
                          {"last_round_at", nullptr},
                          {"interval_seconds", nullptr},
                          {"targets", nlohmann::json::array()}});
  }
  const OutageStatus s = context.outages->status();
  nlohmann::json targets = nlohmann::json::array();
  for (std::size_t i = 0; i < s.targets.size(); ++i) {
    if (i < s.last_results.size() && s.last_results[i].target == s.targets[i]) {
      targets.push_back(ProbeResultJson(s.last_results[i]));
    } else {  // not probed yet
      targets.push_back(
          {{"target", s.targets[i]}, {"ok", nullptr}, {"rtt_ms", nullptr}, {"error", nullptr}});
    }
  }
  return JsonBody(
      200, {{"outage_in_progress", s.in_progress},
            {"outage_start_time", s.outage_start ? nlohmann::json(Iso(*s.outage_start)) : nullptr},
            {"enabled", s.enabled},
            {"state", s.state},
            {"consecutive_failed_rounds", s.consecutive_failed_rounds},
            {"rounds", s.rounds},
            {"last_round_at", s.last_round_at ? nlohmann::json(Iso(*s.last_round_at)) : nullptr},
            {"interval_seconds", s.interval_seconds},
            {"targets", std::move(targets)}});
}

void RegisterOutageRoutes(Router& router, const ApiContext& context) {
  router.Get("/api/outages", [context](const HttpRequest& r) { return HandleOutages(context, r); });
  router.Get("/api/outage-status",
             [context](const HttpRequest& r) { return HandleOutageStatus(context, r); });
}

}  // namespace ww
