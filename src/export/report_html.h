#pragma once
// The HTML report page: self-contained (inline CSS and SVG; no script, no
// external resource, no style attributes), dark theme, printable. Every
// string that comes from data (target names, diagnoses) is escaped.
// Contents follow the original's report (SEMANTICS.md §1): score cards,
// detailed statistics, heatmap, latency chart with gateway series,
// distribution, per-target, drops and high-latency tables.
//
// Thread safety: pure function.

#include <string>

#include "export/report_data.h"

namespace ww {

std::string BuildReportHtml(const ReportData& data);

}  // namespace ww
