// ww_responder: the test lab's "internet" (see responder.h and docs/testing.md).
//   ww_responder --control /tmp/x/ctl.sock --tcp-ports 22,443 [--dns-port 53]
//                [--http-port 80] [--dns-a 192.0.2.1] [--dns-aaaa 2001:db8::1] [--seed 1]
//                [--realtime]
// Stops on SIGTERM/SIGINT and prints its counters (JSON) to stderr.

#include <arpa/inet.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>

#include "responder.h"

namespace {

using ww::lab::ResponderOptions;

// The responder stands in for the network, which does not queue behind the
// build machine's compilers: real-time scheduling keeps its reply times exact
// when the CPUs are saturated. Kernel RT throttling still bounds it.
void RequestRealtime() {
  sched_param param{};
  param.sched_priority = 10;
  if (sched_setscheduler(0, SCHED_FIFO, &param) != 0) {
    std::perror("responder: SCHED_FIFO not available, replies may be late under load");
  }
}

int Run(const ResponderOptions& options, bool realtime) {
  if (realtime) RequestRealtime();
  ww::SystemClock clock;
  ww::lab::EventLoop loop(clock);
  if (ww::Status s = loop.Init(); !s) {
    std::fprintf(stderr, "responder: %s\n", s.message().c_str());
    return 1;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigprocmask(SIG_BLOCK, &signals, nullptr);
  const int sig_fd = signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK);
  ww::lab::Responder responder(loop, options);
  ww::Status started = responder.Start();
  if (started) started = loop.Watch(sig_fd, EPOLLIN, [&loop](std::uint32_t) { loop.Stop(); });
  if (!started) {
    std::fprintf(stderr, "responder: %s\n", started.message().c_str());
    return 1;
  }
  std::fprintf(stderr, "responder: ready, control socket %s\n", options.control_path.c_str());
  loop.Run();
  std::fprintf(stderr, "responder: counters %s\n", responder.StatsJson().c_str());
  close(sig_fd);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"wanwatch test-lab responder: ICMP, TCP, DNS and HTTP with scripted impairments"};
  ResponderOptions options;
  std::string dns_a = "192.0.2.1";
  std::string dns_aaaa = "2001:db8::1";
  app.add_option("--control", options.control_path, "UNIX control socket path")->required();
  app.add_option("--tcp-ports", options.tcp_ports, "TCP ports answering connects")->delimiter(',');
  app.add_option("--dns-port", options.dns_port, "UDP DNS port, 0 = off");
  app.add_option("--http-port", options.http_port, "HTTP port, 0 = off");
  app.add_option("--dns-a", dns_a, "address in A answers");
  app.add_option("--dns-aaaa", dns_aaaa, "address in AAAA answers");
  app.add_option("--seed", options.seed, "seed of the loss pattern");
  app.add_flag("!--no-icmp", options.icmp, "do not answer ICMP echo");
  bool realtime = false;
  app.add_flag("--realtime", realtime, "run with SCHED_FIFO priority (precise delays under load)");
  CLI11_PARSE(app, argc, argv);
  if (inet_pton(AF_INET, dns_a.c_str(), options.dns_answer.a.data()) != 1 ||
      inet_pton(AF_INET6, dns_aaaa.c_str(), options.dns_answer.aaaa.data()) != 1) {
    std::fprintf(stderr, "responder: --dns-a/--dns-aaaa: not an IPv4/IPv6 address\n");
    return 2;
  }
  return Run(options, realtime);
}
