#pragma once
// The speed test results CSV (<data_dir>/logs/speedtest_results.csv, written
// when the "csv" exporter is enabled): Hermes's columns first, in its order
// (timestamp,download_mbps,upload_mbps,ping_ms,jitter_ms,isp_name,
// server_name,server_location,server_id), then ours. Timestamps ISO 8601 UTC,
// figures with 2 decimals, unknown values empty (never 0), RFC 4180 quoting,
// CRLF as the other logs. One file, appended, never rotated: a row an hour is
// under 2 MB a year.
//
// Thread safety: the formatting is pure; AppendSpeedtestCsv must not run on
// two threads for one file at once (the scheduler's thread is its one writer).

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"
#include "speedtest/speedtest_result.h"

namespace ww {

inline constexpr std::string_view kSpeedtestCsvName = "speedtest_results.csv";
inline constexpr std::string_view kSpeedtestCsvHeader =
    "timestamp,download_mbps,upload_mbps,ping_ms,jitter_ms,isp_name,server_name,"
    "server_location,server_id,id,status,error,engine,trigger,attempt,server_url,client_ip,"
    "packet_loss_pct,download_line_mbps,upload_line_mbps,download_latency_ms,"
    "upload_latency_ms,bufferbloat_grade,bytes_downloaded,bytes_uploaded,streams,"
    "duration_seconds";

// One row and its line end.
std::string FormatSpeedtestCsvRow(const SpeedtestResult& result);

// Appends the row to `file`, writing the header first when the file is new or
// empty; creates the directory.
Status AppendSpeedtestCsv(const std::filesystem::path& file, const SpeedtestResult& result);

}  // namespace ww
