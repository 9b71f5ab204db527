#include "app/speedtest_command.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <thread>

#include "speedtest/result_json.h"

namespace ww {
namespace {

std::string Fixed(const std::optional<double>& v, int decimals, const char* unit) {
  if (!v) return "unknown";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f %s", decimals, *v, unit);
  return buf;
}

std::string Size(std::uint64_t bytes) {
  char buf[32];
  if (bytes >= 1'000'000'000) {
    std::snprintf(buf, sizeof buf, "%.2f GB", static_cast<double>(bytes) / 1e9);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  }
  return buf;
}

std::string Line(const char* label, const std::string& text) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%-13s", label);
  return std::string(buf) + text + "\n";
}

}  // namespace

SpeedtestOptions SpeedtestOptionsFromConfig(const SpeedtestConfig& c) {
  SpeedtestOptions o;
  o.servers = c.servers;
  o.protocol = ParseSpeedtestProtocol(c.protocol);
  o.streams = c.streams;
  o.duration = std::chrono::seconds{c.duration_seconds};
  o.warmup = c.warmup;
  o.line_rate_factor = c.line_rate_factor;
  o.interface = c.interface;
  o.trigger = "cli";
  return o;
}

std::string FormatSpeedtestSummary(const SpeedtestResult& r) {
  std::string s;
  std::string server = r.server_name.empty() ? r.server_url : r.server_name;
  if (!r.server_location.empty()) server += " (" + r.server_location + ")";
  s += Line("Server:", server + ", " + r.engine);
  if (!r.client_ip.empty() || !r.isp.empty()) {
    s += Line("Client:", r.client_ip + (r.isp.empty() || r.client_ip.empty() ? "" : ", ") + r.isp);
  }
  s += Line("Ping:", Fixed(r.ping_ms, 2, "ms") + ", jitter " + Fixed(r.jitter_ms, 2, "ms") +
                         ", loss " + Fixed(r.packet_loss_pct, 1, "%"));
  s += Line("Download:", Fixed(r.download_mbps, 2, "Mbps") + " (line rate " +
                             Fixed(r.download_line_mbps, 2, "Mbps") + "), loaded latency " +
                             Fixed(r.download_latency_ms, 2, "ms"));
  s += Line("Upload:", Fixed(r.upload_mbps, 2, "Mbps") + " (line rate " +
                           Fixed(r.upload_line_mbps, 2, "Mbps") + "), loaded latency " +
                           Fixed(r.upload_latency_ms, 2, "ms"));
  s += Line("Bufferbloat:", r.bufferbloat_grade.empty() ? "unknown" : r.bufferbloat_grade);
  char moved[160];
  std::snprintf(moved, sizeof moved, "%s down, %s up, %d streams, %.1f s",
                Size(r.bytes_downloaded).c_str(), Size(r.bytes_uploaded).c_str(), r.streams,
                r.duration_seconds);
  s += Line("Moved:", moved);
  return s;
}

std::string FormatSpeedtestProgress(const SpeedtestProgress& p, int bar_width) {
  const double fraction = std::clamp(p.fraction, 0.0, 1.0);
  const int filled = static_cast<int>(std::lround(fraction * bar_width));
  char head[64];
  std::snprintf(head, sizeof head, "%-9s %9.1f Mbps ", p.phase.c_str(), p.mbps);
  return std::string(head) + "[" + std::string(filled, '#') + std::string(bar_width - filled, '.') +
         "]";
}

int RunSpeedtestCommand(const SpeedtestConfig& config, bool json, const Clock& clock,
                        std::ostream& out, std::ostream& err, bool progress_on_err) {
  SpeedtestProgressFn progress;
  if (progress_on_err) {
    progress = [&err](const SpeedtestProgress& p) {
      err << "\r\033[K" << FormatSpeedtestProgress(p) << std::flush;
    };
  }
  // The test runs on a thread of its own; this one turns SIGINT/SIGTERM into a
  // cancel, so Ctrl-C ends the test within ~200 ms with a "cancelled" result.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::atomic<bool> cancel{false};
  std::atomic<bool> finished{false};
  SpeedtestResult result;
  std::thread test([&] {
    result = RunSpeedtest(SpeedtestOptionsFromConfig(config), clock, progress, &cancel);
    finished = true;
  });
  const timespec slice{0, 50'000'000};
  while (!finished) {
    if (sigtimedwait(&stop_signals, nullptr, &slice) > 0) cancel = true;
  }
  test.join();
  if (progress_on_err) err << "\r\033[K" << std::flush;
  if (json) {
    out << SpeedtestResultJson(result).dump() << "\n";
  } else if (result.ok) {
    out << FormatSpeedtestSummary(result);
  }
  if (!result.ok && !json) err << "wanwatch: speed test failed: " << result.error << "\n";
  out.flush();
  return result.ok ? 0 : 1;
}

}  // namespace ww
