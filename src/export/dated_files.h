#pragma once
// The files wanwatch writes into <data_dir>/logs and <data_dir>/reports:
// listing them for /logs and /reports, checking a requested name before it
// touches the file system, and pruning by the date in the name.
//
// A name from a request is only ever looked up in one directory: it must be a
// plain file name (IsSafeFileName) and the entry a regular file, not a link.
//
// Thread safety: functions that touch only the file system; safe from any
// thread (concurrent writers may add or remove files meanwhile).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "export/local_time.h"

namespace ww {

inline constexpr std::string_view kLogsDirName = "logs";
inline constexpr std::string_view kReportsDirName = "reports";

struct FileEntry {
  std::string name;
  std::uint64_t size = 0;
  WallTime modified{};
};

// True for a plain name: 1-255 characters of [A-Za-z0-9._-], not starting with
// '.', without "..". Slashes, backslashes, NUL, "%" and anything else → false.
bool IsSafeFileName(std::string_view name);

// Regular files (not links, not directories) whose name ends with `suffix`
// and is safe, newest name first. A missing directory lists nothing.
std::vector<FileEntry> ListFiles(const std::filesystem::path& dir, std::string_view suffix);

// The date in "<prefix>YYYY-MM-DD<rest>", or nullopt when the name is not of that form.
std::optional<LocalDay> DateInName(std::string_view name, std::string_view prefix);

// Removes files named "<prefix>YYYY-MM-DD..." (for each prefix) whose date is
// more than keep_days before `today`; returns how many were removed. Other
// files are left alone. Errors name the file and stop nothing else.
struct PruneResult {
  int removed = 0;
  std::vector<std::string> errors;
};
PruneResult PruneDatedFiles(const std::filesystem::path& dir,
                            const std::vector<std::string_view>& prefixes, int keep_days,
                            LocalDay today);

// The whole file, if it is at most max_bytes. Errors say which file and why
// (missing, too large, unreadable).
enum class ReadFailure { kNone, kMissing, kTooLarge, kIo };
struct FileContent {
  std::string bytes;
  ReadFailure failure = ReadFailure::kNone;
  std::string error;
};
FileContent ReadWholeFile(const std::filesystem::path& path, std::uint64_t max_bytes);

}  // namespace ww
