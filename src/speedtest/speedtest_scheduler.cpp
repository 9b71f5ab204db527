#include "speedtest/speedtest_scheduler.h"

#include <algorithm>
#include <exception>

namespace ww {
namespace {

Duration Interval(const SpeedtestSettings& s) { return std::chrono::minutes(s.interval_minutes); }

}  // namespace

SpeedtestScheduler::SpeedtestScheduler(SpeedtestRunner runner, SpeedtestResultSink sink,
                                       SpeedtestSettings settings, const Clock& clock,
                                       SpeedtestSchedulerOptions options)
    : runner_(std::move(runner)),
      sink_(std::move(sink)),
      clock_(clock),
      options_(options),
      settings_(std::move(settings)) {}

SpeedtestScheduler::~SpeedtestScheduler() { Stop(); }

void SpeedtestScheduler::Start() {
  std::lock_guard lock(mu_);
  if (started_) return;
  started_ = true;
  anchor_ = clock_.Now();
  thread_ = std::thread([this] { Run(); });
}

void SpeedtestScheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    cancel_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SpeedtestScheduler::Poke() {
  {
    std::lock_guard lock(mu_);
    ++pokes_;
  }
  cv_.notify_all();
}

TriggerOutcome SpeedtestScheduler::Trigger() {
  {
    std::lock_guard lock(mu_);
    if (status_.running || manual_pending_) return TriggerOutcome::kAlreadyRunning;
    manual_pending_ = true;
    // Running from the answer on: a client polling /api/trigger/status right
    // after "started" must not see "not running" before the thread picks it up.
    status_.running = true;
    status_.trigger = "manual";
    status_.attempt = 1;
    status_.phase = "starting";
    status_.fraction = 0;
    status_.mbps = 0;
    status_.started_at = clock_.WallNow();
  }
  cv_.notify_all();
  return TriggerOutcome::kStarted;
}

SpeedtestSchedulerStatus SpeedtestScheduler::status() const {
  std::lock_guard lock(mu_);
  SpeedtestSchedulerStatus s = status_;
  s.thread_alive = started_ && !stopping_;
  s.scanning = s.thread_alive && settings_.scanning_enabled;
  s.next_run.reset();
  if (s.scanning) {
    const MonoTime now = clock_.Now();
    const Duration left = std::max(Duration::zero(), DueLocked() - now);
    s.next_run = clock_.WallNow() + std::chrono::duration_cast<WallClock::duration>(left);
  }
  return s;
}

SpeedtestSettings SpeedtestScheduler::settings() const {
  std::lock_guard lock(mu_);
  return settings_;
}

Result<SpeedtestSettings> SpeedtestScheduler::UpdateSettings(
    const std::function<Result<SpeedtestSettings>(const SpeedtestSettings&)>& change) {
  Result<SpeedtestSettings> next = SpeedtestSettings{};
  {
    std::lock_guard lock(mu_);
    next = change(settings_);
    if (!next) return next;
    if (!settings_.scanning_enabled && next->scanning_enabled) anchor_ = clock_.Now();
    settings_ = *next;
    ++pokes_;
  }
  cv_.notify_all();
  return next;
}

MonoTime SpeedtestScheduler::DueLocked() const { return anchor_ + Interval(settings_); }

SpeedtestScheduler::Pending SpeedtestScheduler::Decide(MonoTime now, Duration* wait) {
  if (manual_pending_) return Pending::kManual;
  if (settings_.scanning_enabled) {
    const MonoTime due = DueLocked();
    if (now >= due) return Pending::kScheduled;
    *wait = std::min(due - now, options_.max_wait);
  } else {
    *wait = options_.max_wait;
  }
  return Pending::kNone;
}

void SpeedtestScheduler::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    Duration wait{};
    const MonoTime now = clock_.Now();
    const Pending pending = Decide(now, &wait);
    if (pending == Pending::kNone) {
      WaitLocked(lock, wait, /*wake_on_trigger=*/true);
      continue;
    }
    const std::string trigger = pending == Pending::kManual ? "manual" : "scheduled";
    manual_pending_ = false;
    anchor_ = now;
    status_.running = true;
    status_.trigger = trigger;
    status_.started_at = clock_.WallNow();
    status_.last_run = status_.started_at;
    lock.unlock();
    RunOne(trigger);
    lock.lock();
    status_.running = false;
    status_.phase.clear();
    status_.attempt = 0;
    status_.fraction = 0;
    status_.mbps = 0;
    status_.started_at.reset();
  }
}

void SpeedtestScheduler::RunOne(const std::string& trigger) {
  const SpeedtestResult first = RunAttempt(trigger, 1);
  if (first.ok || cancel_) return;
  if (!WaitRetryPause()) return;
  RunAttempt(trigger, 2);
}

SpeedtestResult SpeedtestScheduler::RunAttempt(const std::string& trigger, int attempt) {
  const WallTime started = clock_.WallNow();
  {
    std::lock_guard lock(mu_);
    status_.attempt = attempt;
    status_.phase = "starting";
    status_.fraction = 0;
    status_.mbps = 0;
  }
  const SpeedtestProgressFn progress = [this](const SpeedtestProgress& p) {
    std::lock_guard lock(mu_);
    status_.phase = p.phase;
    status_.fraction = p.fraction;
    status_.mbps = p.mbps;
  };
  SpeedtestResult result;
  try {
    result = runner_(trigger, attempt, progress, &cancel_);
  } catch (const std::exception& e) {
    // The runner's contract is not to throw; if it does, the test failed.
    result = SpeedtestResult{};
    result.error = std::string("speed test failed: ") + e.what();
  }
  result.id = 0;
  result.trigger = trigger;
  result.attempt = attempt;
  if (result.timestamp == WallTime{}) result.timestamp = started;
  if (!result.ok && result.error.empty()) result.error = "speed test failed (no reason given)";
  sink_(result, settings());
  return result;
}

bool SpeedtestScheduler::WaitRetryPause() {
  std::unique_lock lock(mu_);
  status_.phase = "retry_wait";
  const MonoTime retry_at = clock_.Now() + options_.retry_pause;
  while (!stopping_) {
    const MonoTime now = clock_.Now();
    if (now >= retry_at) return true;
    WaitLocked(lock, std::min(retry_at - now, options_.max_wait), /*wake_on_trigger=*/false);
  }
  return false;
}

void SpeedtestScheduler::WaitLocked(std::unique_lock<std::mutex>& lock, Duration wait,
                                    bool wake_on_trigger) {
  const std::uint64_t pokes = pokes_;
  seen_pokes_ = pokes;
  waiting_ = true;
  idle_cv_.notify_all();
  cv_.wait_for(lock, wait, [&] {
    return stopping_ || (wake_on_trigger && manual_pending_) || pokes_ != pokes;
  });
  waiting_ = false;
}

bool SpeedtestScheduler::WaitIdle(Duration timeout) {
  std::unique_lock lock(mu_);
  return idle_cv_.wait_for(lock, timeout, [this] {
    return stopping_ || (waiting_ && seen_pokes_ == pokes_ && !manual_pending_);
  });
}

}  // namespace ww
