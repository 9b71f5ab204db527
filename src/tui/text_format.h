#pragma once
// Text helpers of the terminal view: display width, safe truncation and the
// short number, duration and time formats of its cells.
//
// Widths count Unicode code points: target names and diagnoses are Latin
// text, and East Asian wide characters (two columns) are not expected there.
// Thread safety: pure functions.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace ww::tui {

enum class Align { kLeft, kRight };

// Columns `text` takes on screen (code points; invalid bytes count one each).
int DisplayWidth(std::string_view text);

// Makes external text (target names, diagnoses, log lines) safe to paint:
// control characters and invalid UTF-8 become '?', and so does every
// non-ASCII character when the terminal is not UTF-8.
std::string Sanitize(std::string_view text, bool utf8);

// The first `columns` code points of already sanitized text, no ellipsis.
std::string TakeColumns(std::string_view text, int columns);

// At most `width` columns; a cut is marked with "…" (UTF-8) or "~".
std::string Truncate(std::string_view text, int width, bool utf8);

// Exactly `width` columns: sanitized, truncated, then padded on the other side.
std::string Fit(std::string_view text, int width, bool utf8, Align align = Align::kLeft);

// Milliseconds in at most 6 columns: "0.052", "1.25", "12.3", "123", "12345"; "-" when empty.
std::string FormatMs(std::optional<double> ms);
// "0.0%", "12.5%", "100%" with `decimals` places; never rounds a loss to 0 or an
// uptime to 100 (0.01 -> "0.1%", 99.97 -> "99.9%"), so neither hides a problem.
std::string FormatPct(double pct, int decimals = 1);
// "0s", "45s", "3m 05s", "2h 03m", "3d 04h" (negative counts as 0).
std::string FormatDuration(double seconds);
// "2026-11-27 21:02:34" (with_date) or "21:02:34", shifted by `utc_offset`.
std::string FormatClockTime(WallTime t, std::chrono::minutes utc_offset, bool with_date);

}  // namespace ww::tui
