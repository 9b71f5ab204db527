#include "export/svg_charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

#include "export/html_text.h"
#include "export/local_time.h"

namespace ww {
namespace {

constexpr double kWidth = 960, kHeight = 280;
constexpr double kLeft = 56, kRight = 12, kTop = 14, kBottom = 34;
constexpr const char* kLatencyColour = "#38bdf8";
constexpr const char* kGatewayColour = "#a78bfa";

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// 1, 2, 5 × 10^k at or above v.
double NiceCeil(double v) {
  if (v <= 0) return 10;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= v) return m * p;
  }
  return 10 * p;
}

std::string Polylines(const HistorySeries& s, const std::vector<std::optional<double>>& values,
                      double y_max, const char* colour) {
  const double w = kWidth - kLeft - kRight, h = kHeight - kTop - kBottom;
  const std::size_t n = std::min(s.times.size(), values.size());
  const double span = n > 1 ? static_cast<double>(n - 1) : 1.0;
  std::string out, points, last;
  int run = 0;
  auto flush = [&] {
    if (run == 1) {  // a lone point: a polyline of one point draws nothing
      const std::size_t comma = last.find(',');
      out += "<circle cx=\"" + last.substr(0, comma) + "\" cy=\"" + last.substr(comma + 1) +
             "\" r=\"2\" fill=\"" + std::string(colour) + "\"/>\n";
    } else if (!points.empty()) {
      out += "<polyline fill=\"none\" stroke=\"" + std::string(colour) +
             "\" stroke-width=\"1.5\" points=\"" + points + "\"/>\n";
    }
    points.clear();
    run = 0;
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (!values[i]) {
      flush();
      continue;
    }
    const double x = kLeft + w * static_cast<double>(i) / span;
    const double y = kTop + h * (1.0 - std::min(*values[i], y_max) / y_max);
    if (!points.empty()) points += ' ';
    last = Num(x) + "," + Num(y);
    points += last;
    ++run;
  }
  flush();
  return out;
}

std::string Axes(const HistorySeries& s, const LocalZone& zone, double y_max) {
  const double w = kWidth - kLeft - kRight, h = kHeight - kTop - kBottom;
  std::string out;
  for (int i = 0; i <= 4; ++i) {
    const double y = kTop + h * i / 4.0;
    out += "<line x1=\"" + Num(kLeft) + "\" x2=\"" + Num(kWidth - kRight) + "\" y1=\"" + Num(y) +
           "\" y2=\"" + Num(y) + "\" stroke=\"#334155\" stroke-width=\"1\"/>\n";
    out += "<text x=\"" + Num(kLeft - 6) + "\" y=\"" + Num(y + 4) +
           "\" text-anchor=\"end\" fill=\"#94a3b8\" font-size=\"11\">" +
           FormatFixed(y_max * (4 - i) / 4.0, y_max < 1 ? 2 : (y_max < 10 ? 1 : 0)) +
           " ms</text>\n";
  }
  const std::size_t n = s.times.size();
  if (n == 0) return out;
  for (int i = 0; i <= 4; ++i) {
    const std::size_t idx =
        std::min(n - 1, static_cast<std::size_t>(std::llround((n - 1) * i / 4.0)));
    const double x = kLeft + w * i / 4.0;
    const std::string label = FormatLocalMinute(s.times[idx], zone).substr(5);  // "MM-DD HH:MM"
    const char* anchor = i == 0 ? "start" : (i == 4 ? "end" : "middle");
    out += "<text x=\"" + Num(x) + "\" y=\"" + Num(kHeight - 10) + "\" text-anchor=\"" + anchor +
           "\" fill=\"#94a3b8\" font-size=\"11\">" + HtmlEscape(label) + "</text>\n";
  }
  return out;
}

}  // namespace

std::string LatencyChartSvg(const HistorySeries& series, const LocalZone& zone,
                            double threshold_ms) {
  double top = 0;
  bool any = false;
  for (const auto* list : {&series.latency, &series.gateway}) {
    for (const auto& v : *list) {
      if (!v) continue;
      any = true;
      top = std::max(top, *v);
    }
  }
  std::string svg =
      "<svg class=\"chart\" viewBox=\"0 0 960 280\" role=\"img\" "
      "aria-label=\"Latency over time\">\n"
      "<title>Latency over time (ms)</title>\n";
  if (!any) {
    svg +=
        "<text x=\"480\" y=\"140\" text-anchor=\"middle\" fill=\"#94a3b8\" "
        "font-size=\"14\">No latency data in this period</text>\n</svg>\n";
    return svg;
  }
  const double y_max = NiceCeil(top * 1.05);
  svg += Axes(series, zone, y_max);
  if (threshold_ms > 0 && threshold_ms < y_max) {
    const double y = kTop + (kHeight - kTop - kBottom) * (1.0 - threshold_ms / y_max);
    svg += "<line x1=\"" + Num(kLeft) + "\" x2=\"" + Num(kWidth - kRight) + "\" y1=\"" + Num(y) +
           "\" y2=\"" + Num(y) + "\" stroke=\"#ef4444\" stroke-dasharray=\"4 4\"/>\n";
  }
  svg += Polylines(series, series.gateway, y_max, kGatewayColour);
  svg += Polylines(series, series.latency, y_max, kLatencyColour);
  svg += "</svg>\n";
  return svg;
}

std::string DistributionSvg(const std::array<double, 6>& counts) {
  static const char* kLabels[] = {"0–10", "10–25", "25–50", "50–100", "100–200", "200+"};
  const double total = std::max(1.0, *std::max_element(counts.begin(), counts.end()));
  const double w = 420, h = 260, top = 20, bottom = 36, gap = 10;
  const double bar = (w - gap * 7) / 6;
  std::string svg =
      "<svg class=\"chart\" viewBox=\"0 0 420 260\" role=\"img\" "
      "aria-label=\"Latency distribution\">\n"
      "<title>Latency distribution (probes per bucket, ms)</title>\n";
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double x = gap + static_cast<double>(i) * (bar + gap);
    const double bh = (h - top - bottom) * counts[i] / total;
    const double y = h - bottom - bh;
    svg += "<rect x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" width=\"" + Num(bar) + "\" height=\"" +
           Num(bh) + "\" fill=\"#38bdf8\" rx=\"3\"/>\n";
    svg += "<text x=\"" + Num(x + bar / 2) + "\" y=\"" + Num(y - 5) +
           "\" text-anchor=\"middle\" fill=\"#e2e8f0\" font-size=\"11\">" +
           FormatFixed(std::round(counts[i]), 0) + "</text>\n";
    svg += "<text x=\"" + Num(x + bar / 2) + "\" y=\"" + Num(h - 14) +
           "\" text-anchor=\"middle\" fill=\"#94a3b8\" font-size=\"11\">" + kLabels[i] +
           "</text>\n";
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace ww
