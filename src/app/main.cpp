// wanwatch: watches an internet connection and says, with evidence, when and why it broke.
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli.h"
#include "app/daemon.h"
#include "config/data_dir.h"
#include "export/report_command.h"

extern char** environ;

namespace ww {
namespace {

std::string ReadFileOrEmpty(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void SetUpLogging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("wanwatch");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  spdlog::set_level(spdlog::level::from_str(level));
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
  SetUpLogging(outcome.config.general.log_level);
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
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  SystemClock clock;
  Daemon daemon(std::move(outcome.config), std::move(outcome.targets), outcome.data_dir, clock);
  if (Status s = daemon.Start(); !s.ok()) {
    spdlog::error("cannot start: {}", s.message());
    daemon.Stop();
    return 1;
  }
  NotifySystemd("READY=1");
  int sig = 0;
  while (sigwait(&stop_signals, &sig) == 0) {
    if (sig == SIGHUP) {
      spdlog::info("SIGHUP: configuration reload is not supported yet; restart to apply changes");
      continue;
    }
    break;
  }
  spdlog::info("stopping (signal {})", sig);
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
  if (outcome.action != ww::CliAction::kRun) return code;
  return ww::Run(std::move(outcome));
}
