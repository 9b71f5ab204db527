#include "speedtest/latency_sampler.h"

namespace ww {

LatencySampler::LatencySampler(const CurlLibrary& curl, Options options, const Clock& clock)
    : curl_(curl), options_(std::move(options)), clock_(clock) {}

LatencySampler::~LatencySampler() { Stop(); }

void LatencySampler::Start() {
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

std::vector<std::optional<double>> LatencySampler::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  return std::move(samples_);
}

void LatencySampler::Run() {
  ProbeConnection connection(curl_, options_.interface);
  while (!stop_) {
    const MonoTime sent = clock_.Now();
    const FetchReply reply = connection.Fetch(options_.url, options_.timeout, clock_, &stop_);
    if (stop_ && !reply.ok) break;  // cut short, not lost
    samples_.push_back(reply.rtt_ms);
    // The next probe one interval after this one was sent (at once if it took longer).
    const Duration wait = options_.interval - (clock_.Now() - sent);
    if (wait <= Duration::zero()) continue;
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, wait, [this] { return stop_.load(); });
  }
}

}  // namespace ww
