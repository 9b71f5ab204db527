#pragma once
// The Connectivity Monitor's CSV log formats (SEMANTICS.md §1), byte for byte
// where spreadsheets care: the header rows, the column order, "True"/"False",
// "YYYY-MM-DD HH:MM:SS.mmm" local timestamps, empty cells for missing values,
// RFC 4180 quoting and CRLF line ends (what Python's csv module wrote).
//
// Thread safety: pure functions.

#include <optional>
#include <string>
#include <string_view>

#include "config/timezone.h"
#include "core/clock.h"
#include "engine/snapshot.h"
#include "export/local_time.h"

namespace ww {

inline constexpr std::string_view kPingLogHeader =
    "Timestamp,Target,Success,LatencyMs,GatewayMs,DnsMs,WifiSignalPct,PacketLossPct,"
    "AvgLatencyMs,JitterMs,P95Ms,UptimePct,Trend,HealthScore,HealthGrade,BaselineMs,PublicIP,ISP";
inline constexpr std::string_view kDropsLogHeader = "Start,End,Duration,Target,Diagnosis";
inline constexpr std::string_view kCsvLineEnd = "\r\n";

// One ping-log row: one external connectivity probe, with the rolling figures
// of the engine's latest snapshot. Missing values stay empty in the file.
struct PingRow {
  WallTime time{};
  std::string target;
  bool success = false;
  std::optional<double> latency_ms, gateway_ms, dns_ms;
  std::optional<double> wifi_signal_pct;  // not measured by wanwatch: always empty
  double packet_loss_pct = 0;
  std::optional<double> avg_latency_ms, jitter_ms, p95_ms;
  double uptime_pct = 100;
  std::string trend;
  int health_score = 100;
  std::string health_grade;
  std::optional<double> baseline_ms;
  std::string public_ip, isp;  // not looked up by wanwatch: empty
};

// A field as RFC 4180 wants it: quoted when it holds a comma, quote, CR or LF
// (quotes doubled), else as is.
std::string CsvField(std::string_view text);

// The row's 18 cells and the line end.
std::string FormatPingRow(const PingRow& row, const LocalZone& zone);
// Start,End,Duration (seconds, 2 decimals),Target,Diagnosis and the line end.
// An ongoing drop has an empty End.
std::string FormatDropRow(const DropRecord& drop, std::string_view target, const LocalZone& zone);

// "ping_log_2026-11-27.csv", "drops_2026-11-27.csv".
std::string PingLogName(LocalDay day);
std::string DropsLogName(LocalDay day);

}  // namespace ww
