#pragma once
// Turns the raw parts of an HTTP/1.1 request (target, header fields, peer
// address) into the decoded values of ww::HttpRequest. No Beast here, so the
// rules are unit-tested directly and the fuzz target reaches them too.
//
// Decisions:
// - Percent escapes are decoded in path and query; a malformed escape ("%",
//   "%4", "%zz") is kept literally, as Python's urllib.parse.unquote does.
// - '+' is a space only in the query (application/x-www-form-urlencoded).
// - A path that decodes to a NUL byte, or a target that is neither
//   origin-form ("/x"), absolute-form ("http://h/x") nor "*", is an error.
// - Repeated header fields are joined with ", " (RFC 9110 §5.3).
//
// Thread safety: pure functions.

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/http_types.h"

namespace ww {

std::string PercentDecode(std::string_view in, bool plus_as_space);

// "a=1&b=x%20y&flag" → {a:"1", b:"x y", flag:""}; empty pieces are skipped.
std::multimap<std::string, std::string> ParseQuery(std::string_view query);

// "::ffff:192.0.2.1" → "192.0.2.1"; anything else is returned unchanged.
std::string NormalizePeerAddress(std::string_view address);

// Fills request.path and request.query from request.target.
Status DecodeTarget(HttpRequest& request);

// Adds a header with its name lower-cased, joining repeats.
void AddHeader(HttpRequest& request, std::string_view name, std::string_view value);

}  // namespace ww
