#pragma once
// /api/status?live=1 (isp-status: "each request executes live probes"): one
// probe round of every uplink's checks, run now and judged by the engine.
// Live probing is costly, so rounds are shared and rate-limited:
// - a call while a round is running waits for that round (single flight);
// - a call within `min_interval` of the last round's end gets that round
//   again (`reused`, with its age) instead of starting another;
// - a call waits at most `deadline`; then it is told the round is late
//   (the handler falls back to the continuously computed state).
//
// Thread safety: Get() may be called from any number of threads at once. The
// runner's callback may run on any thread (the engine's).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "engine/snapshot.h"

namespace ww {

struct LiveRound {
  std::vector<UplinkStatus> uplinks;
  WallTime started_at{};
  WallTime finished_at{};
};

struct LiveAnswer {
  std::optional<LiveRound> round;  // empty: the round did not finish in time
  bool shared = false;             // joined a round another call started
  bool reused = false;             // the previous round, younger than min_interval
  std::string error;               // why there is no round
};

class LiveRounds {
 public:
  // Starts one round; calls `done` exactly once when it has been judged
  // (never, if the daemon is stopping: callers then hit their deadline).
  using Runner = std::function<void(std::function<void(std::vector<UplinkStatus>)> done)>;

  LiveRounds(Runner runner, const Clock& clock, Duration min_interval, Duration deadline);

  LiveAnswer Get();
  Duration min_interval() const { return min_interval_; }

 private:
  void Finish(std::uint64_t generation, std::vector<UplinkStatus> uplinks);

  Runner runner_;
  const Clock& clock_;
  const Duration min_interval_;
  const Duration deadline_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t generation_ = 0;  // rounds started
  bool running_ = false;
  WallTime running_since_{};
  MonoTime running_mono_{};
  std::optional<MonoTime> last_end_;
  std::optional<LiveRound> last_;
  std::uint64_t last_generation_ = 0;  // generation of last_
};

}  // namespace ww
