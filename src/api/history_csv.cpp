#include "api/history_csv.h"

#include <variant>

#include "api/handlers.h"
#include "api/uplink_bucket_format.h"
#include "api/uplink_history_query.h"
#include "api/uplink_history_stream.h"
#include "http/query_params.h"

namespace ww {
namespace {

constexpr std::string_view kLineEnd = "\r\n";

bool IsSafe(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

}  // namespace

std::string UplinkHistoryCsv(const Store& store, const std::string& key, std::chrono::seconds span,
                             WallTime now) {
  std::string out;
  // About 80 bytes a row (90 days: 2.1 MB), reserved once.
  out.reserve(96 * static_cast<std::size_t>(span.count() / 300 + 1));
  for (std::size_t i = 0; i < kBucketFields.size(); ++i) {
    if (i > 0) out += ',';
    out += kBucketFields[i];
  }
  out += kLineEnd;
  StreamUplinkHistory(store, key, span, now, [&out](const UplinkBucket& b) {
    AppendBucket(out, b, BucketFormat::kCsvRow);
    out += kLineEnd;
  });
  return out;
}

std::string HistoryCsvDisposition(std::string_view uplink_name, std::string_view range) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string safe, encoded;
  for (unsigned char c : uplink_name) {
    if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation: one '_' per character
    safe += IsSafe(c) ? static_cast<char>(c) : '_';
  }
  const std::string full =
      "history_" + std::string(uplink_name) + "_" + std::string(range) + ".csv";
  for (unsigned char c : full) {
    if (IsSafe(c)) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return "attachment; filename=\"history_" + safe + "_" + std::string(range) +
         ".csv\"; filename*=UTF-8''" + encoded;
}

HttpResponse HandleHistoryCsv(const ApiContext& context, const HttpRequest& request) {
  const std::string_view range = FirstQueryValue(request, "range").value_or(kDefaultCsvRange);
  auto parsed = ParseUplinkHistoryRequest(context, request, range);
  if (auto* error = std::get_if<HttpResponse>(&parsed)) return std::move(*error);
  const auto& up = std::get<UplinkHistoryRequest>(parsed);
  HttpResponse response{
      200,
      "text/csv; charset=utf-8",
      UplinkHistoryCsv(context.store, up.key, up.range.span, context.clock.WallNow()),
      {}};
  response.headers.emplace_back("Content-Disposition",
                                HistoryCsvDisposition(up.name, up.range.label));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace ww
