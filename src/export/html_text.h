#pragma once
// Small text helpers for the HTML pages of src/export and the /logs and
// /reports listings: escaping and number formats.
//
// Thread safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ww {

// Escapes & < > " ' so that data (target names, diagnoses) is text in both
// element content and quoted attribute values.
std::string HtmlEscape(std::string_view text);

// "12.3" with `decimals` places (at least 2 below 10 ms when decimals > 0); "–" when missing.
std::string FormatMs(const std::optional<double>& v, int decimals = 1);
std::string FormatFixed(double v, int decimals);
// "1h 2m 3s", "2m 3s", "3s" (the original's format), from seconds.
std::string FormatDuration(double seconds);
// "1.5 MiB", "312 KiB", "12 B".
std::string FormatBytes(std::uint64_t bytes);

}  // namespace ww
