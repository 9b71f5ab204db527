#include "notify/notifier.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <future>
#include <random>

#include "notify/provider_requests.h"

namespace ww {
namespace {

std::function<double()> SeededRandom() {
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

AlertEvent TestEvent(WallTime now) {
  AlertEvent e;
  e.kind = AlertKind::kTest;
  e.phase = AlertPhase::kTest;
  e.timestamp = now;
  e.title = "wanwatch test alert";
  e.message = "This is a test notification from wanwatch: alerts reach you here.";
  return e;
}

}  // namespace

Notifier::Notifier(const Clock& clock, HttpSender& sender, AlertLogStore* log,
                   AlertSettings initial, NotifierOptions options)
    : clock_(clock),
      sender_(sender),
      log_(log),
      options_(std::move(options)),
      policy_(std::move(initial)),
      random_unit_(options_.random_unit ? options_.random_unit : SeededRandom()) {
  options_.max_attempts = std::max(1, options_.max_attempts);
  if (options_.backoff.empty()) options_.backoff.push_back(std::chrono::seconds(2));
  thread_ = std::thread([this] { Run(); });
}

Notifier::~Notifier() { Stop(); }

void Notifier::Publish(AlertEvent event) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      ++counters_.dropped;
      return;
    }
    if (!policy_.Admit(event, clock_.Now())) return;
    ScheduleLocked(std::move(event));
    ++wakeups_;
  }
  cv_.notify_all();
}

void Notifier::OnSpeedtestResult(const SpeedtestObservation& result) {
  std::vector<AlertEvent> events;
  {
    std::lock_guard lock(mu_);
    events = policy_.OnSpeedtestResult(result);
  }
  for (AlertEvent& e : events) Publish(std::move(e));
}

void Notifier::ScheduleLocked(AlertEvent event) {
  auto requests = BuildProviderRequests(event, policy_.settings());
  if (requests.empty()) return;  // no provider enabled: nothing to deliver or log
  if (schedule_.size() + requests.size() > options_.queue_capacity) {
    ++counters_.dropped;
    spdlog::warn("alerts: schedule full ({} attempts waiting), dropped alert '{}'",
                 schedule_.size(), event.title);
    return;
  }
  auto shared = std::make_shared<const AlertEvent>(std::move(event));
  const MonoTime now = clock_.Now();
  for (auto& [provider, request] : requests) {
    schedule_.emplace(std::pair(now, sequence_++),
                      Attempt{shared, std::move(provider), std::move(request), 0});
  }
  ++counters_.queued;
}

void Notifier::UpdateSettings(AlertSettings settings) {
  std::lock_guard lock(mu_);
  policy_.UpdateSettings(std::move(settings));
}

AlertSettings Notifier::settings() const {
  std::lock_guard lock(mu_);
  return policy_.settings();
}

std::vector<std::pair<std::string, DeliveryOutcome>> Notifier::SendTest() {
  const AlertEvent event = TestEvent(clock_.WallNow());
  const auto requests = BuildProviderRequests(event, settings());
  // In parallel: the caller (an HTTP request) waits one sender timeout, not six.
  std::vector<std::future<DeliveryOutcome>> pending;
  for (const auto& entry : requests) {
    pending.push_back(
        std::async(std::launch::async, [this, &entry] { return sender_.Send(entry.second); }));
  }
  std::vector<std::pair<std::string, DeliveryOutcome>> out;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    DeliveryOutcome outcome = pending[i].get();
    {
      std::lock_guard lock(mu_);
      ++(outcome.ok ? counters_.tests_sent : counters_.tests_failed);
    }
    WriteLog(event, requests[i].first, outcome, 1);
    out.emplace_back(requests[i].first, std::move(outcome));
  }
  return out;
}

void Notifier::Stop() {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      stopping_ = true;
      stop_by_ = clock_.Now() + options_.stop_deadline;
    }
  }
  cv_.notify_all();
  idle_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

NotifierCounters Notifier::counters() const {
  std::lock_guard lock(mu_);
  NotifierCounters c = counters_;
  const AlertPolicyCounters p = policy_.counters();
  c.suppressed = p.suppressed;
  c.filtered = p.filtered;
  c.pending = schedule_.size();
  return c;
}

void Notifier::Poke() {
  {
    std::lock_guard lock(mu_);
    ++wakeups_;
  }
  cv_.notify_all();
}

bool Notifier::WaitIdle(Duration timeout) {
  std::unique_lock lock(mu_);
  return idle_cv_.wait_for(
      lock, timeout, [this] { return thread_done_ || (waiting_ && seen_wakeups_ == wakeups_); });
}

void Notifier::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    const MonoTime now = clock_.Now();
    if (stopping_ && (schedule_.empty() || now >= stop_by_)) break;
    const auto first = schedule_.begin();
    if (first != schedule_.end() && first->first.first <= now) {
      Attempt attempt = std::move(first->second);
      schedule_.erase(first);
      lock.unlock();
      Deliver(std::move(attempt));
      lock.lock();
      continue;
    }
    // Stopping with only retries in their backoff left: they would be due
    // after the daemon is gone; give them up now instead of waiting.
    if (stopping_) break;
    Duration wait = options_.max_wait;
    if (first != schedule_.end()) wait = std::min(wait, Duration(first->first.first - now));
    const std::uint64_t wakeups = wakeups_;
    seen_wakeups_ = wakeups;
    waiting_ = true;
    idle_cv_.notify_all();
    cv_.wait_for(lock, wait, [&] { return stopping_ || wakeups_ != wakeups; });
    waiting_ = false;
  }
  lock.unlock();
  AbandonRemaining();
  lock.lock();
  thread_done_ = true;
  lock.unlock();
  idle_cv_.notify_all();
}

void Notifier::Deliver(Attempt attempt) {
  DeliveryOutcome outcome = sender_.Send(attempt.request);
  ++attempt.attempts_made;
  if (outcome.ok || !outcome.retryable || attempt.attempts_made >= options_.max_attempts) {
    Finish(attempt, outcome);
    return;
  }
  const Duration pause = BackoffBefore(attempt.attempts_made + 1);
  spdlog::info("alerts: {} attempt {} failed ({}); retrying in {:.1f} s", attempt.provider,
               attempt.attempts_made, outcome.error, std::chrono::duration<double>(pause).count());
  std::lock_guard lock(mu_);
  ++counters_.retried;
  schedule_.emplace(std::pair(clock_.Now() + pause, sequence_++), std::move(attempt));
}

Duration Notifier::BackoffBefore(int attempt_number) {
  const std::size_t index = std::min<std::size_t>(static_cast<std::size_t>(attempt_number - 2),
                                                  options_.backoff.size() - 1);
  const Duration base = options_.backoff[index];
  double unit;
  {
    std::lock_guard lock(random_mu_);
    unit = random_unit_();
  }
  const double factor = 1.0 + options_.jitter_fraction * (2.0 * unit - 1.0);
  return std::chrono::duration_cast<Duration>(base * std::max(0.0, factor));
}

void Notifier::Finish(const Attempt& attempt, const DeliveryOutcome& outcome) {
  {
    std::lock_guard lock(mu_);
    ++(outcome.ok ? counters_.sent : counters_.failed);
  }
  if (!outcome.ok) {
    spdlog::warn("alerts: {} gave up on '{}' after {} attempt(s): {}", attempt.provider,
                 attempt.event->title, attempt.attempts_made, outcome.error);
  }
  WriteLog(*attempt.event, attempt.provider, outcome, attempt.attempts_made);
}

void Notifier::AbandonRemaining() {
  Schedule left;
  {
    std::lock_guard lock(mu_);
    left.swap(schedule_);
  }
  for (auto& [when, attempt] : left) {
    DeliveryOutcome outcome;
    outcome.error = "not delivered: wanwatch stopped";
    outcome.retryable = false;
    Finish(attempt, outcome);
  }
}

void Notifier::WriteLog(const AlertEvent& event, const std::string& provider,
                        const DeliveryOutcome& outcome, int attempts) {
  if (log_ == nullptr) return;
  AlertLogRow row;
  row.timestamp = clock_.WallNow();
  row.kind = AlertKindName(event.kind);
  row.phase = AlertPhaseName(event.phase);
  row.provider = provider;
  row.ok = outcome.ok;
  row.attempts = attempts;
  if (outcome.http_status != 0) row.http_status = outcome.http_status;
  row.error = outcome.error;
  row.title = event.title;
  if (Result<std::int64_t> id = log_->Insert(row); !id) {
    spdlog::warn("alerts: cannot write the alert log: {}", id.error());
  }
}

}  // namespace ww
