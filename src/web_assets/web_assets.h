#pragma once
// The dashboard's files (web/dist), compiled into the binary at build time by
// web/embed.mjs, so the daemon serves its dashboard with no files at run time.
// Names are file names without a directory: "index.html", "app-5XKQ2M7B.js".
// Every file except index.html has a content hash in its name and never changes.
//
// Thread safety: read-only static data; any thread, any time (also before main).

#include <span>
#include <string_view>

namespace ww {

struct WebAsset {
  std::string_view name;
  std::string_view body;
  // The same bytes gzip-compressed; empty when compression would not make it smaller.
  std::string_view gzip_body;
  std::string_view content_type;  // with "; charset=utf-8" for text
  std::string_view etag;          // a quoted strong validator derived from the body
  bool immutable = false;         // content-hashed name: clients may cache it for a year
};

// Every embedded file, sorted by name.
std::span<const WebAsset> WebAssets();

// The file called `name`, or nullptr.
const WebAsset* FindWebAsset(std::string_view name);

}  // namespace ww
