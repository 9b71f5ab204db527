#include "export/speedtest_csv.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <system_error>

#include "core/time_format.h"
#include "export/csv_format.h"

namespace ww {
namespace {

std::string Figure(const std::optional<double>& v, int decimals = 2) {
  if (!v || !std::isfinite(*v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
  return buf;
}

}  // namespace

std::string FormatSpeedtestCsvRow(const SpeedtestResult& r) {
  const std::string cells[] = {
      FormatIso8601Seconds(r.timestamp),
      Figure(r.download_mbps),
      Figure(r.upload_mbps),
      Figure(r.ping_ms),
      Figure(r.jitter_ms),
      CsvField(r.isp),
      CsvField(r.server_name),
      CsvField(r.server_location),
      CsvField(r.server_id),
      std::to_string(r.id),
      r.ok ? "ok" : "failed",
      CsvField(r.error),
      CsvField(r.engine),
      CsvField(r.trigger),
      std::to_string(r.attempt),
      CsvField(r.server_url),
      CsvField(r.client_ip),
      Figure(r.packet_loss_pct),
      Figure(r.download_line_mbps),
      Figure(r.upload_line_mbps),
      Figure(r.download_latency_ms),
      Figure(r.upload_latency_ms),
      CsvField(r.bufferbloat_grade),
      std::to_string(r.bytes_downloaded),
      std::to_string(r.bytes_uploaded),
      std::to_string(r.streams),
      Figure(r.duration_seconds, 1),
  };
  std::string row;
  for (std::size_t i = 0; i < std::size(cells); ++i) {
    if (i > 0) row += ',';
    row += cells[i];
  }
  row += kCsvLineEnd;
  return row;
}

Status AppendSpeedtestCsv(const std::filesystem::path& file, const SpeedtestResult& result) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  if (ec)
    return Status::Error("cannot create " + file.parent_path().string() + ": " + ec.message());
  const bool fresh =
      !std::filesystem::exists(file, ec) || std::filesystem::file_size(file, ec) == 0;
  std::ofstream out(file, std::ios::binary | std::ios::app);
  if (!out) return Status::Error("cannot open " + file.string() + " for appending");
  if (fresh) out << kSpeedtestCsvHeader << kCsvLineEnd;
  out << FormatSpeedtestCsvRow(result);
  out.flush();
  if (!out) return Status::Error("cannot write " + file.string());
  return Status::Ok();
}

}  // namespace ww
