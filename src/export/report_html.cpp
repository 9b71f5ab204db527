#include "export/report_html.h"

#include <string_view>

#include "export/html_text.h"
#include "export/local_time.h"
#include "export/svg_charts.h"

namespace ww {
namespace {

constexpr std::string_view kStyle =
#include "export/report_style.inc"
    ;

// The original's colour thresholds for the score cards.
const char* Level(bool bad, bool warn) { return bad ? "bad" : (warn ? "warn" : "good"); }

std::string Card(std::string_view label, const std::string& value, const char* level,
                 const std::string& sub) {
  return "<div class=\"card\"><div class=\"label\">" + std::string(label) +
         "</div><div class=\"value " + level + "\">" + value + "</div><div class=\"sub\">" + sub +
         "</div></div>\n";
}

std::string Stat(std::string_view label, const std::string& value) {
  return "<div class=\"stat\"><div class=\"label\">" + std::string(label) +
         "</div><div class=\"value\">" + value + "</div></div>\n";
}

std::string Header(const ReportData& d) {
  const ReportRequest& r = d.request;
  const LocalZone& z = *r.zone;
  return "<header><h1>Network Connectivity Report</h1>\n<div class=\"meta\">Period: <strong>" +
         HtmlEscape(r.range_label) + "</strong>, " + HtmlEscape(FormatLocalMinute(r.from, z)) +
         " to " + HtmlEscape(FormatLocalMinute(r.to, z)) + " (" + HtmlEscape(r.timezone_label) +
         ")<br>Generated " + HtmlEscape(FormatLocalMinute(r.generated_at, z)) +
         " by wanwatch</div></header>\n";
}

std::string Cards(const ReportData& d) {
  const double avg = d.avg_ms.value_or(0), jitter = d.jitter_ms.value_or(0);
  std::string out = "<div class=\"cards\">\n";
  out += Card("Health score", std::to_string(d.health_score) + "/100",
              Level(d.health_score < 60, d.health_score < 80), "Grade: " + d.health_grade);
  out += Card("Uptime", FormatFixed(d.uptime_pct, 2) + "%",
              Level(d.uptime_pct < 95, d.uptime_pct < 99),
              std::to_string(d.probes - d.lost) + " / " + std::to_string(d.probes) + " probes");
  out += Card("Avg latency", FormatMs(d.avg_ms) + " ms", Level(avg >= 80, avg >= 30),
              "Baseline: " + (d.baseline_ms ? FormatMs(d.baseline_ms) + " ms" : "N/A"));
  out += Card("Packet loss", FormatFixed(d.loss_pct, 2) + "%",
              Level(d.loss_pct >= 5, d.loss_pct > 0), std::to_string(d.lost) + " probes lost");
  out +=
      Card("Jitter", FormatMs(d.jitter_ms, 2) + " ms", Level(jitter >= 15, jitter >= 5),
           d.jitter_coverage_from
               ? "from " + HtmlEscape(FormatLocalMinute(*d.jitter_coverage_from, *d.request.zone)) +
                     " (raw samples)"
               : "Avg variation");
  out += Card("Drops", std::to_string(d.drops.size()), Level(!d.drops.empty(), false),
              "Total downtime: " + FormatDuration(d.total_downtime_sec));
  return out + "</div>\n";
}

std::string Details(const ReportData& d) {
  std::string out = "<section><h2>Detailed statistics</h2><div class=\"stats\">\n";
  out += Stat("Min latency", FormatMs(d.min_ms) + " ms");
  out += Stat("Max latency", FormatMs(d.max_ms) + " ms");
  out += Stat("P50 latency", FormatMs(d.p50_ms) + " ms");
  out += Stat("P95 latency", FormatMs(d.p95_ms) + " ms");
  out += Stat("P99 latency", FormatMs(d.p99_ms) + " ms");
  out += Stat("Longest drop",
              d.longest_drop ? FormatDuration(d.longest_drop->duration_sec) : std::string("none"));
  out += Stat("Total probes", std::to_string(d.probes));
  return out + "</div></section>\n";
}

std::string Heatmap(const ReportData& d) {
  std::string out =
      "<section><h2>Time-of-day heatmap</h2>\n<p class=\"meta\">Average latency "
      "by hour of day, hours in " +
      HtmlEscape(d.request.timezone_label) +
      ". Green &lt; 30 ms, amber &lt; 60 ms, red above.</p>\n<div class=\"heat\">\n";
  for (int h = 0; h < 24; ++h) {
    const auto& v = d.heatmap[h];
    const char* cls = !v ? "h-none" : (*v < 30 ? "h-good" : (*v < 60 ? "h-warn" : "h-bad"));
    char hour[16];
    std::snprintf(hour, sizeof hour, "%02d:00", h);
    out += "<div class=\"cell " + std::string(cls) + "\"><span>" + hour + "</span><span>" +
           (v ? FormatMs(v) + " ms" : std::string("–")) + "</span></div>\n";
  }
  return out + "</div></section>\n";
}

std::string Charts(const ReportData& d) {
  std::string out = "<div class=\"row2\">\n<section><h2>Latency over time</h2>\n";
  out += LatencyChartSvg(d.chart, *d.request.zone, d.request.high_latency_ms);
  out +=
      "<p class=\"legend\"><span class=\"lat\">━ latency</span> (mean of the connectivity "
      "targets per " +
      FormatDuration(static_cast<double>(d.chart.step.count())) +
      ") &nbsp; <span class=\"gw\">━ gateway</span> &nbsp; <span class=\"thr\">┄ high-latency "
      "threshold " +
      FormatMs(d.request.high_latency_ms, 0) + " ms</span></p></section>\n";
  out += "<section><h2>Latency distribution</h2>\n" + DistributionSvg(d.distribution) +
         "</section>\n</div>\n";
  return out;
}

std::string TargetsTable(const ReportData& d) {
  std::string out = "<section><h2>Per-target statistics</h2>\n";
  if (d.targets.empty())
    return out + "<p class=\"empty\">No probes in this period.</p></section>\n";
  out +=
      "<table><thead><tr><th>Target</th><th>Kind</th><th>Role</th><th>Probes</th><th>Lost</th>"
      "<th>Loss</th><th>Avg</th><th>Min</th><th>Max</th><th>P95</th></tr></thead><tbody>\n";
  for (const ReportTargetRow& t : d.targets) {
    const char* cls =
        t.loss_pct >= 5 ? " class=\"bad\"" : (t.loss_pct > 0 ? " class=\"warn\"" : "");
    out += "<tr" + std::string(cls) + "><td>" + HtmlEscape(t.name) + "</td><td>" +
           HtmlEscape(t.kind) + "</td><td>" + HtmlEscape(t.role) + "</td><td>" +
           std::to_string(t.count) + "</td><td>" + std::to_string(t.lost) + "</td><td>" +
           FormatFixed(t.loss_pct, 2) + "%</td><td>" + FormatMs(t.avg_ms) + " ms</td><td>" +
           FormatMs(t.min_ms) + " ms</td><td>" + FormatMs(t.max_ms) + " ms</td><td>" +
           FormatMs(t.p95_ms) + " ms</td></tr>\n";
  }
  return out + "</tbody></table></section>\n";
}

std::string DropsTable(const ReportData& d) {
  const LocalZone& z = *d.request.zone;
  std::string out = "<section><h2>Drops</h2>\n";
  if (d.drops.empty()) {
    return out + "<p class=\"empty\">No connection drops in this period.</p></section>\n";
  }
  out +=
      "<table><thead><tr><th>Start</th><th>End</th><th>Duration</th><th>Diagnosis</th>"
      "<th>Detail</th></tr></thead><tbody>\n";
  for (const DropRecord& drop : d.drops) {
    const char* cls = drop.duration_sec >= 30 ? " class=\"bad\""
                                              : (drop.duration_sec >= 10 ? " class=\"warn\"" : "");
    out += "<tr" + std::string(cls) + "><td>" + HtmlEscape(FormatLocalTimestamp(drop.start, z)) +
           "</td><td>" +
           (drop.end ? HtmlEscape(FormatLocalTimestamp(*drop.end, z)) : std::string("ongoing")) +
           "</td><td>" + FormatDuration(drop.duration_sec) + " (" +
           FormatFixed(drop.duration_sec, 2) + " s)</td><td>" + HtmlEscape(drop.diagnosis.text) +
           "</td><td>" + HtmlEscape(drop.diagnosis.detail) + "</td></tr>\n";
  }
  return out + "</tbody></table></section>\n";
}

std::string EventsTable(const ReportData& d) {
  const LocalZone& z = *d.request.zone;
  std::string out =
      "<section><h2>High-latency events</h2>\n<p class=\"meta\">Periods whose mean "
      "latency stayed above " +
      FormatMs(d.request.high_latency_ms, 0) + " ms (engine.high_latency_ms).</p>\n";
  if (d.high_latency.empty()) {
    return out + "<p class=\"empty\">No high-latency events in this period.</p></section>\n";
  }
  out +=
      "<table><thead><tr><th>Start</th><th>End</th><th>Duration</th><th>Avg latency</th>"
      "<th>Peak</th></tr></thead><tbody>\n";
  for (const LatencyEvent& e : d.high_latency) {
    out += "<tr><td>" + HtmlEscape(FormatLocalMinute(e.start, z)) + "</td><td>" +
           HtmlEscape(FormatLocalMinute(e.end, z)) + "</td><td>" +
           FormatDuration(std::chrono::duration<double>(e.end - e.start).count()) + "</td><td>" +
           FormatFixed(e.avg_ms, 1) + " ms</td><td>" + FormatFixed(e.peak_ms, 1) +
           " ms</td></tr>\n";
  }
  return out + "</tbody></table></section>\n";
}

}  // namespace

std::string BuildReportHtml(const ReportData& d) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"color-scheme\" content=\"dark light\">\n<title>wanwatch report " +
      HtmlEscape(d.request.range_label) + " – " +
      HtmlEscape(FormatLocalMinute(d.request.to, *d.request.zone)) + "</title>\n<style>" +
      std::string(kStyle) + "</style>\n</head>\n<body>\n<div class=\"container\">\n";
  html += Header(d) + Cards(d) + Details(d) + Heatmap(d) + Charts(d) + TargetsTable(d) +
          DropsTable(d) + EventsTable(d);
  html +=
      "<footer>wanwatch – self-contained report: no scripts, no external resources.</footer>\n"
      "</div>\n</body>\n</html>\n";
  return html;
}

}  // namespace ww
