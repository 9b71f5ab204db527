#pragma once
// Latency under load: a thread of its own that sends a small request every
// `interval` on its own connection (ProbeConnection) while a direction's bulk
// transfers run, until Stop(). A probe that is not answered within `timeout`
// counts as lost.
// Thread safety: Start and Stop from one thread (the test's); the samples are
// handed over by Stop after the thread has ended.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "speedtest/probe_connection.h"

namespace ww {

class LatencySampler {
 public:
  struct Options {
    std::string url;
    std::string interface;
    Duration interval = std::chrono::milliseconds{150};
    Duration timeout = std::chrono::milliseconds{2000};
  };

  LatencySampler(const CurlLibrary& curl, Options options, const Clock& clock);
  ~LatencySampler();  // stops and joins
  LatencySampler(const LatencySampler&) = delete;
  LatencySampler& operator=(const LatencySampler&) = delete;

  void Start();
  // RTTs in ms in the order sent; nullopt = lost. Probes cut short by Stop are not counted.
  std::vector<std::optional<double>> Stop();

 private:
  void Run();

  const CurlLibrary& curl_;
  const Options options_;
  const Clock& clock_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable wake_;
  std::vector<std::optional<double>> samples_;  // written by the thread until it ends
  std::thread thread_;
};

}  // namespace ww
