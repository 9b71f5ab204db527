#include "speedtest/external_json.h"

#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

namespace ww {
namespace {

using nlohmann::json;

// j[a][b]... as a number, or nullopt when any step is missing or not a number.
std::optional<double> NumberAt(const json& j, std::initializer_list<const char*> path) {
  const json* at = &j;
  for (const char* key : path) {
    if (!at->is_object()) return std::nullopt;
    const auto it = at->find(key);
    if (it == at->end()) return std::nullopt;
    at = &*it;
  }
  if (!at->is_number()) return std::nullopt;
  return at->get<double>();
}

std::string TextAt(const json& j, std::initializer_list<const char*> path) {
  const json* at = &j;
  for (const char* key : path) {
    if (!at->is_object()) return "";
    const auto it = at->find(key);
    if (it == at->end()) return "";
    at = &*it;
  }
  if (at->is_string()) return at->get<std::string>();
  if (at->is_number_integer()) return std::to_string(at->get<std::int64_t>());
  return "";
}

std::uint64_t Bytes(const json& j, std::initializer_list<const char*> path) {
  const auto n = NumberAt(j, path);
  return n && *n > 0 ? static_cast<std::uint64_t>(*n) : 0;
}

std::optional<double> BytesPerSecondToMbps(std::optional<double> bytes_per_second) {
  if (!bytes_per_second || *bytes_per_second < 0) return std::nullopt;
  return *bytes_per_second * 8.0 / 1e6;
}

}  // namespace

Result<SpeedtestResult> ParseOoklaJson(std::string_view text) {
  std::istringstream lines{std::string(text)};
  std::string line;
  std::string log_error;
  while (std::getline(lines, line)) {
    const json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) continue;
    const std::string type = TextAt(j, {"type"});
    if (type == "log" && TextAt(j, {"level"}) == "error") log_error = TextAt(j, {"message"});
    if (type != "result") continue;
    SpeedtestResult r;
    r.engine = "ookla";
    r.download_mbps = BytesPerSecondToMbps(NumberAt(j, {"download", "bandwidth"}));
    r.upload_mbps = BytesPerSecondToMbps(NumberAt(j, {"upload", "bandwidth"}));
    if (!r.download_mbps && !r.upload_mbps)
      return Result<SpeedtestResult>::Error("Ookla result has no bandwidth");
    r.ping_ms = NumberAt(j, {"ping", "latency"});
    r.jitter_ms = NumberAt(j, {"ping", "jitter"});
    r.packet_loss_pct = NumberAt(j, {"packetLoss"});
    r.download_latency_ms = NumberAt(j, {"download", "latency", "iqm"});
    r.upload_latency_ms = NumberAt(j, {"upload", "latency", "iqm"});
    r.bytes_downloaded = Bytes(j, {"download", "bytes"});
    r.bytes_uploaded = Bytes(j, {"upload", "bytes"});
    r.isp = TextAt(j, {"isp"});
    r.client_ip = TextAt(j, {"interface", "externalIp"});
    r.server_id = TextAt(j, {"server", "id"});
    r.server_name = TextAt(j, {"server", "name"});
    const std::string city = TextAt(j, {"server", "location"});
    const std::string country = TextAt(j, {"server", "country"});
    r.server_location = city.empty() || country.empty() ? city + country : city + ", " + country;
    const std::string host = TextAt(j, {"server", "host"});
    r.server_url = TextAt(j, {"result", "url"});
    if (r.server_url.empty() && !host.empty()) r.server_url = host;
    r.ok = true;
    return r;
  }
  if (!log_error.empty()) return Result<SpeedtestResult>::Error("speedtest CLI: " + log_error);
  return Result<SpeedtestResult>::Error("speedtest CLI printed no result");
}

Result<Iperf3Direction> ParseIperf3Json(std::string_view text) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Result<Iperf3Direction>::Error("iperf3 printed no JSON");
  const std::string error = TextAt(j, {"error"});
  if (!error.empty()) return Result<Iperf3Direction>::Error("iperf3: " + error);
  const auto bps = NumberAt(j, {"end", "sum_received", "bits_per_second"});
  if (!bps || *bps < 0)
    return Result<Iperf3Direction>::Error("iperf3 JSON has no end.sum_received");
  Iperf3Direction d;
  d.mbps = *bps / 1e6;
  d.bytes = Bytes(j, {"end", "sum_sent", "bytes"});
  return d;
}

}  // namespace ww
