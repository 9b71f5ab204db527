#pragma once
// Runs speed tests on a thread of its own: scheduled ones every
// interval_minutes, and manual ones (POST /api/trigger). One at a time.
//
// The rules (README "Speed test API"):
// - No test at start: the first scheduled test is one interval after Start(),
//   so a machine that restarts often does not measure on every start.
// - The next scheduled test is due one interval after the previous test's
//   start, whatever started it (a manual test counts: two tests back to back
//   tell nothing new). The interval is read when the next one is computed, so
//   a change through the API takes effect for the next run (a due time that
//   is already past runs at once).
// - scanning_enabled=false stops scheduled tests; triggered ones still run.
//   Enabling it again schedules the next test one interval later.
// - A failed test (ok=false) is retried once, attempt 2, after retry_pause.
//   Both results go to the sink. The retry is part of the same run: a trigger
//   meanwhile answers already_running.
// - Stop() sets the cancel flag the runner watches and joins the thread.
//
// Worked example (interval 60 min, started at 10:00): scheduled tests at
// 11:00, 12:00; a trigger at 12:20 runs then; the next scheduled test is at
// 13:20. PUT interval 30 at 13:00: 12:20 + 30 = 12:50 is past, so it runs
// now (13:00), then 13:30...
//
// Time: the monotonic Clock for due times, wall time for records. The thread
// waits on a condition variable for the real time left (at most
// max_wait); tests with a FakeClock advance it and call Poke().
//
// Thread safety: every public method may be called from any thread. The
// runner, sink and progress run on the scheduler's thread.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/result.h"
#include "speedtest/speedtest_client.h"
#include "speedtest/speedtest_result.h"
#include "speedtest/speedtest_settings.h"

namespace ww {

// Runs one test (RunSpeedtest in the daemon, a fake in tests). Blocks.
using SpeedtestRunner = std::function<SpeedtestResult(const std::string& trigger, int attempt,
                                                      const SpeedtestProgressFn& progress,
                                                      const std::atomic<bool>* cancel)>;
// Receives each result (stores it, writes the CSV); sets result.id when stored.
using SpeedtestResultSink =
    std::function<void(SpeedtestResult& result, const SpeedtestSettings& settings)>;

struct SpeedtestSchedulerOptions {
  Duration retry_pause = std::chrono::seconds(30);
  // The longest real wait between looks at the clock (bounds the effect of a
  // clock that is not the system's).
  Duration max_wait = std::chrono::seconds(60);
};

struct SpeedtestSchedulerStatus {
  bool thread_alive = false;  // Start() called, Stop() not yet
  bool scanning = false;      // thread alive and scanning_enabled
  bool running = false;       // a test (or its retry pause) is in progress or about to start
  std::string trigger;        // of the running test: "scheduled", "manual"
  int attempt = 0;
  std::string phase;  // "starting", "latency", "download", "upload", "done", "retry_wait"
  double fraction = 0;
  double mbps = 0;
  std::optional<WallTime> started_at;  // of the running test
  std::optional<WallTime> last_run;    // start of the latest test this process ran
  std::optional<WallTime> next_run;    // next scheduled test; nullopt when not scanning
};

enum class TriggerOutcome { kStarted, kAlreadyRunning };

class SpeedtestScheduler {
 public:
  SpeedtestScheduler(SpeedtestRunner runner, SpeedtestResultSink sink, SpeedtestSettings settings,
                     const Clock& clock, SpeedtestSchedulerOptions options = {});
  ~SpeedtestScheduler();
  SpeedtestScheduler(const SpeedtestScheduler&) = delete;
  SpeedtestScheduler& operator=(const SpeedtestScheduler&) = delete;

  void Start();
  void Stop();  // idempotent; cancels a running test and returns once the thread has ended

  // A manual test: kStarted (status().running is true from now on) or
  // kAlreadyRunning. Before Start() or after Stop(): kAlreadyRunning is never
  // right, so the test is queued and runs once started.
  TriggerOutcome Trigger();

  SpeedtestSchedulerStatus status() const;
  SpeedtestSettings settings() const;
  // `change` computes (and persists) the new settings from the current ones,
  // under the scheduler's lock so concurrent updates do not interleave. On
  // success the new settings apply to the next decision.
  Result<SpeedtestSettings> UpdateSettings(
      const std::function<Result<SpeedtestSettings>(const SpeedtestSettings&)>& change);

  // Makes the thread look at the clock again (tests with a FakeClock).
  void Poke();
  // Waits (real time, at most `timeout`) until the thread has seen every
  // Poke() and trigger so far and is waiting again: between tests, or in a
  // retry pause. False on timeout (a test still running). For tests: after
  // Advance + Poke + WaitIdle, whatever was due has run.
  bool WaitIdle(Duration timeout);

 private:
  enum class Pending { kNone, kManual, kScheduled };
  void Run();
  // With mu_ held: the test to run now, or kNone and how long to wait.
  Pending Decide(MonoTime now, Duration* wait);
  void RunOne(const std::string& trigger);
  SpeedtestResult RunAttempt(const std::string& trigger, int attempt);
  bool WaitRetryPause();  // false when stopping
  // With the lock held: waits on cv_ for at most `wait`, until stopping, a
  // trigger (when `wake_on_trigger`) or a Poke().
  void WaitLocked(std::unique_lock<std::mutex>& lock, Duration wait, bool wake_on_trigger);
  MonoTime DueLocked() const;

  SpeedtestRunner runner_;
  SpeedtestResultSink sink_;
  const Clock& clock_;
  SpeedtestSchedulerOptions options_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  SpeedtestSettings settings_;
  bool started_ = false;
  bool stopping_ = false;
  bool manual_pending_ = false;
  std::uint64_t pokes_ = 0;
  std::uint64_t seen_pokes_ = 0;  // pokes_ when the thread last started waiting
  bool waiting_ = false;          // the thread waits (between tests or in a retry pause)
  std::condition_variable idle_cv_;
  MonoTime anchor_{};  // start of the previous test, or Start()
  SpeedtestSchedulerStatus status_;
  std::atomic<bool> cancel_{false};
  std::thread thread_;
};

}  // namespace ww
