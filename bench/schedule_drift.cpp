// Long-run drift of the probe loop in real time: runs the ProbeService with a
// prober that answers at once (by post) and reports, per target, the mean
// interval between sends against nominal, plus how late sends were against
// their due time and what the loop cost in CPU.
//
//   ww_schedule_drift [seconds=60] [base_ms=50] [targets=3]
#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "probe/probe_service.h"

namespace ww {
namespace {

struct Send {
  TargetId target;
  std::int64_t round;
  MonoTime at;
};

class RecordingProber final : public Prober {
 public:
  RecordingProber(boost::asio::io_context& io, std::vector<Send>& sends) : io_(io), sends_(sends) {}
  std::string_view name() const override { return "recording"; }
  void Start(const ProbeRequest& request, ProbeDone done) override {
    sends_.push_back(Send{request.target, request.round, MonoClock::now()});  // loop thread only
    boost::asio::post(io_, [done = std::move(done)] { done(Sample{}); });
  }

 private:
  boost::asio::io_context& io_;
  std::vector<Send>& sends_;
};

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int Run(int seconds, int base_ms, int n) {
  SystemClock clock;
  ProbeServiceOptions options;
  options.base_interval = Millis{base_ms};
  options.lookup = [](const std::string& h) { return Result<IpAddress>::Error(h); };
  std::vector<TargetSpec> targets(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    targets[i].name = "t" + std::to_string(i);
    targets[i].host = "127.0.0." + std::to_string(i % 250 + 1);
    targets[i].interval = Millis{base_ms};
  }
  auto created = ProbeService::Create(clock, targets, options, [](const Sample&) {});
  if (!created) {
    std::fprintf(stderr, "%s\n", created.error().c_str());
    return 1;
  }
  std::unique_ptr<ProbeService> service = std::move(created).value();
  std::vector<Send> sends;
  sends.reserve(static_cast<std::size_t>(seconds) * 1000 / base_ms * n + 1000);
  RecordingProber prober(service->context(), sends);
  (void)service->RegisterProber(ProbeKind::kIcmp, &prober);
  const double cpu0 = CpuSeconds();
  const MonoTime t0 = clock.Now();  // the service takes its own, microseconds later
  (void)service->Start();
  std::this_thread::sleep_for(std::chrono::seconds{seconds});
  service->Stop();  // joins the loop: `sends` is ours now
  const double cpu = CpuSeconds() - cpu0;
  const ProbeServiceCounters c = service->counters();

  const Duration base = Millis{base_ms};
  const Duration spread = base / 2;
  std::vector<double> late_us;
  for (const Send& s : sends) {
    const MonoTime due = t0 + base * s.round + spread * s.target / n;
    late_us.push_back(std::chrono::duration<double, std::micro>(s.at - due).count());
  }
  std::sort(late_us.begin(), late_us.end());
  auto pct = [&](double p) { return late_us[static_cast<std::size_t>(p * (late_us.size() - 1))]; };
  std::printf("run %d s, base %d ms, %d targets: %zu sends, %llu rounds skipped, cpu %.2f%%\n",
              seconds, base_ms, n, sends.size(), static_cast<unsigned long long>(c.rounds_skipped),
              100.0 * cpu / seconds);
  std::printf("lateness vs due (us): p50 %.0f  p99 %.0f  max %.0f\n", pct(0.5), pct(0.99),
              late_us.back());
  for (TargetId t = 0; t < static_cast<TargetId>(n); ++t) {
    // Endpoints: (last - first) / rounds. Slope: least squares of send time
    // on round number, which one late first or last send cannot sway.
    double sx = 0, sy = 0, sxx = 0, sxy = 0, count = 0;
    const Send* first = nullptr;
    const Send* last = nullptr;
    for (const Send& s : sends) {
      if (s.target != t) continue;
      if (first == nullptr) first = &s;
      last = &s;
      const double x = static_cast<double>(s.round);
      const double y = std::chrono::duration<double, std::milli>(s.at - t0).count();
      sx += x, sy += y, sxx += x * x, sxy += x * y, count += 1;
    }
    if (first == nullptr || last->round == first->round) continue;
    const double rounds = static_cast<double>(last->round - first->round);
    const double mean_ms =
        std::chrono::duration<double, std::milli>(last->at - first->at).count() / rounds;
    const double slope_ms = (count * sxy - sx * sy) / (count * sxx - sx * sx);
    std::printf(
        "target %u: %.0f intervals, mean %.6f ms (error %+.4f%%), slope %.6f ms (error %+.5f%%)\n",
        t, rounds, mean_ms, 100.0 * (mean_ms - base_ms) / base_ms, slope_ms,
        100.0 * (slope_ms - base_ms) / base_ms);
  }
  return 0;
}

}  // namespace
}  // namespace ww

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 60;
  const int base_ms = argc > 2 ? std::atoi(argv[2]) : 50;
  const int targets = argc > 3 ? std::atoi(argv[3]) : 3;
  if (seconds <= 0 || base_ms <= 0 || targets <= 0) {
    std::fprintf(stderr, "usage: ww_schedule_drift [seconds>0] [base_ms>0] [targets>0]\n");
    return 2;
  }
  return ww::Run(seconds, base_ms, targets);
}
