#include "api/uplink_history_query.h"

#include <vector>

#include "http/query_params.h"

namespace ww {
namespace {

constexpr std::string_view kInvalidParameter = "invalid_parameter";
constexpr std::string_view kUnknownUplink = "unknown_uplink";
constexpr std::string_view kImplicitName = "default";

struct KnownUplink {
  std::string name;  // as shown
  std::string key;
};

// Keeps error messages bounded when a client sends a huge value.
std::string Quote(std::string_view value) {
  constexpr std::size_t kMaxShown = 40;
  if (value.size() <= kMaxShown) return "'" + std::string(value) + "'";
  return "'" + std::string(value.substr(0, kMaxShown)) + "...'";
}

std::vector<KnownUplink> KnownUplinks(const ApiContext& context) {
  std::vector<KnownUplink> out;
  const std::shared_ptr<const Snapshot> snapshot = context.snapshot ? context.snapshot() : nullptr;
  if (snapshot) {
    for (const UplinkStatus& u : snapshot->uplinks) out.push_back({u.name, u.key});
  }
  if (!out.empty()) return out;
  for (const UplinkSpec& spec : context.uplinks) {
    out.push_back(
        {spec.implicit || spec.name.empty() ? std::string(kImplicitName) : spec.name, spec.name});
  }
  // No uplink configured at all: what the store keys the implicit one under.
  if (out.empty()) out.push_back({std::string(kImplicitName), ""});
  return out;
}

const HistoryRange* FindRange(std::string_view text) {
  for (const HistoryRange& r : kHistoryRanges) {
    if (r.label == text) return &r;
  }
  return nullptr;
}

std::string RangeList() {
  std::string out;
  for (const HistoryRange& r : kHistoryRanges) {
    if (!out.empty()) out += ", ";
    out += r.label;
  }
  return out;
}

std::string NameList(const std::vector<KnownUplink>& uplinks) {
  std::string out;
  for (const KnownUplink& u : uplinks) {
    if (!out.empty()) out += ", ";
    out += "'" + u.name + "'";
  }
  return out;
}

std::int64_t FloorTo(std::int64_t t, std::int64_t step) {
  const std::int64_t r = t % step;
  return r < 0 ? t - r - step : t - r;
}

Json Count(std::uint64_t v) { return Json(v); }

}  // namespace

HttpResponse IspError(int status, std::string_view code, std::string_view detail) {
  const Json body = {{"detail", detail}, {"error", code}};
  return HttpResponse::Json(status, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

std::variant<UplinkHistoryRequest, HttpResponse> ParseUplinkHistoryRequest(
    const ApiContext& context, const HttpRequest& request, std::string_view range_text) {
  const HistoryRange* range = FindRange(range_text);
  if (!range) {
    return IspError(400, kInvalidParameter,
                    "invalid query parameter 'range': must be one of " + RangeList() + ", got " +
                        Quote(range_text));
  }
  const std::vector<KnownUplink> uplinks = KnownUplinks(context);
  const std::string_view name = FirstQueryValue(request, "name").value_or("");
  if (name.empty()) {
    if (uplinks.size() > 1) {
      return IspError(400, kInvalidParameter,
                      "query parameter 'name' is required when more than one uplink exists: "
                      "one of " +
                          NameList(uplinks));
    }
    return UplinkHistoryRequest{*range, uplinks.front().name, uplinks.front().key};
  }
  // The name as shown wins over a key that happens to be spelled the same.
  for (const KnownUplink& u : uplinks) {
    if (u.name == name) return UplinkHistoryRequest{*range, u.name, u.key};
  }
  for (const KnownUplink& u : uplinks) {
    if (u.key == name) return UplinkHistoryRequest{*range, u.name, u.key};
  }
  return IspError(404, kUnknownUplink, "Unknown uplink: " + std::string(name));
}

LoadedUplinkHistory LoadUplinkHistory(const Store& store, const UplinkHistoryRequest& request,
                                      WallTime now) {
  const std::int64_t now_ms = ToUnixMillis(now);
  const std::int64_t span_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(request.range.span).count();
  LoadedUplinkHistory out;
  out.from_ms = FloorTo(now_ms - span_ms, kUplinkBucketMs);
  out.to_ms = FloorTo(now_ms, kUplinkBucketMs);
  // Minutes of the open bucket would be ignored: not read at all.
  out.history = BuildUplinkHistory(store.UplinkMinutes(request.key, out.from_ms, out.to_ms),
                                   out.from_ms, now_ms);
  return out;
}

std::array<Json, kBucketFields.size()> BucketValues(const UplinkBucket& b) {
  return {
      Json(Iso(FromUnixMillis(b.start_ms))),
      Json(FloorTo(b.start_ms, 1000) / 1000),
      b.state ? Json(static_cast<int>(*b.state)) : Json(nullptr),
      Json(b.state ? UplinkStateLabel(*b.state) : std::string_view("NO_DATA")),
      Json(b.up_minutes),
      Json(b.degraded_minutes),
      Json(b.down_minutes),
      Json(b.missing_minutes),
      Count(b.samples),
      Count(b.lost),
      b.loss_pct ? Pct(*b.loss_pct) : Json(nullptr),
      Ms(b.avg_ms),
      Ms(b.min_ms),
      Ms(b.max_ms),
  };
}

void AddUplinkHistoryJson(Json& body, const UplinkHistoryRequest& request,
                          const LoadedUplinkHistory& loaded) {
  Json buckets = Json::array();
  buckets.get_ref<Json::array_t&>().reserve(loaded.history.buckets.size());
  for (const UplinkBucket& b : loaded.history.buckets) {
    auto values = BucketValues(b);
    Json bucket = Json::object();
    for (std::size_t i = 0; i < values.size(); ++i) {
      bucket.emplace(std::string(kBucketFields[i]), std::move(values[i]));
    }
    buckets.push_back(std::move(bucket));
  }
  const UplinkHistorySummary& s = loaded.history.summary;
  const auto pct = [](std::optional<double> v) { return v ? Pct(*v) : Json(nullptr); };
  body["range"] = request.range.label;
  body["name"] = request.name;
  body["from"] = Iso(FromUnixMillis(loaded.from_ms));
  body["to"] = Iso(FromUnixMillis(loaded.to_ms));
  body["bucket_seconds"] = kUplinkBucketMs / 1000;
  body["buckets"] = std::move(buckets);
  body["summary"] = {
      {"availability_pct", pct(s.availability_pct)},
      {"strict_up_pct", pct(s.strict_up_pct)},
      {"coverage_pct", Pct(s.coverage_pct)},
      {"up_minutes", s.up_minutes},
      {"degraded_minutes", s.degraded_minutes},
      {"down_minutes", s.down_minutes},
      {"missing_minutes", s.missing_minutes},
      {"outage_count", s.outage_count},
      {"longest_outage_minutes", s.longest_outage_minutes},
      {"avg_latency_ms", Ms(s.avg_ms)},
      {"loss_pct", pct(s.loss_pct)},
  };
}

}  // namespace ww
