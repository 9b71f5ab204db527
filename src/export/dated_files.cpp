#include "export/dated_files.h"

#include <algorithm>
#include <fstream>
#include <system_error>

namespace ww {

namespace fs = std::filesystem;

bool IsSafeFileName(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '.') return false;
  if (name.find("..") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

std::vector<FileEntry> ListFiles(const fs::path& dir, std::string_view suffix) {
  std::vector<FileEntry> out;
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!IsSafeFileName(name) || !name.ends_with(suffix)) continue;
    std::error_code e2;
    if (!it->is_regular_file(e2) || it->is_symlink(e2)) continue;
    FileEntry f;
    f.name = name;
    f.size = it->file_size(e2);
    if (e2) continue;  // removed meanwhile
    const auto mtime = it->last_write_time(e2);
    if (!e2) f.modified = std::chrono::file_clock::to_sys(mtime);
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(),
            [](const FileEntry& a, const FileEntry& b) { return a.name > b.name; });
  return out;
}

std::optional<LocalDay> DateInName(std::string_view name, std::string_view prefix) {
  if (!name.starts_with(prefix) || name.size() < prefix.size() + 10) return std::nullopt;
  return ParseDay(name.substr(prefix.size(), 10));
}

PruneResult PruneDatedFiles(const fs::path& dir, const std::vector<std::string_view>& prefixes,
                            int keep_days, LocalDay today) {
  PruneResult result;
  const LocalDay oldest_kept = today - std::chrono::days(keep_days);
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  std::vector<fs::path> doomed;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    for (std::string_view prefix : prefixes) {
      const auto day = DateInName(name, prefix);
      if (day && *day < oldest_kept) doomed.push_back(it->path());
    }
  }
  for (const fs::path& p : doomed) {
    std::error_code e;
    if (fs::remove(p, e)) {
      ++result.removed;
    } else if (e) {
      result.errors.push_back("cannot remove " + p.string() + ": " + e.message());
    }
  }
  return result;
}

FileContent ReadWholeFile(const fs::path& path, std::uint64_t max_bytes) {
  FileContent out;
  std::error_code ec;
  const auto status = fs::symlink_status(path, ec);
  if (ec || !fs::is_regular_file(status)) {
    out.failure = ReadFailure::kMissing;
    out.error = "no such file: " + path.filename().string();
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.failure = ReadFailure::kIo;
    out.error = "cannot open " + path.filename().string();
    return out;
  }
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::uint64_t>(std::max<std::streamoff>(0, in.tellg()));
  if (size > max_bytes) {
    out.failure = ReadFailure::kTooLarge;
    out.error = path.filename().string() + " is " + std::to_string(size) +
                " bytes, more than the download limit of " + std::to_string(max_bytes);
    return out;
  }
  in.seekg(0, std::ios::beg);
  out.bytes.resize(size);
  in.read(out.bytes.data(), static_cast<std::streamsize>(size));
  // A log still being appended may have grown: serve what was there at open.
  out.bytes.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
  if (in.bad()) {
    out.failure = ReadFailure::kIo;
    out.error = "cannot read " + path.filename().string();
    out.bytes.clear();
  }
  return out;
}

}  // namespace ww
