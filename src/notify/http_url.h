#pragma once
// Splits an http(s) URL into the parts the SSRF guard judges and the HTTP
// client sends, strictly: anything the URL readers that matter (curl, browsers)
// could read differently is refused instead of guessed at. Refused: other
// schemes, spaces, control and non-ASCII bytes, backslashes (browsers read
// "\" as "/", curl does not), more than one "@", a missing "//", bad ports.
// A fragment is dropped (never sent). User info ("user:pass@") is reported,
// not kept: the guard refuses it after judging the host it hides.
//
// Thread safety: pure functions.

#include <string>
#include <string_view>

#include "core/result.h"
#include "notify/host_literal.h"

namespace ww {

struct HttpUrlParts {
  std::string scheme;  // "http" or "https", lower case
  UrlHost host;
  int port = 0;                // explicit or the scheme's default
  std::string path_and_query;  // "/" at least; no fragment
  bool has_user_info = false;  // "user@" or "user:pass@" before the host
};

// Errors name the problem, never the path or query (they may hold tokens).
Result<HttpUrlParts> SplitHttpUrl(std::string_view url);

}  // namespace ww
