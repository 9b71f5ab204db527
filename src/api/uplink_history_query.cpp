#include "api/uplink_history_query.h"

#include <vector>

#include "api/uplink_bucket_format.h"
#include "api/uplink_history_stream.h"
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

std::string UplinkHistoryBody(Json head, const UplinkHistoryRequest& request, const Store& store,
                              WallTime now) {
  // Field order: everything before the buckets is known before reading them.
  const UplinkHistoryGrid grid = HistoryGridAt(request.range.span, now);
  head["range"] = request.range.label;
  head["name"] = request.name;
  head["from"] = Iso(FromUnixMillis(grid.from_ms));
  head["to"] = Iso(FromUnixMillis(grid.to_ms));
  head["bucket_seconds"] = kUplinkBucketMs / 1000;
  // The buckets go in as text: `head` is an object with fields, so its dump
  // ends in '}' and the rest follows a comma.
  std::string body = head.dump(-1, ' ', false, Json::error_handler_t::replace);
  body.pop_back();
  // About 330 bytes a bucket: one reservation for them all.
  body.reserve(body.size() + 340 * static_cast<std::size_t>(request.range.span.count() / 300) +
               600);
  body += ",\"buckets\":[";
  bool first = true;
  const UplinkHistoryTotals totals =
      StreamUplinkHistory(store, request.key, request.range.span, now, [&](const UplinkBucket& b) {
        if (!first) body += ',';
        first = false;
        AppendBucket(body, b, BucketFormat::kJsonObject);
      });
  const UplinkHistorySummary& s = totals.summary;
  const auto pct = [](std::optional<double> v) { return v ? Pct(*v) : Json(nullptr); };
  const Json summary = {
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
  body += "],\"summary\":";
  body += summary.dump();
  body += '}';
  return body;
}

}  // namespace ww
