#include "export/daily_file.h"

#include <cerrno>
#include <cstring>
#include <system_error>

namespace ww {

DailyFile::DailyFile(std::filesystem::path dir, NameFor name_for, std::string header)
    : dir_(std::move(dir)), name_for_(std::move(name_for)), header_(std::move(header)) {}

void DailyFile::Close() {
  if (file_) std::fclose(file_);
  file_ = nullptr;
}

Status DailyFile::Open(LocalDay day) {
  Close();
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return Status::Error("cannot create " + dir_.string() + ": " + ec.message());
  path_ = dir_ / name_for_(day);
  file_ = std::fopen(path_.c_str(), "ab");
  if (!file_) return Status::Error("cannot open " + path_.string() + ": " + std::strerror(errno));
  day_ = day;
  // "ab" positions at the end: ftell tells whether the file is new (or empty).
  if (std::ftell(file_) == 0 && !header_.empty()) {
    if (std::fwrite(header_.data(), 1, header_.size(), file_) != header_.size()) {
      const int err = errno;
      Close();
      return Status::Error("cannot write " + path_.string() + ": " + std::strerror(err));
    }
  }
  return Status::Ok();
}

Status DailyFile::Append(LocalDay day, std::string_view line) {
  if (!file_ || day != day_) {
    if (Status s = Open(day); !s.ok()) return s;
  }
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size()) {
    const int err = errno;
    Close();
    return Status::Error("cannot write " + path_.string() + ": " + std::strerror(err));
  }
  return Status::Ok();
}

Status DailyFile::Flush() {
  if (!file_) return Status::Ok();
  if (std::fflush(file_) != 0) {
    const int err = errno;
    Close();
    return Status::Error("cannot write " + path_.string() + ": " + std::strerror(err));
  }
  return Status::Ok();
}

}  // namespace ww
