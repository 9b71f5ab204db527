#pragma once
// Text helpers shared by the provider builders: limits counted in characters
// (code points, as Discord and Slack count them), header-safe values, the
// JSON writer that never throws, and the human text of an event.
//
// Thread safety: pure functions.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "notify/alert_event.h"

namespace ww::alert_text {

// At most `max_chars` code points of `s`; a cut string ends in "…" (counted).
// Never splits a UTF-8 sequence.
std::string Truncate(std::string_view s, std::size_t max_chars);
// Code points in `s` (invalid bytes count one each).
std::size_t CharCount(std::string_view s);

// A value for one HTTP header line: control characters (CR, LF, ...) become
// spaces, so no event text can start a header of its own; non-ASCII text is
// RFC 2047 encoded ("=?UTF-8?B?...?="), which ntfy decodes (docs.ntfy.sh/publish,
// "message title": UTF-8 in headers is not safe with every HTTP stack).
std::string HeaderValue(std::string_view s);
std::string Base64(std::string_view bytes);

// Percent-encodes everything but RFC 3986 unreserved characters (a token in a
// query, a topic as one path segment).
std::string PercentEncode(std::string_view s);
// `url` without trailing slashes ("https://ntfy.sh/" -> "https://ntfy.sh").
std::string_view WithoutTrailingSlash(std::string_view url);

// Compact JSON; invalid UTF-8 is replaced by U+FFFD instead of throwing.
std::string DumpJson(const nlohmann::ordered_json& value);

// The event's message followed by its evidence, for plain-text providers:
// "message\n\nuplink: fiber\ndiagnosis: ISP outage\n...". Markdown variant for
// gotify: the evidence as a list with bold names.
std::string PlainBody(const AlertEvent& event);
std::string MarkdownBody(const AlertEvent& event);

// The evidence lines every provider shows, in order: uplink, diagnosis,
// duration, consecutive failures, error, then event.fields. Fields with an
// empty name or value are left out.
std::vector<AlertField> EvidenceFields(const AlertEvent& event);
// "1 h 2 min 5 s", "42 s", "0.4 s".
std::string FormatDuration(double seconds);

}  // namespace ww::alert_text
