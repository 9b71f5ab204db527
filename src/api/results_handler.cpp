// GET /api/results and /api/results/latest: stored speed test results, newest
// first, in the seed's shape (results[], pagination{}, source) plus the
// original code's flat total/page/page_size.

#include <cstdint>
#include <limits>

#include "api/json_format.h"
#include "api/speedtest_api.h"
#include "http/query_params.h"
#include "speedtest/result_json.h"

namespace ww {
namespace {

// Pages past this are past the end of any table this daemon could write.
constexpr std::int64_t kMaxPage = 1'000'000'000;

HttpResponse JsonBody(int status, const nlohmann::json& body) {
  return HttpResponse::Json(status,
                            body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

HttpResponse SpeedtestUnavailable() {
  return HttpResponse::Error(503, "speed tests are not available in this process");
}

HttpResponse HandleResults(const ApiContext& context, const HttpRequest& request) {
  if (!context.speedtest) return SpeedtestUnavailable();
  const Result<std::int64_t> page = QueryInt(request, "page", 1, kMaxPage, 1);
  if (!page) return BadRequest(page.status());
  const Result<std::int64_t> page_size = QueryInt(request, "page_size", 1, kMaxResultsPageSize, 50);
  if (!page_size) return BadRequest(page_size.status());

  const SpeedtestResultsStore& store = context.speedtest->results;
  const Result<std::int64_t> total = store.Count();
  if (!total) return HttpResponse::Error(500, total.error());
  if (*total == 0) return HttpResponse::Error(404, "No results available");
  const std::int64_t total_pages = (*total + *page_size - 1) / *page_size;
  if (*page > total_pages) {
    return HttpResponse::Error(404, "Page " + std::to_string(*page) + " is out of range (" +
                                        std::to_string(total_pages) + " pages of " +
                                        std::to_string(*page_size) + ")");
  }
  const Result<std::vector<SpeedtestResult>> rows =
      store.Page((*page - 1) * *page_size, *page_size);
  if (!rows) return HttpResponse::Error(500, rows.error());

  nlohmann::json results = nlohmann::json::array();
  for (const SpeedtestResult& r : *rows) results.push_back(SpeedtestResultJson(r));
  nlohmann::json body;
  body["results"] = std::move(results);
  body["pagination"] = {
      {"page", *page}, {"page_size", *page_size}, {"total", *total}, {"total_pages", total_pages}};
  body["source"] = "sqlite";
  body["total"] = *total;
  body["page"] = *page;
  body["page_size"] = *page_size;
  return JsonBody(200, body);
}

HttpResponse HandleLatestResult(const ApiContext& context, const HttpRequest& /*request*/) {
  if (!context.speedtest) return SpeedtestUnavailable();
  const Result<std::optional<SpeedtestResult>> latest = context.speedtest->results.Latest();
  if (!latest) return HttpResponse::Error(500, latest.error());
  if (!latest->has_value()) return HttpResponse::Error(404, "No results available");
  return JsonBody(200, SpeedtestResultJson(**latest));
}

}  // namespace ww
