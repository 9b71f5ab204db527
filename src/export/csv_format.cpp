#include "export/csv_format.h"

#include <cmath>
#include <cstdio>

namespace ww {
namespace {

// Up to `decimals` places, trailing zeros trimmed ("12.5", "3", "0.125").
std::string Number(double v, int decimals) {
  if (!std::isfinite(v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s(buf);
  if (s.find('.') != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string Optional(const std::optional<double>& v, int decimals) {
  return v ? Number(*v, decimals) : std::string();
}

}  // namespace

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string FormatPingRow(const PingRow& r, const LocalZone& zone) {
  const std::string cells[] = {
      FormatLocalTimestamp(r.time, zone),
      CsvField(r.target),
      r.success ? "True" : "False",
      Optional(r.latency_ms, 3),
      Optional(r.gateway_ms, 3),
      Optional(r.dns_ms, 3),
      Optional(r.wifi_signal_pct, 0),
      Number(r.packet_loss_pct, 2),
      Optional(r.avg_latency_ms, 3),
      Optional(r.jitter_ms, 3),
      Optional(r.p95_ms, 3),
      Number(r.uptime_pct, 2),
      CsvField(r.trend),
      std::to_string(r.health_score),
      CsvField(r.health_grade),
      Optional(r.baseline_ms, 3),
      CsvField(r.public_ip),
      CsvField(r.isp),
  };
  static_assert(std::size(cells) == 18);
  std::string line;
  for (const std::string& cell : cells) {
    if (!line.empty() || &cell != &cells[0]) line += ',';
    line += cell;
  }
  line += kCsvLineEnd;
  return line;
}

std::string FormatDropRow(const DropRecord& drop, std::string_view target, const LocalZone& zone) {
  std::string line = FormatLocalTimestamp(drop.start, zone);
  line += ',';
  if (drop.end) line += FormatLocalTimestamp(*drop.end, zone);
  line += ',';
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.2f", drop.duration_sec);
  line += duration;
  line += ',';
  line += CsvField(target);
  line += ',';
  line += CsvField(drop.diagnosis.text);
  line += kCsvLineEnd;
  return line;
}

std::string PingLogName(LocalDay day) { return "ping_log_" + FormatDay(day) + ".csv"; }
std::string DropsLogName(LocalDay day) { return "drops_" + FormatDay(day) + ".csv"; }

}  // namespace ww
