#pragma once
// The /logs and /reports pages and downloads, without any HTTP types (the
// handlers in src/api turn these into responses).
//
// Listing pages are CSP-safe: no script, no style element or attribute (the
// server's CSP forbids inline style), plain HTML tables.
// Downloads: a requested name is checked (IsSafeFileName and the expected
// suffix) before anything touches the disk; files are read whole, up to
// kMaxDownloadBytes (a day's ping log at 1 s and 3 targets is about 40 MB).
//
// Thread safety: functions; safe from any thread.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "export/dated_files.h"

namespace ww {

inline constexpr std::uint64_t kMaxDownloadBytes = 256ull << 20;

enum class FileKind { kCsvLog, kReport };

// The HTML page listing `files` (newest first), each linked as
// <href_prefix><name>; reports also get a "download" link (?download=1).
std::string FileListPage(FileKind kind, const std::vector<FileEntry>& files);

// What a request for `name` in `dir` resolves to.
struct FileLookup {
  int status = 200;    // 200, 403 (bad name), 404 (missing), 500 (too large, I/O)
  std::string detail;  // the error message when status != 200
  std::string bytes;
};
FileLookup LookUpFile(const std::filesystem::path& dir, std::string_view name,
                      std::string_view suffix);

}  // namespace ww
