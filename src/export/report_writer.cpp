#include "export/report_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "export/report_html.h"

namespace ww {

namespace fs = std::filesystem;

fs::path ReportPath(const fs::path& reports_dir, LocalDay day, std::string_view label) {
  return reports_dir / ("report_" + FormatDay(day) + "_" + std::string(label) + ".html");
}

std::string TimezoneLabel(std::string_view timezone, const LocalZone& zone, WallTime at) {
  const std::string offset = FormatUtcOffset(zone.UtcOffsetAt(at));
  if (timezone == "local") return "local time (UTC" + offset + ")";
  if (offset == "+00:00") return "UTC";
  return "UTC" + offset;
}

Status WriteReportFile(const Store& store, const ReportRequest& request, const fs::path& out) {
  auto data = LoadReportData(store, request);
  if (!data.ok()) return data.status();
  const std::string html = BuildReportHtml(*data);
  std::error_code ec;
  if (out.has_parent_path()) fs::create_directories(out.parent_path(), ec);
  if (ec) return Status::Error("cannot create " + out.parent_path().string() + ": " + ec.message());
  const fs::path tmp = out.string() + ".tmp-" + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Status::Error("cannot write " + tmp.string() + ": " + std::strerror(errno));
  const bool written = std::fwrite(html.data(), 1, html.size(), f) == html.size();
  const int write_errno = errno;
  const bool closed = std::fclose(f) == 0;
  if (!written || !closed) {
    fs::remove(tmp, ec);
    return Status::Error("cannot write " + tmp.string() + ": " +
                         std::strerror(written ? errno : write_errno));
  }
  fs::rename(tmp, out, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return Status::Error("cannot write " + out.string() + ": " + ec.message());
  }
  return Status::Ok();
}

}  // namespace ww
