// The speed test API's route table (api/speedtest_api.h).

#include "api/speedtest_api.h"

namespace ww {

void RegisterSpeedtestRoutes(Router& router, const ApiContext& context) {
  using HandlerFn = HttpResponse (*)(const ApiContext&, const HttpRequest&);
  const std::tuple<std::string_view, std::string_view, HandlerFn> routes[] = {
      {"GET", "/api/results", &HandleResults},
      {"GET", "/api/results/latest", &HandleLatestResult},
      {"GET", "/api/config", &HandleGetConfig},
      {"PUT", "/api/config", &HandlePutConfig},
      {"POST", "/api/trigger", &HandleTrigger},
      {"GET", "/api/trigger/status", &HandleTriggerStatus},
  };
  for (const auto& [method, path, handler] : routes) {
    router.Add(method, path, [context, handler = handler](const HttpRequest& request) {
      return handler(context, request);
    });
  }
}

}  // namespace ww
