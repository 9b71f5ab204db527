#pragma once
// `wanwatch report [--range 24h|7d|30d] [--out FILE]`: writes the HTML report
// of the last `range` from the database in the data dir, opened read-only (so
// it runs beside the daemon, WAL lets both proceed), and prints the file's
// path. Default output: <data_dir>/reports/report_<local date>_<range>.html.
//
// Exit codes: 0 written; 2 bad arguments, a bad timezone or no database
// (message on `err`); 1 the file could not be written.
//
// Thread safety: call from main's thread.

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

#include "config/config.h"
#include "core/clock.h"

namespace ww {

struct ReportCommand {
  std::string range = "24h";
  std::optional<std::filesystem::path> out;
};

int RunReportCommand(const ReportCommand& command, const Config& config,
                     const std::filesystem::path& data_dir, const Clock& clock, std::ostream& out,
                     std::ostream& err);

}  // namespace ww
