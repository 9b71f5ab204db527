#pragma once
// What GET /api/health keeps between requests: the history_gaps result (it
// reads 24 h of minutes per uplink, so it is computed at most once per
// kHealthGapCacheTtl however often the endpoint is polled), the growth of
// failure counters (CounterWatch), and the functions that read the machine
// (system_stats.h; tests replace them with fakes).
//
// Thread safety: every method may be called from any number of HTTP threads;
// a gaps computation runs under the lock, so concurrent misses compute once.

#include <functional>
#include <mutex>
#include <optional>

#include "api/counter_watch.h"
#include "api/health_checks.h"
#include "api/system_stats.h"

namespace ww {

struct SystemReaders {
  std::function<Result<MemoryInfo>()> memory = [] { return ReadMemoryInfo(); };
  std::function<Result<ProcessMemory>()> process = [] { return ReadProcessMemory(); };
  std::function<Result<DiskSpace>(const std::filesystem::path&)> disk = ReadDiskSpace;
  std::function<Result<DirInfo>(const std::filesystem::path&)> dir = ReadDirInfo;
};

class HealthState {
 public:
  explicit HealthState(SystemReaders readers = {})
      : readers_(std::move(readers)), counters_(kHealthCounterWindow) {}

  // The cached gaps check, or `compute()` when it is older than the TTL at `now`.
  CheckResult Gaps(MonoTime now, const std::function<CheckResult()>& compute) {
    std::lock_guard lock(mu_);
    if (!gaps_at_ || now - *gaps_at_ >= kHealthGapCacheTtl || now < *gaps_at_) {
      gaps_ = compute();
      gaps_at_ = now;
    }
    return gaps_;
  }

  const SystemReaders& readers() const { return readers_; }
  CounterWatch& counters() { return counters_; }

 private:
  const SystemReaders readers_;
  CounterWatch counters_;
  std::mutex mu_;
  std::optional<MonoTime> gaps_at_;
  CheckResult gaps_;
};

}  // namespace ww
