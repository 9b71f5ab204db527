#pragma once
// The alert delivery thread: the daemon's AlertSink. Sources Publish events
// (never blocking); the policy (alert_policy.h) decides which are sent; each
// admitted event becomes one request per enabled provider (provider_requests.h),
// sent by the HttpSender on the notifier's own thread.
//
// Delivery: a small time-ordered schedule of attempts, so a provider in its
// retry backoff never holds back another provider or a later event. A failed
// attempt is retried only when the outcome is retryable, up to max_attempts,
// after backoff[0], backoff[1], ... (each stretched by up to ±jitter_fraction
// so many daemons do not retry in step). Every final outcome (sent, given up,
// dropped at Stop) is one alert_log row.
//
// Bounds: at most queue_capacity attempts wait in the schedule; an event whose
// requests do not fit is dropped whole and counted. A send is bounded by the
// sender's own timeout. Stop() sends what is due until stop_deadline (Clock
// time) has passed, logs what is left as failed, and joins.
//
// Requests are built when the event is admitted, with the settings of that
// moment: UpdateSettings affects later events, not attempts already scheduled.
//
// Time: the Clock's monotonic time for due times and cooldowns, wall time for
// log rows. The thread waits on a condition variable for the real time left
// (at most max_wait); tests with a FakeClock Advance it and Poke().
//
// Thread safety: every public method may be called from any thread. The
// sender and the log store are used from the notifier's thread, and from the
// caller's thread in SendTest: both must be thread-safe.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "notify/alert_event.h"
#include "notify/alert_policy.h"
#include "notify/alert_settings.h"
#include "notify/outbound_request.h"
#include "store/alert_log_store.h"

namespace ww {

struct NotifierOptions {
  std::size_t queue_capacity = 256;  // attempts waiting in the schedule
  int max_attempts = 3;
  // Pause before attempt 2, 3, ...; the last entry repeats if max_attempts is larger.
  std::vector<Duration> backoff = {std::chrono::seconds(2), std::chrono::seconds(8)};
  double jitter_fraction = 0.25;  // each pause is scaled by a factor in [1 - j, 1 + j]
  // Random numbers in [0, 1) for the jitter; empty: a generator seeded at start.
  std::function<double()> random_unit;
  Duration stop_deadline = std::chrono::seconds(5);  // Stop: how long to keep sending
  Duration max_wait = std::chrono::seconds(60);      // longest real wait between clock looks
};

struct NotifierCounters {
  std::uint64_t queued = 0;      // events admitted and scheduled
  std::uint64_t sent = 0;        // deliveries that ended ok (per provider)
  std::uint64_t failed = 0;      // deliveries that ended in failure (per provider)
  std::uint64_t dropped = 0;     // events that did not fit the schedule
  std::uint64_t retried = 0;     // attempts after the first
  std::uint64_t suppressed = 0;  // held back by the cooldown
  std::uint64_t filtered = 0;    // alerts off, or the kind's toggle off
  std::size_t pending = 0;       // attempts waiting now
  // POST /api/alerts/test sends, apart from the above: the caller sees each
  // outcome at once, so a provider failing its test is not a health problem.
  std::uint64_t tests_sent = 0;
  std::uint64_t tests_failed = 0;
};

class Notifier final : public AlertSink {
 public:
  // `log` may be null (no log rows). `sender` and `log` must outlive the
  // Notifier (its thread uses them until Stop returns). The thread starts here.
  Notifier(const Clock& clock, HttpSender& sender, AlertLogStore* log, AlertSettings initial,
           NotifierOptions options = {});
  ~Notifier() override;  // Stop()
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // Policy, then the schedule; never blocks on delivery. After Stop: dropped.
  void Publish(AlertEvent event) override;
  // A speed test result (the scheduler's result callback): the events it
  // raises (alert_policy.h) are published.
  void OnSpeedtestResult(const SpeedtestObservation& result);

  void UpdateSettings(AlertSettings settings);  // PUT /api/alerts
  AlertSettings settings() const;

  // POST /api/alerts/test: one kTest event to every enabled provider now, on
  // the caller's thread (in parallel, one attempt each), bypassing the policy
  // and the enabled switch. Blocks until every outcome is known (bounded by the
  // sender's timeout). In kAlertProviderNames order; empty: none enabled.
  std::vector<std::pair<std::string, DeliveryOutcome>> SendTest();

  // Idempotent; returns once the thread has ended (see Bounds above).
  void Stop();

  NotifierCounters counters() const;

  // Tests with a FakeClock: look at the clock again...
  void Poke();
  // ...and wait (real time, at most `timeout`) until the thread has seen every
  // Poke and Publish so far and waits again with nothing due.
  bool WaitIdle(Duration timeout);

 private:
  struct Attempt {
    std::shared_ptr<const AlertEvent> event;
    std::string provider;
    OutboundRequest request;
    int attempts_made = 0;
  };
  using Schedule = std::multimap<std::pair<MonoTime, std::uint64_t>, Attempt>;

  void Run();
  // With mu_ held: schedules the requests of an admitted event (or drops it).
  void ScheduleLocked(AlertEvent event);
  // Sends one attempt (mu_ not held) and reschedules or finishes it.
  void Deliver(Attempt attempt);
  void Finish(const Attempt& attempt, const DeliveryOutcome& outcome);
  void AbandonRemaining();
  Duration BackoffBefore(int attempt_number);  // attempt_number >= 2
  void WriteLog(const AlertEvent& event, const std::string& provider,
                const DeliveryOutcome& outcome, int attempts);

  const Clock& clock_;
  HttpSender& sender_;
  AlertLogStore* log_;
  NotifierOptions options_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  AlertPolicy policy_;
  Schedule schedule_;
  std::uint64_t sequence_ = 0;  // FIFO among attempts due at the same time
  NotifierCounters counters_;
  bool stopping_ = false;
  MonoTime stop_by_{};
  std::uint64_t wakeups_ = 0;       // Publish and Poke count here
  std::uint64_t seen_wakeups_ = 0;  // wakeups_ when the thread last started waiting
  bool waiting_ = false;
  bool thread_done_ = false;
  std::mutex random_mu_;
  std::function<double()> random_unit_;
  std::thread thread_;
};

}  // namespace ww
