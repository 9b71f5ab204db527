#include "app/speedtest_server_command.h"

#include <signal.h>

#include <algorithm>
#include <thread>

#include <spdlog/spdlog.h>

#include "http/pipeline.h"
#include "http/server.h"
#include "speedtest/test_point.h"
#include "speedtest/test_point_route.h"

namespace ww {
namespace {

constexpr int kMaxDefaultThreads = 8;

int ThreadCount(int requested) {
  if (requested > 0) return requested;
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  return std::clamp(cores, 1, kMaxDefaultThreads);
}

std::string UrlHost(const std::string& address) {
  return address.find(':') == std::string::npos ? address : "[" + address + "]";
}

}  // namespace

int RunSpeedtestServerCommand(const SpeedtestServerArgs& args, std::ostream& out,
                              std::ostream& err) {
  spdlog::set_level(spdlog::level::from_str(args.log_level));
  // Before the server's threads start, so that they inherit the mask and only
  // this thread takes the stop signals.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  TestPointOptions test_point;
  test_point.max_request_bytes = static_cast<std::uint64_t>(args.max_request_mb) * kMiB;
  test_point.max_concurrent_transfers = static_cast<std::size_t>(args.max_concurrent);
  ServerOptions options;
  options.bind_address = args.listen.address;
  options.port = args.listen.port;
  options.threads = ThreadCount(args.threads);
  // Room for every transfer plus the clients' latency probes and idle keep-alives.
  options.max_connections =
      std::max<std::size_t>(options.max_connections, 2 * test_point.max_concurrent_transfers);
  options.stream_route = MakeTestPointRoute(std::move(test_point));
  HttpServer server(std::move(options), Pipeline([](const HttpRequest& r) {
                      return HttpResponse::Error(
                          404, "Not Found: " + r.path + " (this is a speed test server only)");
                    }));
  if (Status s = server.Start(); !s.ok()) {
    err << "wanwatch speedtest-server: " << s.message() << "\n";
    return 1;
  }
  out << "wanwatch speedtest-server: listening on http://" << UrlHost(args.listen.address) << ":"
      << server.port() << "/ (max " << args.max_request_mb << " MiB per request, "
      << args.max_concurrent << " transfers at once)" << std::endl;
  int sig = 0;
  if (sigwait(&stop_signals, &sig) != 0) sig = 0;
  spdlog::info("speedtest-server: stopping (signal {})", sig);
  server.Stop();
  return 0;
}

}  // namespace ww
