#pragma once
// Writing a report file: load the period's figures from the store, build the
// page, and write it atomically (a temporary file renamed into place, so the
// /reports listing never serves half a page). Shared by `wanwatch report`
// and the daily ReportScheduler.
//
// Thread safety: functions; safe from any thread (the store's reads are).

#include <filesystem>
#include <string>
#include <string_view>

#include "config/timezone.h"
#include "core/result.h"
#include "export/local_time.h"
#include "export/report_data.h"
#include "store/store.h"

namespace ww {

// <reports_dir>/report_<day>_<label>.html, e.g. report_2026-11-27_24h.html.
std::filesystem::path ReportPath(const std::filesystem::path& reports_dir, LocalDay day,
                                 std::string_view label);

// "UTC", "UTC+05:30", or "local time (UTC+01:00)" for general.timezone "local".
std::string TimezoneLabel(std::string_view timezone, const LocalZone& zone, WallTime at);

// Builds the report of `request` and writes it to `out` (creating its directory).
Status WriteReportFile(const Store& store, const ReportRequest& request,
                       const std::filesystem::path& out);

}  // namespace ww
