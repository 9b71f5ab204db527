#include "speedtest/external_speedtest.h"

#include <algorithm>
#include <vector>

#include "speedtest/child_process.h"
#include "speedtest/external_json.h"
#include "speedtest/speedtest_urls.h"

namespace ww {
namespace {

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The first line of what a failed program printed, for the error message.
std::string FirstLine(const ChildOutput& out) {
  std::string text = out.err.empty() ? out.out : out.err;
  text = text.substr(0, text.find('\n'));
  return text.substr(0, 200);
}

}  // namespace

ServerAttempt RunOoklaSpeedtest(const std::string& server, const SpeedtestOptions& options,
                                const Clock& clock, const SpeedtestProgressFn& progress,
                                const std::atomic<bool>* cancel) {
  ServerAttempt attempt;
  std::vector<std::string> argv{"speedtest", "--format=json", "--accept-license", "--accept-gdpr"};
  if (AllDigits(server)) argv.insert(argv.end(), {"-s", server});
  if (!options.interface.empty()) argv.insert(argv.end(), {"-I", options.interface});
  if (progress) progress({"download", 0, 0});
  const auto run = RunChild(argv, {std::chrono::minutes{2}}, clock, cancel);
  if (!run.ok()) {
    attempt.result.engine = "ookla";
    attempt.result.error =
        run.error() == "speedtest: not installed" ? "speedtest CLI not installed" : run.error();
    attempt.unreachable = run.error() != "cancelled";
    return attempt;
  }
  auto parsed = ParseOoklaJson(run->out);
  if (!parsed.ok()) {
    attempt.result.engine = "ookla";
    attempt.result.error =
        run->exit_code != 0 && parsed.error() == "speedtest CLI printed no result"
            ? "speedtest CLI exited with " + std::to_string(run->exit_code) + ": " + FirstLine(*run)
            : parsed.error();
    attempt.unreachable = true;
    return attempt;
  }
  attempt.result = std::move(parsed).value();
  SpeedtestResult& r = attempt.result;
  if (r.download_mbps) r.download_line_mbps = *r.download_mbps * options.line_rate_factor;
  if (r.upload_mbps) r.upload_line_mbps = *r.upload_mbps * options.line_rate_factor;
  if (progress) progress({"done", 0, 1});
  return attempt;
}

ServerAttempt RunIperf3Speedtest(const std::string& server, const SpeedtestOptions& options,
                                 const Clock& clock, const SpeedtestProgressFn& progress,
                                 const std::atomic<bool>* cancel) {
  ServerAttempt attempt;
  SpeedtestResult& r = attempt.result;
  r.engine = "iperf3";
  r.server_url = server;
  r.streams = options.streams;
  const auto target = ParseIperf3Server(server);
  if (!target) {
    r.error = "not an iperf3 server (host[:port] or iperf3://host:port)";
    attempt.unreachable = true;
    return attempt;
  }
  r.server_name = target->host;
  const auto warmup = std::chrono::duration_cast<Seconds>(options.warmup + Millis{500});
  const auto measured = std::max(Seconds{1}, options.duration - warmup);
  std::vector<std::string> argv{"iperf3",
                                "-c",
                                target->host,
                                "-p",
                                std::to_string(target->port),
                                "-J",
                                "-t",
                                std::to_string(measured.count()),
                                "-P",
                                std::to_string(options.streams)};
  if (warmup.count() > 0) argv.insert(argv.end(), {"-O", std::to_string(warmup.count())});
  if (!options.interface.empty()) argv.insert(argv.end(), {"--bind-dev", options.interface});
  const ChildLimits limits{options.duration + std::chrono::seconds{20}};

  std::optional<double> mbps[2];
  for (int reverse = 1; reverse >= 0; --reverse) {
    std::vector<std::string> args = argv;
    if (reverse) args.push_back("-R");
    if (progress) progress({reverse ? "download" : "upload", 0, 0});
    const auto run = RunChild(args, limits, clock, cancel);
    Result<Iperf3Direction> dir =
        run.ok() ? ParseIperf3Json(run->out) : Result<Iperf3Direction>::Error(run.error());
    if (!dir.ok()) {
      r.error = dir.error() == "iperf3: not installed" ? "iperf3 not installed" : dir.error();
      attempt.unreachable = reverse == 1 && r.error != "cancelled";
      return attempt;
    }
    mbps[reverse] = dir->mbps;
    (reverse ? r.bytes_downloaded : r.bytes_uploaded) = dir->bytes;
  }
  r.download_mbps = mbps[1];
  r.upload_mbps = mbps[0];
  r.download_line_mbps = *mbps[1] * options.line_rate_factor;
  r.upload_line_mbps = *mbps[0] * options.line_rate_factor;
  r.ok = true;
  if (progress) progress({"done", 0, 1});
  return attempt;
}

}  // namespace ww
