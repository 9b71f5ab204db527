#pragma once
// What /api/health reads about the machine and the process: memory from
// /proc/meminfo, the resident set from /proc/self/status, free space of the
// data dir's file system (statvfs) and the data dir's mode and owner (stat).
//
// The parsers are pure (text in, figures or an error naming the file and
// field out) so they are unit-tested with sample texts; the Read* functions
// are the I/O edges, each a file read or one system call, cheap enough for
// every request.
//
// Thread safety: every function may be called from any thread.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ww {

struct MemoryInfo {
  std::uint64_t total_bytes = 0;
  std::uint64_t available_bytes = 0;  // MemAvailable (kernel's estimate, 3.14+)
};

struct ProcessMemory {
  std::uint64_t rss_bytes = 0;       // VmRSS
  std::uint64_t peak_rss_bytes = 0;  // VmHWM (0 when the kernel does not say)
};

struct DiskSpace {
  std::uint64_t total_bytes = 0;
  std::uint64_t free_bytes = 0;  // available to an unprivileged user (f_bavail)
};

struct DirInfo {
  std::uint32_t mode = 0;  // permission bits incl. setuid/setgid/sticky (07777)
  std::uint32_t owner_uid = 0;
  bool writable = false;  // this process may create files in it (access W_OK|X_OK)
};

// /proc/meminfo: "MemTotal:  24683620 kB" lines. Without MemAvailable (kernels
// before 3.14) available = MemFree + Buffers + Cached. Error when MemTotal is
// missing or a needed value is not a number.
Result<MemoryInfo> ParseMemInfo(std::string_view text);

// /proc/<pid>/status: VmRSS (required) and VmHWM (optional), in kB.
Result<ProcessMemory> ParseProcStatus(std::string_view text);

// "0750", "1777": the permission bits as a 4-digit octal string.
std::string ModeString(std::uint32_t mode);

Result<MemoryInfo> ReadMemoryInfo(const std::filesystem::path& meminfo = "/proc/meminfo");
Result<ProcessMemory> ReadProcessMemory(const std::filesystem::path& status = "/proc/self/status");
Result<DiskSpace> ReadDiskSpace(const std::filesystem::path& dir);
Result<DirInfo> ReadDirInfo(const std::filesystem::path& dir);

}  // namespace ww
