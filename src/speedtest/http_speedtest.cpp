#include "speedtest/http_speedtest.h"

#include <optional>
#include <vector>

#include "speedtest/bufferbloat_grade.h"
#include "speedtest/bulk_transfer.h"
#include "speedtest/latency_sampler.h"
#include "speedtest/latency_stats.h"
#include "speedtest/probe_connection.h"
#include "speedtest/server_info.h"
#include "speedtest/speedtest_urls.h"

namespace ww {
namespace {

constexpr int kIdleProbes = 15;
constexpr auto kFirstContactTimeout = std::chrono::seconds{5};
constexpr auto kIdleProbeTimeout = std::chrono::seconds{1};

std::string PathOf(const std::string& url, const std::string& base) {
  return url.size() > base.size() ? url.substr(base.size()) : url;
}

void Report(const SpeedtestProgressFn& progress, const char* phase, double mbps, double fraction) {
  if (progress) progress(SpeedtestProgress{phase, mbps, fraction});
}

// Steps 1 and 2: the URLs that answer, and what the server tells about us. On
// failure `error` says what failed.
std::optional<TestUrls> FirstContact(ProbeConnection& connection, const std::string& server,
                                     SpeedtestProtocol protocol, const Clock& clock,
                                     const std::atomic<bool>* cancel, SpeedtestResult& result,
                                     std::string& error) {
  TestUrls urls = MakeTestUrls(protocol, server);
  FetchReply reply = connection.Fetch(urls.Latency(), kFirstContactTimeout, clock, cancel);
  if (!reply.ok && reply.http_code == 404 && protocol == SpeedtestProtocol::kLibreSpeed) {
    urls = MakeTestUrls(protocol, server, /*php=*/true);
    reply = connection.Fetch(urls.Latency(), kFirstContactTimeout, clock, cancel);
  }
  if (!reply.ok) {
    error = "GET " + PathOf(urls.Latency(), urls.base) + ": " + reply.error;
    return std::nullopt;
  }
  ServerInfo info;
  if (protocol == SpeedtestProtocol::kCloudflare) {
    info = ParseCloudflareMeta(reply.headers);
  } else {
    const FetchReply ip = connection.Fetch(urls.Info(), kFirstContactTimeout, clock, cancel);
    if (ip.ok) info = ParseLibreSpeedGetIp(ip.body);  // optional: older servers lack it
  }
  result.client_ip = info.client_ip;
  result.isp = info.isp;
  result.server_location = info.server_location;
  return urls;
}

// Step 4 for one direction: the bulk transfer with latency probes beside it.
BulkOutcome LoadedDirection(const CurlLibrary& curl, const TestUrls& urls, Direction direction,
                            const SpeedtestOptions& options, const Clock& clock,
                            const SpeedtestProgressFn& progress, const std::atomic<bool>* cancel,
                            std::vector<std::optional<double>>& loaded_rtts) {
  const char* phase = direction == Direction::kDownload ? "download" : "upload";
  BulkPlan plan;
  plan.direction = direction;
  plan.urls = urls;
  plan.streams = options.streams;
  plan.duration = options.duration;
  plan.warmup = options.warmup;
  plan.interface = options.interface;
  LatencySampler sampler(curl, {urls.Latency(), options.interface}, clock);
  sampler.Start();
  BulkOutcome out = RunBulkTransfer(
      curl, plan, clock,
      [&](double mbps, double fraction) { Report(progress, phase, mbps, fraction); }, cancel);
  loaded_rtts = sampler.Stop();
  return out;
}

}  // namespace

ServerAttempt RunHttpSpeedtest(const CurlLibrary& curl, const std::string& server,
                               SpeedtestProtocol protocol, const SpeedtestOptions& options,
                               const Clock& clock, const SpeedtestProgressFn& progress,
                               const std::atomic<bool>* cancel) {
  ServerAttempt attempt;
  SpeedtestResult& r = attempt.result;
  r.engine = protocol == SpeedtestProtocol::kCloudflare ? "cloudflare" : "librespeed";
  r.server_url = server;
  r.server_name = HostOfUrl(server);
  r.streams = options.streams;

  Report(progress, "latency", 0, 0);
  ProbeConnection connection(curl, options.interface);
  std::string error;
  const auto urls = FirstContact(connection, server, protocol, clock, cancel, r, error);
  if (!urls) {
    r.error = error;
    attempt.unreachable = error.find("cancelled") == std::string::npos;
    return attempt;
  }
  std::vector<std::optional<double>> idle;
  for (int i = 0; i < kIdleProbes && !(cancel && cancel->load()); ++i) {
    idle.push_back(connection.Fetch(urls->Latency(), kIdleProbeTimeout, clock, cancel).rtt_ms);
    Report(progress, "latency", 0, static_cast<double>(i + 1) / kIdleProbes);
  }
  const LatencySummary idle_summary = SummarizeLatency(idle);
  r.ping_ms = idle_summary.median_ms;
  r.jitter_ms = idle_summary.jitter_ms;

  std::vector<std::optional<double>> down_rtts, up_rtts;
  const BulkOutcome down = LoadedDirection(curl, *urls, Direction::kDownload, options, clock,
                                           progress, cancel, down_rtts);
  r.bytes_downloaded = down.bytes;
  if (!down.error.empty()) {
    r.error = down.error;
    return attempt;
  }
  const BulkOutcome up =
      LoadedDirection(curl, *urls, Direction::kUpload, options, clock, progress, cancel, up_rtts);
  r.bytes_uploaded = up.bytes;
  if (!up.error.empty()) {
    r.error = up.error;
    return attempt;
  }
  r.download_mbps = down.goodput_mbps;
  r.upload_mbps = up.goodput_mbps;
  r.download_line_mbps = *down.goodput_mbps * options.line_rate_factor;
  r.upload_line_mbps = *up.goodput_mbps * options.line_rate_factor;
  r.download_latency_ms = SummarizeLatency(down_rtts).median_ms;
  r.upload_latency_ms = SummarizeLatency(up_rtts).median_ms;
  std::vector<std::optional<double>> all = idle;
  all.insert(all.end(), down_rtts.begin(), down_rtts.end());
  all.insert(all.end(), up_rtts.begin(), up_rtts.end());
  r.packet_loss_pct = SummarizeLatency(all).loss_pct;
  r.bufferbloat_grade = BufferbloatGradeOf(r.ping_ms, r.download_latency_ms, r.upload_latency_ms);
  r.ok = true;
  Report(progress, "done", 0, 1);
  return attempt;
}

}  // namespace ww
