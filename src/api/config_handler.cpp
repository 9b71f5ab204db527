// GET and PUT /api/config: the speed test settings that change at run time
// (speedtest/speedtest_settings.h), under both of Hermes's interval names,
// plus read-only facts from [speedtest]. A PUT is validated whole, stored
// (synchronous: it survives a crash once answered) and then applied.

#include "api/json_format.h"
#include "api/speedtest_api.h"

namespace ww {
namespace {

Json ConfigBody(const SpeedtestApi& api, const SpeedtestSettings& s) {
  const SpeedtestSchedulerStatus status = api.scheduler.status();
  Json body{
      {"interval_minutes", s.interval_minutes},
      {"speedtest_interval_minutes", s.interval_minutes},
      {"enabled_exporters", s.enabled_exporters},
      {"scanning_enabled", s.scanning_enabled},
      {"servers", api.servers},
      {"protocol", api.protocol},
      {"streams", api.streams},
      {"duration_seconds", api.duration_seconds},
  };
  body["next_run"] = status.next_run ? Json(Iso(*status.next_run)) : Json(nullptr);
  return body;
}

}  // namespace

HttpResponse HandleGetConfig(const ApiContext& context, const HttpRequest& /*request*/) {
  if (!context.speedtest) return SpeedtestUnavailable();
  const SpeedtestApi& api = *context.speedtest;
  return JsonOk(ConfigBody(api, api.scheduler.settings()));
}

HttpResponse HandlePutConfig(const ApiContext& context, const HttpRequest& request) {
  if (!context.speedtest) return SpeedtestUnavailable();
  const SpeedtestApi& api = *context.speedtest;
  const nlohmann::json body =
      nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded())
    return HttpResponse::Error(400, "body must be a JSON object (not valid JSON)");
  bool store_failed = false;
  const Result<SpeedtestSettings> updated =
      api.scheduler.UpdateSettings([&](const SpeedtestSettings& current) {
        Result<SpeedtestSettings> next = ApplySettingsUpdate(current, body);
        if (!next) return next;
        if (Status s = api.results.PutSettings(SettingsToStored(*next)); !s) {
          store_failed = true;
          return Result<SpeedtestSettings>(Status::Error("settings not stored: " + s.message()));
        }
        return next;
      });
  if (!updated) return HttpResponse::Error(store_failed ? 500 : 400, updated.error());
  return JsonOk(ConfigBody(api, *updated));
}

}  // namespace ww
