#include "api/system_stats.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

namespace ww {
namespace {

constexpr std::uint64_t kKiB = 1024;

// "Name:   1234 kB" lines → name → kB. Lines that do not have this shape are
// skipped (the files carry other fields, e.g. "Name:\twanwatch").
std::map<std::string_view, std::string_view> Fields(std::string_view text) {
  std::map<std::string_view, std::string_view> out;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    std::string_view value = line.substr(colon + 1);
    const std::size_t first = value.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    value = value.substr(first);
    out.emplace(line.substr(0, colon), value);
  }
  return out;
}

// "1234 kB" → bytes; nullopt when it is not a number of kB (or overflows).
std::optional<std::uint64_t> KbToBytes(std::string_view value) {
  std::uint64_t kb = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), kb);
  if (ec != std::errc() || ptr == value.data()) return std::nullopt;
  std::string_view unit(ptr, static_cast<std::size_t>(value.data() + value.size() - ptr));
  const std::size_t first = unit.find_first_not_of(" \t");
  unit = first == std::string_view::npos ? std::string_view{} : unit.substr(first);
  while (!unit.empty() && (unit.back() == ' ' || unit.back() == '\t' || unit.back() == '\r')) {
    unit.remove_suffix(1);
  }
  if (unit != "kB") return std::nullopt;
  if (kb > std::numeric_limits<std::uint64_t>::max() / kKiB) return std::nullopt;
  return kb * kKiB;
}

// The field's bytes, or an error naming the file and the field.
Result<std::uint64_t> Required(const std::map<std::string_view, std::string_view>& fields,
                               std::string_view file, std::string_view name) {
  const auto it = fields.find(name);
  if (it == fields.end()) {
    return Result<std::uint64_t>::Error(std::string(file) + ": no " + std::string(name) + " line");
  }
  const std::optional<std::uint64_t> bytes = KbToBytes(it->second);
  if (!bytes) {
    return Result<std::uint64_t>::Error(std::string(file) + ": " + std::string(name) + " is '" +
                                        std::string(it->second) + "', not a number of kB");
  }
  return *bytes;
}

Result<std::string> ReadSmallFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Result<std::string>::Error(path.string() + ": cannot open: " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Result<MemoryInfo> ParseMemInfo(std::string_view text) {
  const auto fields = Fields(text);
  constexpr std::string_view kFile = "/proc/meminfo";
  Result<std::uint64_t> total = Required(fields, kFile, "MemTotal");
  if (!total.ok()) return total.status();
  MemoryInfo info;
  info.total_bytes = *total;
  if (fields.count("MemAvailable") > 0) {
    Result<std::uint64_t> available = Required(fields, kFile, "MemAvailable");
    if (!available.ok()) return available.status();
    info.available_bytes = *available;
    return info;
  }
  for (const std::string_view name : {"MemFree", "Buffers", "Cached"}) {
    Result<std::uint64_t> part = Required(fields, kFile, name);
    if (!part.ok()) return part.status();
    info.available_bytes += *part;
  }
  return info;
}

Result<ProcessMemory> ParseProcStatus(std::string_view text) {
  const auto fields = Fields(text);
  constexpr std::string_view kFile = "/proc/self/status";
  Result<std::uint64_t> rss = Required(fields, kFile, "VmRSS");
  if (!rss.ok()) return rss.status();
  ProcessMemory m;
  m.rss_bytes = *rss;
  if (fields.count("VmHWM") > 0) {
    Result<std::uint64_t> peak = Required(fields, kFile, "VmHWM");
    if (!peak.ok()) return peak.status();
    m.peak_rss_bytes = *peak;
  }
  return m;
}

std::string ModeString(std::uint32_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

Result<MemoryInfo> ReadMemoryInfo(const std::filesystem::path& meminfo) {
  Result<std::string> text = ReadSmallFile(meminfo);
  if (!text.ok()) return text.status();
  return ParseMemInfo(*text);
}

Result<ProcessMemory> ReadProcessMemory(const std::filesystem::path& status) {
  Result<std::string> text = ReadSmallFile(status);
  if (!text.ok()) return text.status();
  return ParseProcStatus(*text);
}

Result<DiskSpace> ReadDiskSpace(const std::filesystem::path& dir) {
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) != 0) {
    return Result<DiskSpace>::Error(dir.string() + ": statvfs failed: " + std::strerror(errno));
  }
  const std::uint64_t unit = fs.f_frsize != 0 ? fs.f_frsize : fs.f_bsize;
  DiskSpace d;
  d.total_bytes = static_cast<std::uint64_t>(fs.f_blocks) * unit;
  d.free_bytes = static_cast<std::uint64_t>(fs.f_bavail) * unit;
  return d;
}

Result<DirInfo> ReadDirInfo(const std::filesystem::path& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    return Result<DirInfo>::Error(dir.string() + ": stat failed: " + std::strerror(errno));
  }
  if (!S_ISDIR(st.st_mode)) return Result<DirInfo>::Error(dir.string() + ": not a directory");
  DirInfo info;
  info.mode = static_cast<std::uint32_t>(st.st_mode & 07777);
  info.owner_uid = static_cast<std::uint32_t>(st.st_uid);
  info.writable = ::access(dir.c_str(), W_OK | X_OK) == 0;
  return info;
}

}  // namespace ww
