// ww_icmp_ping_once: pings every address of a list once with IcmpProber and
// prints what came back, like `fping -c1 -q -f FILE`. Used by icmp_compare.sh
// to compare CPU time and memory with fping on the same list and spacing.
//
//   ww_icmp_ping_once [--interval-us N] [--timeout-ms T] [--payload B]
//                     [--socket auto|datagram|raw] FILE
//
// --interval-us N: one probe every N µs (fping -i N/1000); 0 sends as fast as
// the loop allows, in bursts of --burst probes between which replies are read.
// Exit status: 0 when every target answered, 1 when some did not, 2 on bad input.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "probe/icmp_prober.h"

namespace ww {
namespace {

struct Options {
  std::string file;
  long interval_us = 1000;
  int timeout_ms = 1000;
  std::size_t payload = 56;
  std::size_t burst = 100;
  std::string socket = "auto";
};

struct Tally {
  std::size_t done = 0, ok = 0, timeout = 0, unreachable = 0, send_failed = 0, other = 0;
  double rtt_min = std::numeric_limits<double>::infinity(), rtt_max = 0, rtt_sum = 0;
  void Add(const Sample& s) {
    ++done;
    if (s.ok) {
      ++ok;
      rtt_min = std::min(rtt_min, s.rtt_ms);
      rtt_max = std::max(rtt_max, s.rtt_ms);
      rtt_sum += s.rtt_ms;
    } else if (s.error == ProbeError::kTimeout) {
      ++timeout;
    } else if (s.error == ProbeError::kUnreachable) {
      ++unreachable;
    } else if (s.error == ProbeError::kSendFailed) {
      ++send_failed;
    } else {
      ++other;
    }
  }
};

// One address per line; blank lines and '#' comments are skipped.
bool ReadTargets(const std::string& file, std::vector<IpAddress>& out) {
  std::ifstream in(file);
  if (!in) {
    std::fprintf(stderr, "target list '%s': cannot open\n", file.c_str());
    return false;
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    line.erase(0, line.find_first_not_of(" \t"));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (line.empty() || line[0] == '#') continue;
    const std::optional<IpAddress> a = IpAddress::Parse(line);
    if (!a) {
      std::fprintf(stderr, "target list '%s' line %d: '%s' is not an IP address\n", file.c_str(),
                   number, line.c_str());
      return false;
    }
    out.push_back(*a);
  }
  return true;
}

// Starts probes on schedule: every interval, or in bursts when the interval is 0.
class Pacer {
 public:
  Pacer(boost::asio::io_context& io, IcmpProber& prober, const std::vector<IpAddress>& targets,
        const Options& o, Tally& tally)
      : io_(io), prober_(prober), targets_(targets), o_(o), tally_(tally), timer_(io) {}

  void Begin() {
    start_ = MonoClock::now();
    Tick();
  }

 private:
  void StartOne() {
    ProbeRequest r;
    r.target = static_cast<TargetId>(next_);
    r.address = targets_[next_++];
    r.timeout = std::chrono::milliseconds(o_.timeout_ms);
    prober_.Start(r, [this](const Sample& s) {
      tally_.Add(s);
      if (tally_.done == targets_.size()) io_.stop();
    });
  }
  void Tick() {
    if (o_.interval_us <= 0) {
      for (std::size_t i = 0; i < o_.burst && next_ < targets_.size(); ++i) StartOne();
      if (next_ < targets_.size()) boost::asio::post(io_, [this] { Tick(); });
      return;
    }
    // Every probe that is due by now, so a late wakeup does not slow the pace.
    const auto interval = std::chrono::microseconds(o_.interval_us);
    const std::size_t due = static_cast<std::size_t>((MonoClock::now() - start_) / interval) + 1;
    while (next_ < targets_.size() && next_ < due) StartOne();
    if (next_ >= targets_.size()) return;
    timer_.expires_at(start_ + interval * static_cast<long>(next_));
    timer_.async_wait([this](boost::system::error_code ec) {
      if (!ec) Tick();
    });
  }

  boost::asio::io_context& io_;
  IcmpProber& prober_;
  const std::vector<IpAddress>& targets_;
  const Options& o_;
  Tally& tally_;
  boost::asio::steady_timer timer_;
  MonoTime start_{};
  std::size_t next_ = 0;
};

int Main(int argc, char** argv) {
  Options o;
  CLI::App app{"Ping every address of a list once with wanwatch's ICMP prober"};
  app.add_option("file", o.file, "target list, one address per line")->required();
  app.add_option("--interval-us", o.interval_us, "spacing between probes in µs (0: bursts)");
  app.add_option("--timeout-ms", o.timeout_ms, "per-probe timeout")->check(CLI::Range(1, 60000));
  app.add_option("--payload", o.payload, "payload bytes after the ICMP header");
  app.add_option("--burst", o.burst, "probes per loop turn with --interval-us 0")
      ->check(CLI::Range(1, 100000));
  app.add_option("--socket", o.socket, "socket type")
      ->check(CLI::IsMember({"auto", "datagram", "raw"}));
  CLI11_PARSE(app, argc, argv);

  std::vector<IpAddress> targets;
  if (!ReadTargets(o.file, targets)) return 2;
  IcmpProberOptions po;
  po.payload_size = o.payload;
  po.socket_mode = o.socket == "raw"        ? IcmpSocketMode::kRawOnly
                   : o.socket == "datagram" ? IcmpSocketMode::kDatagramOnly
                                            : IcmpSocketMode::kAuto;
  if (Status s = po.Validate(); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 2;
  }
  boost::asio::io_context io(1);  // one thread runs it: lets Asio skip cross-thread wakeups
  SystemClock clock;
  IcmpProber prober(io, clock, po);
  if (!prober.available()) return 2;  // the prober logged why
  Tally tally;
  Pacer pacer(io, prober, targets, o, tally);
  const MonoTime start = MonoClock::now();
  if (!targets.empty()) {
    pacer.Begin();
    io.run();
  }
  const double elapsed = std::chrono::duration<double>(MonoClock::now() - start).count();
  const IcmpCounters c = prober.counters();
  std::printf(
      "targets %zu ok %zu timeout %zu unreachable %zu send_failed %zu other %zu | sent %llu "
      "late %llu duplicates %llu foreign %llu clock_fallbacks %llu | elapsed_s %.3f",
      targets.size(), tally.ok, tally.timeout, tally.unreachable, tally.send_failed, tally.other,
      static_cast<unsigned long long>(c.sent), static_cast<unsigned long long>(c.late),
      static_cast<unsigned long long>(c.duplicates), static_cast<unsigned long long>(c.foreign),
      static_cast<unsigned long long>(c.clock_fallbacks), elapsed);
  if (tally.ok > 0) {
    std::printf(" rtt_ms min/avg/max %.3f/%.3f/%.3f", tally.rtt_min, tally.rtt_sum / tally.ok,
                tally.rtt_max);
  }
  std::printf("\n");
  return tally.ok == targets.size() ? 0 : 1;
}

}  // namespace
}  // namespace ww

int main(int argc, char** argv) { return ww::Main(argc, argv); }
