#pragma once
// One append-only CSV file per local day ("ping_log_<day>.csv"): opened on
// the first row of a day (created with its header row when new or empty),
// buffered by stdio and flushed when the owner says so, closed when the day
// changes. A failed open or write closes the file so that the next row
// retries; the caller counts and reports the error.
//
// Thread safety: none; owned by the CSV writer thread.

#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "export/local_time.h"

namespace ww {

class DailyFile {
 public:
  using NameFor = std::function<std::string(LocalDay)>;
  DailyFile(std::filesystem::path dir, NameFor name_for, std::string header);
  ~DailyFile() { Close(); }
  DailyFile(const DailyFile&) = delete;
  DailyFile& operator=(const DailyFile&) = delete;

  // Appends one formatted line (with its line end) to the file of `day`.
  Status Append(LocalDay day, std::string_view line);
  Status Flush();
  void Close();

 private:
  Status Open(LocalDay day);

  std::filesystem::path dir_;
  NameFor name_for_;
  std::string header_;
  std::FILE* file_ = nullptr;
  LocalDay day_{};
  std::filesystem::path path_;
};

}  // namespace ww
