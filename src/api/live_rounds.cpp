#include "api/live_rounds.h"

namespace ww {

LiveRounds::LiveRounds(Runner runner, const Clock& clock, Duration min_interval, Duration deadline)
    : runner_(std::move(runner)), clock_(clock), min_interval_(min_interval), deadline_(deadline) {}

LiveAnswer LiveRounds::Get() {
  LiveAnswer answer;
  std::unique_lock lock(mu_);
  if (!running_ && last_ && last_end_ && clock_.Now() - *last_end_ < min_interval_) {
    answer.round = last_;
    answer.reused = true;
    return answer;
  }
  // A round whose answer never came (the engine stopped) must not block every later call.
  if (running_ && clock_.Now() - running_mono_ > 2 * deadline_) running_ = false;
  std::uint64_t wanted = generation_;
  if (running_) {
    answer.shared = true;
  } else {
    running_ = true;
    wanted = ++generation_;
    running_since_ = clock_.WallNow();
    running_mono_ = clock_.Now();
    lock.unlock();
    // Outside the lock: the runner may call back at once on this thread.
    runner_(
        [this, wanted](std::vector<UplinkStatus> uplinks) { Finish(wanted, std::move(uplinks)); });
    lock.lock();
  }
  // Real time, not the injectable clock: this bounds how long a thread blocks.
  const bool done = cv_.wait_for(lock, deadline_, [&] { return last_generation_ >= wanted; });
  if (!done) {
    answer.error =
        "the live probe round did not finish within " +
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(deadline_).count()) + " s";
    return answer;
  }
  answer.round = last_;
  return answer;
}

void LiveRounds::Finish(std::uint64_t generation, std::vector<UplinkStatus> uplinks) {
  {
    std::lock_guard lock(mu_);
    LiveRound round;
    round.uplinks = std::move(uplinks);
    round.started_at = running_since_;
    round.finished_at = clock_.WallNow();
    last_ = std::move(round);
    last_generation_ = generation;
    last_end_ = clock_.Now();
    running_ = false;
  }
  cv_.notify_all();
}

}  // namespace ww
