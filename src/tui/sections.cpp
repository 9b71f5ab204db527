#include "tui/sections.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "tui/sparkline.h"
#include "tui/target_table.h"
#include "tui/text_format.h"

namespace ww::tui {
namespace {

constexpr double kHighLatencyMs = 100;  // the engine's default "High latency" threshold

double SecondsBetween(WallTime from, WallTime to) {
  return std::chrono::duration<double>(to - from).count();
}

std::string Separator(bool utf8) { return utf8 ? " \u2502 " : " | "; }

Tone UptimeTone(double pct) {
  if (pct >= 99.9) return Tone::kGood;
  return pct >= 99 ? Tone::kWarn : Tone::kBad;
}

Tone TrendTone(const std::string& trend) {
  if (trend == "degrading") return Tone::kWarn;
  return trend == "improving" ? Tone::kGood : Tone::kNormal;
}

Tone LatencyTone(std::optional<double> ms) {
  return ms && *ms > kHighLatencyMs ? Tone::kWarn : Tone::kNormal;
}

std::string Utf8Safe(const std::string& text, const ViewData& data) {
  return Sanitize(text, data.utf8);
}

}  // namespace

int SparkInfoWidth(int width) { return width >= 80 ? 26 : 14; }

Tone DiagnosisTone(const Snapshot& snapshot) {
  if (snapshot.is_down) return Tone::kBad;
  switch (snapshot.diagnosis.code) {
    case DiagnosisCode::kAllClear:
      return Tone::kGood;
    case DiagnosisCode::kInitializing:
      return Tone::kDim;
    case DiagnosisCode::kLocalNetwork:
    case DiagnosisCode::kUpstream:
      return Tone::kBad;
    default:
      return Tone::kWarn;
  }
}

Tone GradeTone(int health_score) {
  if (health_score >= 80) return Tone::kGood;
  return health_score >= 60 ? Tone::kWarn : Tone::kBad;
}

Line HeaderLine(const ViewData& data, int width) {
  const Snapshot* snap = data.snapshot.get();
  Line line;
  line.Add(" wanwatch ", Tone::kTitle).Add(Utf8Safe(data.version, data), Tone::kDim);
  line.Add(Separator(data.utf8), Tone::kDim);
  if (!snap) {
    line.Add("starting", Tone::kDim);
  } else {
    line.Add("session " + FormatDuration(SecondsBetween(snap->session_start, data.now)));
    line.Add(Separator(data.utf8), Tone::kDim);
    if (snap->is_down) line.Add("DOWN", Tone::kAlert).Add(" ");
    line.Add(Utf8Safe(snap->diagnosis.text, data), DiagnosisTone(*snap));
    if (!snap->diagnosis.detail.empty()) {
      line.Add(" (" + Utf8Safe(snap->diagnosis.detail, data) + ")", Tone::kDim);
    }
  }
  const std::string clock = FormatClockTime(data.now, data.utc_offset, false);
  Line out = FitLine(std::move(line), width - DisplayWidth(clock) - 2, data.utf8);
  out.Add(" " + clock + " ", Tone::kDim);
  return FitLine(std::move(out), width, data.utf8);
}

Line HealthLine(const ViewData& data, int width) {
  const Snapshot* snap = data.snapshot.get();
  Line line;
  if (!snap) {
    line.Add(data.utf8 ? " Waiting for the first probe round\u2026"
                       : " Waiting for the first "
                         "probe round...",
             Tone::kDim);
    return FitLine(std::move(line), width, data.utf8);
  }
  line.Add(" Health ", Tone::kDim)
      .Add(std::to_string(snap->health_score) + " " + Utf8Safe(snap->health_grade, data),
           GradeTone(snap->health_score));
  line.Add("   Uptime ", Tone::kDim)
      .Add(FormatPct(snap->uptime_pct, 2), UptimeTone(snap->uptime_pct));
  line.Add("   Loss ", Tone::kDim)
      .Add(FormatPct(snap->packet_loss_pct), LossTone(snap->packet_loss_pct));
  line.Add("   Trend ", Tone::kDim)
      .Add(Utf8Safe(snap->trend, data) + " (" + Utf8Safe(snap->trend_label, data) + ")",
           TrendTone(snap->trend));
  return FitLine(std::move(line), width, data.utf8);
}

Line LatencyLine(const ViewData& data, int width) {
  const Snapshot* snap = data.snapshot.get();
  Line line;
  if (snap) {
    line.Add(" Latency ", Tone::kDim)
        .Add("avg " + FormatMs(snap->avg_latency), LatencyTone(snap->avg_latency))
        .Add("  min " + FormatMs(snap->min_latency) + "  max " + FormatMs(snap->max_latency) +
             " ms");
    line.Add("   Jitter ", Tone::kDim).Add(FormatMs(snap->jitter) + " ms");
    line.Add("   P95 ", Tone::kDim).Add(FormatMs(snap->p95) + " ms");
    line.Add("   Probes ", Tone::kDim).Add(std::to_string(snap->total_pings));
  }
  return FitLine(std::move(line), width, data.utf8);
}

Line StatusBar(const ViewData& data, int width) {
  const std::string keys = " q quit ";
  Line line;
  line.Add(" " + Sanitize(data.status, data.utf8), Tone::kStatus);
  Line out = FitLine(std::move(line), width - DisplayWidth(keys), data.utf8, Tone::kStatus);
  out.Add(keys, Tone::kStatus);
  return FitLine(std::move(out), width, data.utf8, Tone::kStatus);
}

bool ShowGatewaySparkline(const ViewData& data) {
  if (data.snapshot && data.snapshot->gateway_address) return true;
  return std::any_of(data.history.gateway.begin(), data.history.gateway.end(),
                     [](const std::optional<double>& v) { return v.has_value(); });
}

std::vector<Line> SparklineSection(const ViewData& data, int width) {
  const DataPlan plan = PlanData(width, 0);
  const WallTime session_start = data.snapshot ? data.snapshot->session_start : data.now;
  const HistorySeries& h = data.history;
  std::vector<Sparkline> sparks;
  sparks.push_back(RenderSparkline(SparkPointsFrom(h.times, h.latency, h.step, session_start),
                                   plan.spark_columns, data.utf8));
  if (ShowGatewaySparkline(data)) {
    sparks.push_back(RenderSparkline(SparkPointsFrom(h.times, h.gateway, h.step, session_start),
                                     plan.spark_columns, data.utf8));
  }
  std::vector<Line> lines;
  Line title;
  const long minutes = std::lround(static_cast<double>(plan.span.count()) / 60.0);
  title.Add(" Latency, last " + std::to_string(minutes) + " min", Tone::kTitle)
      .Add(" (" + std::to_string(plan.step.count()) + " s per column)", Tone::kDim);
  if (sparks[0].lost > 0) {
    title.Add("  " + std::to_string(sparks[0].lost) + " without reply", Tone::kBad);
  }
  lines.push_back(FitLine(std::move(title), width, data.utf8));
  const int info_width = SparkInfoWidth(width);
  for (std::size_t i = 0; i < sparks.size(); ++i) {
    Line row;
    row.Add(Fit(i == 0 ? " Internet" : " Gateway", kSparkLabelWidth, data.utf8), Tone::kDim);
    for (Span& s : sparks[i].line.spans) row.Add(std::move(s.text), s.tone);
    std::string info = " max " + FormatMs(sparks[i].max_ms) + " ms";
    if (info_width >= 26) info = " last " + FormatMs(sparks[i].last_ms) + info;
    row.Add(Fit(info, info_width, data.utf8, Align::kRight));
    lines.push_back(FitLine(std::move(row), width, data.utf8));
  }
  return lines;
}

}  // namespace ww::tui
