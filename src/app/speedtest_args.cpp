#include "app/speedtest_args.h"

#include <algorithm>

#include "config/net_syntax.h"
#include "config/validate.h"

namespace ww {
namespace {

bool IsIperf3Server(std::string_view text) {
  constexpr std::string_view kScheme = "iperf3://";
  if (text.substr(0, kScheme.size()) == kScheme) text.remove_prefix(kScheme.size());
  const auto hp = ParseHostPort(text, 5201);
  return hp && IsHostOrAddress(hp->host);
}

bool IsOoklaServerId(const std::string& text) {
  return !text.empty() && text.size() < 12 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string CheckServer(const std::string& server, const std::string& protocol) {
  if (protocol == "iperf3") {
    return IsIperf3Server(server) ? "" : "is not host[:port] or iperf3://host:port";
  }
  if (protocol == "ookla") return IsOoklaServerId(server) ? "" : "is not an Ookla server id";
  if (protocol == "auto" && server.rfind("iperf3://", 0) == 0) {
    return IsIperf3Server(server) ? "" : "is not iperf3://host:port";
  }
  return ParseHttpUrl(server) ? "" : "is not an http:// or https:// URL with a host";
}

}  // namespace

Result<SpeedtestConfig> ApplySpeedtestArgs(const SpeedtestArgs& args, SpeedtestConfig config) {
  if (args.protocol) {
    if (!IsSpeedtestProtocol(*args.protocol)) {
      return Result<SpeedtestConfig>::Error(
          "--protocol: '" + *args.protocol +
          "' is not one of auto, librespeed, cloudflare, ookla, iperf3");
    }
    config.protocol = *args.protocol;
  }
  if (args.streams) {
    if (*args.streams < 1 || *args.streams > 32) {
      return Result<SpeedtestConfig>::Error("--streams: must be 1-32, got " +
                                            std::to_string(*args.streams));
    }
    config.streams = *args.streams;
  }
  if (args.duration_seconds) {
    if (*args.duration_seconds < 2 || *args.duration_seconds > 120) {
      return Result<SpeedtestConfig>::Error("--duration: must be 2-120 seconds, got " +
                                            std::to_string(*args.duration_seconds));
    }
    config.duration_seconds = *args.duration_seconds;
    const std::chrono::milliseconds duration{config.duration_seconds * 1000};
    if (config.warmup >= duration) config.warmup = duration / 5;
  }
  if (!args.servers.empty()) {
    for (const std::string& s : args.servers) {
      const std::string why = CheckServer(s, config.protocol);
      if (!why.empty()) return Result<SpeedtestConfig>::Error("--server: '" + s + "' " + why);
    }
    config.servers = args.servers;
  }
  return config;
}

}  // namespace ww
