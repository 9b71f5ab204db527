#pragma once
// Validation of query parameters for handlers. Errors name the parameter and
// what was expected, and become 400 {"detail": "..."}.
//
// A parameter given twice uses its first value. Integers are plain base-10
// ("15", "-3"); "15.0", " 15", "1e3" and values beyond int64 are errors.
//
// Thread safety: pure functions.

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "http/http_types.h"

namespace ww {

// The first value of `name`, if present.
std::optional<std::string_view> FirstQueryValue(const HttpRequest& request, std::string_view name);

// Absent → nullopt; present → an integer within [min, max] or an error.
Result<std::optional<std::int64_t>> QueryOptionalInt(const HttpRequest& request,
                                                     std::string_view name, std::int64_t min,
                                                     std::int64_t max);

// Absent → `fallback`; present → an integer within [min, max] or an error.
Result<std::int64_t> QueryInt(const HttpRequest& request, std::string_view name, std::int64_t min,
                              std::int64_t max, std::int64_t fallback);

// Absent → `fallback`; present → a plain decimal number ("2.5", "3", "-0.5")
// within [min, max], else an error. Exponents, "inf", "nan", hex and
// surrounding spaces are errors.
Result<double> QueryDouble(const HttpRequest& request, std::string_view name, double min,
                           double max, double fallback);

// 400 {"detail": status.message()}.
HttpResponse BadRequest(const Status& status);

}  // namespace ww
