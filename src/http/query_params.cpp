#include "http/query_params.h"

#include <charconv>
#include <cmath>
#include <string>

namespace ww {
namespace {

// Keeps error messages bounded when a client sends a huge value.
std::string Quote(std::string_view value) {
  constexpr std::size_t kMaxShown = 40;
  if (value.size() <= kMaxShown) return "'" + std::string(value) + "'";
  return "'" + std::string(value.substr(0, kMaxShown)) + "...'";
}

// 0.5 → "0.5", 10 → "10" (the shortest form that reads back the same).
std::string FormatBound(double v) {
  char text[32];
  const auto [ptr, ec] = std::to_chars(text, text + sizeof text, v);
  return ec == std::errc() ? std::string(text, ptr) : std::to_string(v);
}

}  // namespace

std::optional<std::string_view> FirstQueryValue(const HttpRequest& request, std::string_view name) {
  // lower_bound: the first of equal keys in insertion order (find may return any of them).
  auto it = request.query.lower_bound(std::string(name));
  if (it == request.query.end() || it->first != name) return std::nullopt;
  return std::string_view(it->second);
}

Result<std::optional<std::int64_t>> QueryOptionalInt(const HttpRequest& request,
                                                     std::string_view name, std::int64_t min,
                                                     std::int64_t max) {
  const auto text = FirstQueryValue(request, name);
  if (!text) return std::optional<std::int64_t>();
  std::int64_t value = 0;
  const char* begin = text->data();
  const char* end = begin + text->size();
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end || text->empty() || value < min || value > max) {
    return Status::Error("invalid query parameter '" + std::string(name) +
                         "': must be an integer from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", got " + Quote(*text));
  }
  return std::optional<std::int64_t>(value);
}

Result<std::int64_t> QueryInt(const HttpRequest& request, std::string_view name, std::int64_t min,
                              std::int64_t max, std::int64_t fallback) {
  auto value = QueryOptionalInt(request, name, min, max);
  if (!value.ok()) return value.status();
  return value->value_or(fallback);
}

Result<double> QueryDouble(const HttpRequest& request, std::string_view name, double min,
                           double max, double fallback) {
  const auto text = FirstQueryValue(request, name);
  if (!text) return fallback;
  double value = 0;
  const char* begin = text->data();
  const char* end = begin + text->size();
  // chars_format::fixed: no exponent; from_chars takes no leading '+' or spaces.
  const auto [ptr, ec] = std::from_chars(begin, end, value, std::chars_format::fixed);
  const bool plain = text->find_first_not_of("-.0123456789") == std::string_view::npos;
  if (ec != std::errc() || ptr != end || text->empty() || !plain || !std::isfinite(value) ||
      value < min || value > max) {
    return Status::Error("invalid query parameter '" + std::string(name) +
                         "': must be a number from " + FormatBound(min) + " to " +
                         FormatBound(max) + ", got " + Quote(*text));
  }
  return value;
}

HttpResponse BadRequest(const Status& status) { return HttpResponse::Error(400, status.message()); }

}  // namespace ww
