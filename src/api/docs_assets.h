#pragma once
// The API's own documentation, compiled into the binary at build time from
// docs/api/ (docs.html, docs.css, openapi.json) by docs/api/embed_files.cmake,
// so /docs and /openapi.json work offline with no files at run time. Each
// file is a WebAsset (src/web_assets/web_assets.h): name without directory,
// bytes, content type, a quoted ETag; never gzip-compressed, never immutable.
//
// Thread safety: read-only static data; any thread, any time.

#include <span>
#include <string_view>

#include "web_assets/web_assets.h"

namespace ww {

// Every embedded documentation file, sorted by name (the generated .cpp).
std::span<const WebAsset> DocsAssets();

// The file called `name` ("docs.html", "docs.css", "openapi.json"), or nullptr.
const WebAsset* FindDocsAsset(std::string_view name);

}  // namespace ww
