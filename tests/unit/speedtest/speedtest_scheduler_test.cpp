// The speed test scheduler with a FakeClock and a fake runner: no test at
// start, every interval after the previous start, interval changes for the
// next run, scanning off, single flight, one retry after the pause, stop
// cancels. Deterministic: the clock moves only when a test says, and
// WaitIdle() returns once the thread has acted on it.

#include <gtest/gtest.h>

#include <deque>
#include <stdexcept>

#include "speedtest/speedtest_scheduler.h"

namespace ww {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr Duration kDeadline = seconds(10);  // real time; only reached when a test fails

enum class Outcome { kOk, kFail, kThrow };

// Records calls; each returns the next queued outcome (default ok). With
// hold(), a call blocks until release() or the cancel flag.
class FakeRunner {
 public:
  explicit FakeRunner(FakeClock& clock) : clock_(clock) {}

  SpeedtestResult Run(const std::string& trigger, int attempt, const SpeedtestProgressFn& progress,
                      const std::atomic<bool>* cancel) {
    std::unique_lock lock(mu_);
    calls_.push_back(trigger + "/" + std::to_string(attempt));
    const std::size_t call = calls_.size();
    cv_.notify_all();
    const Outcome outcome = outcomes_.empty() ? Outcome::kOk : outcomes_.front();
    if (!outcomes_.empty()) outcomes_.pop_front();
    progress(SpeedtestProgress{"download", 123.4, 0.5});
    // Polls the cancel flag: the scheduler does not notify this fake's cv.
    while (hold_ && released_ < call && !cancel->load()) cv_.wait_for(lock, Millis(5));
    SpeedtestResult r;
    r.timestamp = clock_.WallNow();
    if (cancel->load()) {
      r.error = "cancelled";
      return r;
    }
    clock_.Advance(run_time_);  // the test took this long
    if (outcome == Outcome::kThrow) throw std::runtime_error("boom");
    r.ok = outcome == Outcome::kOk;
    if (r.ok) {
      r.download_mbps = 100;
      r.upload_mbps = 10;
    } else {
      r.error = "server refused";
    }
    return r;
  }

  void Queue(std::initializer_list<Outcome> o) {
    std::lock_guard lock(mu_);
    outcomes_.insert(outcomes_.end(), o);
  }
  void Hold() {
    std::lock_guard lock(mu_);
    hold_ = true;
  }
  void ReleaseOne() {
    std::lock_guard lock(mu_);
    ++released_;
    cv_.notify_all();
  }
  bool WaitForCalls(std::size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kDeadline, [&] { return calls_.size() >= n; });
  }
  std::vector<std::string> calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }
  void set_run_time(Duration d) { run_time_ = d; }

 private:
  FakeClock& clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> calls_;
  std::deque<Outcome> outcomes_;
  bool hold_ = false;
  std::size_t released_ = 0;
  Duration run_time_ = seconds(25);
};

class ResultLog {
 public:
  void Add(SpeedtestResult& r, const SpeedtestSettings& s) {
    std::lock_guard lock(mu_);
    r.id = static_cast<std::int64_t>(results_.size()) + 1;
    results_.push_back(r);
    exporters_seen_ = s.enabled_exporters;
    cv_.notify_all();
  }
  bool WaitFor(std::size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kDeadline, [&] { return results_.size() >= n; });
  }
  std::vector<SpeedtestResult> results() {
    std::lock_guard lock(mu_);
    return results_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<SpeedtestResult> results_;
  std::vector<std::string> exporters_seen_;
};

class SchedulerTest : public ::testing::Test {
 protected:
  explicit SchedulerTest(SpeedtestSettings settings = {}) : runner_(clock_) {
    SpeedtestSchedulerOptions options;
    options.retry_pause = seconds(30);
    scheduler_ = std::make_unique<SpeedtestScheduler>(
        [this](const std::string& t, int a, const SpeedtestProgressFn& p,
               const std::atomic<bool>* c) { return runner_.Run(t, a, p, c); },
        [this](SpeedtestResult& r, const SpeedtestSettings& s) { log_.Add(r, s); }, settings,
        clock_, options);
    start_ = clock_.WallNow();
  }
  ~SchedulerTest() override { scheduler_->Stop(); }

  // Moves the fake clock and lets the scheduler act on it.
  void AdvanceAndSettle(Duration d) {
    clock_.Advance(d);
    scheduler_->Poke();
    ASSERT_TRUE(scheduler_->WaitIdle(kDeadline));
  }
  std::size_t Runs() { return runner_.calls().size(); }
  Result<SpeedtestSettings> Put(const nlohmann::json& body) {
    return scheduler_->UpdateSettings(
        [&](const SpeedtestSettings& cur) { return ApplySettingsUpdate(cur, body); });
  }

  FakeClock clock_;
  FakeRunner runner_;
  ResultLog log_;
  std::unique_ptr<SpeedtestScheduler> scheduler_;
  WallTime start_;
};

TEST_F(SchedulerTest, NoTestAtStartTheFirstOneIntervalLater) {
  scheduler_->Start();
  ASSERT_TRUE(scheduler_->WaitIdle(kDeadline));
  EXPECT_EQ(Runs(), 0u);
  EXPECT_EQ(scheduler_->status().next_run, start_ + minutes(60));
  AdvanceAndSettle(minutes(59));
  EXPECT_EQ(Runs(), 0u);
  AdvanceAndSettle(minutes(1));
  ASSERT_TRUE(log_.WaitFor(1));
  const SpeedtestResult r = log_.results()[0];
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.trigger, "scheduled");
  EXPECT_EQ(r.attempt, 1);
  EXPECT_EQ(r.timestamp, start_ + minutes(60));
  const SpeedtestSchedulerStatus s = scheduler_->status();
  EXPECT_FALSE(s.running);
  EXPECT_EQ(s.last_run, start_ + minutes(60));
  EXPECT_EQ(s.next_run, start_ + minutes(120));  // after the previous start, not its end
}

TEST_F(SchedulerTest, EveryIntervalAfterThePreviousStart) {
  runner_.set_run_time(minutes(2));
  scheduler_->Start();
  AdvanceAndSettle(minutes(60));
  ASSERT_TRUE(log_.WaitFor(1));
  AdvanceAndSettle(minutes(57));  // 60 + 2 (the run) + 57 = 119
  EXPECT_EQ(Runs(), 1u);
  AdvanceAndSettle(minutes(1));
  ASSERT_TRUE(log_.WaitFor(2));
  EXPECT_EQ(log_.results()[1].timestamp, start_ + minutes(120));
}

TEST_F(SchedulerTest, IntervalChangeTakesEffectForTheNextRun) {
  scheduler_->Start();
  AdvanceAndSettle(minutes(10));
  ASSERT_TRUE(Put({{"interval_minutes", 30}}).ok());
  ASSERT_TRUE(scheduler_->WaitIdle(kDeadline));
  EXPECT_EQ(Runs(), 0u);
  EXPECT_EQ(scheduler_->status().next_run, start_ + minutes(30));
  // Due time already past: 5 minutes after start was 5 minutes ago.
  ASSERT_TRUE(Put({{"speedtest_interval_minutes", 5}}).ok());
  ASSERT_TRUE(log_.WaitFor(1));
  EXPECT_EQ(log_.results()[0].timestamp, start_ + minutes(10));
  ASSERT_TRUE(scheduler_->WaitIdle(kDeadline));
  EXPECT_EQ(scheduler_->status().next_run, start_ + minutes(15));
}

TEST_F(SchedulerTest, ScanningOffStopsScheduledTestsButNotTriggers) {
  scheduler_->Start();
  ASSERT_TRUE(Put({{"scanning_enabled", false}}).ok());
  AdvanceAndSettle(minutes(180));
  EXPECT_EQ(Runs(), 0u);
  SpeedtestSchedulerStatus s = scheduler_->status();
  EXPECT_FALSE(s.scanning);
  EXPECT_TRUE(s.thread_alive);
  EXPECT_FALSE(s.next_run.has_value());
  EXPECT_EQ(scheduler_->Trigger(), TriggerOutcome::kStarted);
  ASSERT_TRUE(log_.WaitFor(1));
  EXPECT_EQ(log_.results()[0].trigger, "manual");
  // On again: one interval from now, not at once for the time it was off.
  ASSERT_TRUE(scheduler_->WaitIdle(kDeadline));
  ASSERT_TRUE(Put({{"scanning_enabled", true}}).ok());
  ASSERT_TRUE(scheduler_->WaitIdle(kDeadline));
  EXPECT_EQ(Runs(), 1u);
  EXPECT_EQ(scheduler_->status().next_run, clock_.WallNow() + minutes(60));
}

TEST_F(SchedulerTest, TriggerWhileOneRunsIsAlreadyRunning) {
  runner_.Hold();
  scheduler_->Start();
  EXPECT_EQ(scheduler_->Trigger(), TriggerOutcome::kStarted);
  EXPECT_TRUE(scheduler_->status().running);  // from the answer on, before the thread starts it
  EXPECT_EQ(scheduler_->Trigger(), TriggerOutcome::kAlreadyRunning);
  ASSERT_TRUE(runner_.WaitForCalls(1));
  EXPECT_EQ(scheduler_->Trigger(), TriggerOutcome::kAlreadyRunning);
  const SpeedtestSchedulerStatus s = scheduler_->status();
  EXPECT_TRUE(s.running);
  EXPECT_EQ(s.trigger, "manual");
  EXPECT_EQ(s.phase, "download");
  EXPECT_DOUBLE_EQ(s.mbps, 123.4);
  EXPECT_EQ(s.started_at, start_);
  runner_.ReleaseOne();
  ASSERT_TRUE(log_.WaitFor(1));
  ASSERT_TRUE(scheduler_->WaitIdle(kDeadline));
  EXPECT_FALSE(scheduler_->status().running);
  EXPECT_EQ(Runs(), 1u);
  runner_.ReleaseOne();
  EXPECT_EQ(scheduler_->Trigger(), TriggerOutcome::kStarted);
  ASSERT_TRUE(log_.WaitFor(2));
}

TEST_F(SchedulerTest, AManualTestMovesTheNextScheduledOne) {
  scheduler_->Start();
  AdvanceAndSettle(minutes(20));
  EXPECT_EQ(scheduler_->Trigger(), TriggerOutcome::kStarted);
  ASSERT_TRUE(log_.WaitFor(1));
  ASSERT_TRUE(scheduler_->WaitIdle(kDeadline));
  EXPECT_EQ(scheduler_->status().next_run, start_ + minutes(80));
  AdvanceAndSettle(minutes(50));  // 20 + 25 s + 50 min: past 60, before 80
  EXPECT_EQ(Runs(), 1u);
}

TEST_F(SchedulerTest, AFailedTestIsRetriedOnceAfterThePause) {
  runner_.Queue({Outcome::kFail, Outcome::kFail});
  scheduler_->Start();
  EXPECT_EQ(scheduler_->Trigger(), TriggerOutcome::kStarted);
  ASSERT_TRUE(log_.WaitFor(1));
  ASSERT_TRUE(scheduler_->WaitIdle(kDeadline));
  SpeedtestSchedulerStatus s = scheduler_->status();
  EXPECT_TRUE(s.running);
  EXPECT_EQ(s.phase, "retry_wait");
  EXPECT_EQ(scheduler_->Trigger(), TriggerOutcome::kAlreadyRunning);
  AdvanceAndSettle(seconds(29));
  EXPECT_EQ(Runs(), 1u);
  AdvanceAndSettle(seconds(1));
  ASSERT_TRUE(log_.WaitFor(2));
  ASSERT_TRUE(scheduler_->WaitIdle(kDeadline));
  AdvanceAndSettle(minutes(5));
  EXPECT_EQ(Runs(), 2u) << "one retry only";
  const std::vector<SpeedtestResult> r = log_.results();
  EXPECT_EQ(r[0].attempt, 1);
  EXPECT_EQ(r[1].attempt, 2);
  for (const SpeedtestResult& x : r) {
    EXPECT_FALSE(x.ok);
    EXPECT_EQ(x.error, "server refused");
    EXPECT_EQ(x.trigger, "manual");
    EXPECT_FALSE(x.download_mbps.has_value());
  }
  EXPECT_FALSE(scheduler_->status().running);
}

TEST_F(SchedulerTest, ARetryThatSucceedsEndsTheRun) {
  runner_.Queue({Outcome::kThrow});
  scheduler_->Start();
  AdvanceAndSettle(minutes(60));
  ASSERT_TRUE(log_.WaitFor(1));
  EXPECT_NE(log_.results()[0].error.find("boom"), std::string::npos);
  EXPECT_EQ(log_.results()[0].trigger, "scheduled");
  AdvanceAndSettle(seconds(30));
  ASSERT_TRUE(log_.WaitFor(2));
  EXPECT_TRUE(log_.results()[1].ok);
  EXPECT_EQ(log_.results()[1].attempt, 2);
  ASSERT_TRUE(scheduler_->WaitIdle(kDeadline));
  EXPECT_EQ(Runs(), 2u);
}

TEST_F(SchedulerTest, StopCancelsARunningTestWithoutRetry) {
  runner_.Hold();
  scheduler_->Start();
  EXPECT_EQ(scheduler_->Trigger(), TriggerOutcome::kStarted);
  ASSERT_TRUE(runner_.WaitForCalls(1));
  scheduler_->Stop();
  const std::vector<SpeedtestResult> r = log_.results();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_FALSE(r[0].ok);
  EXPECT_EQ(r[0].error, "cancelled");
  EXPECT_EQ(Runs(), 1u);
  EXPECT_FALSE(scheduler_->status().thread_alive);
  EXPECT_FALSE(scheduler_->status().scanning);
}

TEST_F(SchedulerTest, SettingsUpdateThatFailsChangesNothing) {
  scheduler_->Start();
  const SpeedtestSettings before = scheduler_->settings();
  EXPECT_FALSE(Put({{"interval_minutes", 3}}).ok());
  EXPECT_FALSE(scheduler_->UpdateSettings([](const SpeedtestSettings&) {
    return Result<SpeedtestSettings>(Status::Error("disk full"));
  }));
  EXPECT_EQ(scheduler_->settings(), before);
}

}  // namespace
}  // namespace ww
