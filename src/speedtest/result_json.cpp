#include "speedtest/result_json.h"

#include <cmath>

#include "core/time_format.h"

namespace ww {
namespace {

// Rounded to 2 decimals as Hermes shows them; null when unknown.
nlohmann::json Number(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return std::round(*v * 100.0) / 100.0;
}

nlohmann::json TextOrNull(const std::string& s) {
  if (s.empty()) return nullptr;
  return s;
}

}  // namespace

nlohmann::json SpeedtestResultJson(const SpeedtestResult& r) {
  nlohmann::json j;
  j["id"] = r.id;
  j["timestamp"] = FormatIso8601Seconds(r.timestamp);
  j["download_mbps"] = Number(r.download_mbps);
  j["upload_mbps"] = Number(r.upload_mbps);
  j["ping_ms"] = Number(r.ping_ms);
  j["jitter_ms"] = Number(r.jitter_ms);
  j["isp"] = TextOrNull(r.isp);
  j["isp_name"] = TextOrNull(r.isp);
  j["server_name"] = TextOrNull(r.server_name);
  j["server_location"] = TextOrNull(r.server_location);
  j["server_id"] = TextOrNull(r.server_id);
  j["server_url"] = TextOrNull(r.server_url);
  j["client_ip"] = TextOrNull(r.client_ip);
  j["packet_loss_pct"] = Number(r.packet_loss_pct);
  j["download_line_mbps"] = Number(r.download_line_mbps);
  j["upload_line_mbps"] = Number(r.upload_line_mbps);
  j["download_latency_ms"] = Number(r.download_latency_ms);
  j["upload_latency_ms"] = Number(r.upload_latency_ms);
  j["bufferbloat_grade"] = TextOrNull(r.bufferbloat_grade);
  j["bytes_downloaded"] = r.bytes_downloaded;
  j["bytes_uploaded"] = r.bytes_uploaded;
  j["streams"] = r.streams;
  j["duration_seconds"] = std::round(r.duration_seconds * 10.0) / 10.0;
  j["engine"] = TextOrNull(r.engine);
  j["trigger"] = TextOrNull(r.trigger);
  j["attempt"] = r.attempt;
  j["status"] = r.ok ? "ok" : "failed";
  j["error"] = TextOrNull(r.error);
  return j;
}

}  // namespace ww
