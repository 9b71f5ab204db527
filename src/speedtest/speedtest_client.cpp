#include "speedtest/speedtest_client.h"

#include "speedtest/external_speedtest.h"
#include "speedtest/http_speedtest.h"

namespace ww {
namespace {

std::string EngineName(SpeedtestProtocol p) {
  switch (p) {
    case SpeedtestProtocol::kCloudflare:
      return "cloudflare";
    case SpeedtestProtocol::kOokla:
      return "ookla";
    case SpeedtestProtocol::kIperf3:
      return "iperf3";
    default:
      return "librespeed";
  }
}

ServerAttempt RunOne(const std::string& server, const SpeedtestOptions& options, const Clock& clock,
                     const SpeedtestProgressFn& progress, const std::atomic<bool>* cancel) {
  const SpeedtestProtocol protocol = ResolveProtocol(options.protocol, server);
  if (protocol == SpeedtestProtocol::kOokla) {
    return RunOoklaSpeedtest(server, options, clock, progress, cancel);
  }
  if (protocol == SpeedtestProtocol::kIperf3) {
    return RunIperf3Speedtest(server, options, clock, progress, cancel);
  }
  std::string why;
  const CurlLibrary* curl = LoadCurlLibrary(&why);
  if (curl == nullptr) {
    ServerAttempt failed;
    failed.result.engine = EngineName(protocol);
    failed.result.error = why;
    return failed;  // no other server would do better
  }
  return RunHttpSpeedtest(*curl, server, protocol, options, clock, progress, cancel);
}

}  // namespace

SpeedtestResult RunSpeedtest(const SpeedtestOptions& options, const Clock& clock,
                             const SpeedtestProgressFn& progress, const std::atomic<bool>* cancel) {
  const MonoTime started = clock.Now();
  const WallTime wall_start = clock.WallNow();
  std::vector<std::string> servers = options.servers;
  if (options.protocol == SpeedtestProtocol::kOokla) {
    // Ookla's servers are ids; URLs (the configured HTTP servers) mean nothing to it, and
    // without an id it picks its own server.
    std::erase_if(servers, [](const std::string& s) {
      return s.empty() || s.find_first_not_of("0123456789") != std::string::npos;
    });
    if (servers.empty()) servers.push_back("");
  }

  SpeedtestResult result;
  std::string errors;
  for (const std::string& server : servers) {
    ServerAttempt attempt = RunOne(server, options, clock, progress, cancel);
    result = std::move(attempt.result);
    const std::string label = server.empty() ? "" : server + ": ";
    if (result.ok || !attempt.unreachable) {
      if (!result.ok) result.error = label + result.error;
      break;
    }
    errors += (errors.empty() ? "" : "; ") + label + result.error;
    result.error = errors;
    if (cancel != nullptr && cancel->load()) break;
  }
  if (servers.empty()) result.error = "no speed test server configured";
  if (!result.ok && servers.size() > 1 && result.error == errors) {
    result.error = "every server failed: " + errors;
  }
  if (cancel != nullptr && cancel->load() && !result.ok) result.error = "cancelled";
  result.timestamp = wall_start;
  result.trigger = options.trigger;
  result.attempt = options.attempt;
  if (result.streams == 0 && result.engine != "ookla") result.streams = options.streams;
  result.duration_seconds = std::chrono::duration<double>(clock.Now() - started).count();
  if (!result.ok) {
    // A failed test makes up no numbers (its bytes and server stay as measured).
    result.download_mbps = result.upload_mbps = std::nullopt;
    result.download_line_mbps = result.upload_line_mbps = std::nullopt;
  }
  return result;
}

}  // namespace ww
