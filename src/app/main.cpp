// wanwatch: watches an internet connection and says, with evidence, when and why it broke.
#include <signal.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <clocale>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli.h"
#include "app/daemon.h"
#include "app/speedtest_command.h"
#include "app/speedtest_server_command.h"
#include "config/data_dir.h"
#include "export/report_command.h"
#include "store/store.h"
#include "tui/terminal_view.h"

extern char** environ;

namespace ww {
namespace {

std::string ReadFileOrEmpty(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The log goes to stderr through a dist_sink, so the terminal view can move it
// to a file and back while other threads log.
std::shared_ptr<spdlog::sinks::dist_sink_mt> SetUpLogging(const std::string& level) {
  auto sinks = std::make_shared<spdlog::sinks::dist_sink_mt>();
  sinks->add_sink(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("wanwatch", sinks));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  spdlog::set_level(spdlog::level::from_str(level));
  return sinks;
}

constexpr const char* kSighupMessage =
    "SIGHUP: configuration reload is not supported yet; restart to apply changes";

// A stop signal that is already pending (0 if none); SIGHUP is logged and skipped.
int PollStopSignal(const sigset_t& stop_signals) {
  const timespec no_wait{};
  for (int i = 0; i < 16; ++i) {
    const int sig = sigtimedwait(&stop_signals, nullptr, &no_wait);
    if (sig <= 0) return 0;
    if (sig != SIGHUP) return sig;
    spdlog::info(kSighupMessage);
  }
  return 0;
}

// The live view on this thread until `q` (returns 0) or a stop signal (returns
// it); -1 when the terminal cannot be used, after saying why.
int RunTerminalView(const Daemon& daemon, const Clock& clock, tui::TerminalViewOptions options,
                    std::shared_ptr<spdlog::sinks::dist_sink_mt> log_sinks,
                    const sigset_t& stop_signals) {
  const Store* store = daemon.store();
  tui::TerminalViewSources sources;
  sources.snapshot = [&daemon] { return daemon.snapshot(); };
  sources.drops = [store](std::size_t limit) { return store->Drops(limit); };
  sources.history = [store](WallTime from, WallTime to, std::chrono::seconds step) {
    return store->History(from, to, step);
  };
  int sig = 0;
  tui::TerminalView view(std::move(sources), std::move(options), clock);
  auto exit = view.Run([&] { return (sig = PollStopSignal(stop_signals)) != 0; }, log_sinks);
  if (!exit.ok()) {
    spdlog::warn("{}; running without the terminal view", exit.error());
    return -1;
  }
  if (exit.value() == tui::ViewExit::kQuitKey) spdlog::info("q pressed in the terminal view");
  return sig;
}

// systemd's readiness protocol (sd_notify) without libsystemd: one datagram.
void NotifySystemd(const char* state) {
  const char* path = std::getenv("NOTIFY_SOCKET");
  if (!path || (path[0] != '/' && path[0] != '@')) return;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::size_t len = std::min(std::strlen(path), sizeof addr.sun_path - 1);
  std::memcpy(addr.sun_path, path, len);
  if (addr.sun_path[0] == '@') addr.sun_path[0] = '\0';  // abstract namespace
  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sendto(fd, state, std::strlen(state), MSG_NOSIGNAL, reinterpret_cast<sockaddr*>(&addr),
         static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + len));
  close(fd);
}

int Run(CliOutcome outcome) {
  auto log_sinks = SetUpLogging(outcome.config.general.log_level);
  if (Status s = EnsureDataDir(outcome.data_dir); !s.ok()) {
    spdlog::error("{}", s.message());
    return 1;
  }
  // Threads inherit the mask: only this thread receives the stop signals.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  // SIGWINCH too, so that only the terminal view's thread (this one) sees resizes.
  sigset_t blocked = stop_signals;
  sigaddset(&blocked, SIGWINCH);
  pthread_sigmask(SIG_BLOCK, &blocked, nullptr);
  signal(SIGPIPE, SIG_IGN);
  const bool view = tui::TerminalViewWanted(outcome.config.general.headless);
  // Before any thread starts: LC_CTYPE alone (numbers keep the C locale), for
  // the view's UTF-8 block characters when the terminal's locale has them.
  if (view) std::setlocale(LC_CTYPE, "");
  tui::TerminalViewOptions view_options;
  view_options.timezone = outcome.config.general.timezone;
  view_options.log_file = outcome.data_dir / "wanwatch.log";

  SystemClock clock;
  Daemon daemon(std::move(outcome.config), std::move(outcome.targets), outcome.data_dir, clock);
  if (Status s = daemon.Start(); !s.ok()) {
    spdlog::error("cannot start: {}", s.message());
    daemon.Stop();
    return 1;
  }
  NotifySystemd("READY=1");
  int sig =
      view ? RunTerminalView(daemon, clock, std::move(view_options), log_sinks, stop_signals) : -1;
  while (sig < 0 && sigwait(&stop_signals, &sig) == 0) {
    if (sig == SIGHUP) {
      spdlog::info(kSighupMessage);
      sig = -1;
    }
  }
  if (sig > 0) spdlog::info("stopping (signal {})", sig);
  NotifySystemd("STOPPING=1");
  daemon.Stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace
}  // namespace ww

int main(int argc, char** argv) {
  const ww::Environment env = ww::EnvironmentFromEnviron(environ);
  ww::CliOutcome outcome =
      ww::ParseCommandLine(argc, argv, env, ww::ReadFileOrEmpty("/etc/resolv.conf"));
  const int code = ww::PrintOutcome(outcome, std::cout, std::cerr);
  if (outcome.action == ww::CliAction::kReport) {
    ww::SystemClock clock;
    return ww::RunReportCommand({outcome.report_range, outcome.report_out}, outcome.config,
                                outcome.data_dir, clock, std::cout, std::cerr);
  }
  if (outcome.action == ww::CliAction::kSpeedtest) {
    ww::SystemClock clock;
    return ww::RunSpeedtestCommand(outcome.config.speedtest, outcome.speedtest.json, clock,
                                   std::cout, std::cerr, isatty(STDERR_FILENO) == 1);
  }
  if (outcome.action == ww::CliAction::kSpeedtestServer) {
    return ww::RunSpeedtestServerCommand(outcome.speedtest_server, std::cout, std::cerr);
  }
  if (outcome.action != ww::CliAction::kRun) return code;
  return ww::Run(std::move(outcome));
}
