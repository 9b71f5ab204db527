// The Notifier's delivery thread against a fake HttpSender on a FakeClock:
// retries and their backoff times, non-retryable outcomes, one provider's
// backoff not holding back others, cooldown and speed test threshold through
// Publish, overflow, alert_log rows, SendTest, and Stop while a send is busy.

#include "notify/notifier.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>

#include "../common/temp_dir.h"

namespace ww {
namespace {

using std::chrono::seconds;
constexpr Duration kWait = seconds(10);  // real-time bound of every wait below

// Records every request with the FakeClock time it was sent at. Outcomes are
// scripted per URL (front first; ok once the script runs out). With the gate
// closed, Send blocks until it opens: a send in progress.
class FakeSender final : public HttpSender {
 public:
  explicit FakeSender(const FakeClock& clock) : clock_(clock) {}

  struct Sent {
    OutboundRequest request;
    MonoTime at;
  };

  DeliveryOutcome Send(const OutboundRequest& request) override {
    std::unique_lock lock(mu_);
    sent_.push_back({request, clock_.Now()});
    ++in_flight_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return gate_open_; });
    --in_flight_;
    auto& script = scripts_[request.url];
    if (script.empty()) return DeliveryOutcome{true, 200, "", true};
    DeliveryOutcome outcome = script.front();
    script.pop_front();
    return outcome;
  }

  void Script(const std::string& url, std::vector<DeliveryOutcome> outcomes) {
    std::lock_guard lock(mu_);
    for (auto& o : outcomes) scripts_[url].push_back(std::move(o));
  }
  void CloseGate() {
    std::lock_guard lock(mu_);
    gate_open_ = false;
  }
  void OpenGate() {
    {
      std::lock_guard lock(mu_);
      gate_open_ = true;
    }
    cv_.notify_all();
  }
  bool WaitInFlight(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kWait, [&] { return in_flight_ == n; });
  }
  std::vector<Sent> sent() const {
    std::lock_guard lock(mu_);
    return sent_;
  }
  std::vector<Sent> SentTo(const std::string& url) const {
    std::vector<Sent> out;
    for (const Sent& s : sent()) {
      if (s.request.url == url) out.push_back(s);
    }
    return out;
  }

 private:
  const FakeClock& clock_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Sent> sent_;
  std::map<std::string, std::deque<DeliveryOutcome>> scripts_;
  bool gate_open_ = true;
  int in_flight_ = 0;
};

DeliveryOutcome Unavailable() { return {false, 503, "HTTP 503", true}; }
DeliveryOutcome Forbidden() { return {false, 403, "HTTP 403", false}; }

constexpr const char* kHook = "http://127.0.0.1:9/hook";
constexpr const char* kSlack = "http://127.0.0.1:9/slack";

AlertSettings WebhookOnly() {
  AlertSettings s;
  s.cooldown_minutes = 60;
  s.webhook = {true, kHook};
  return s;
}

AlertSettings WebhookAndSlack() {
  AlertSettings s = WebhookOnly();
  s.slack = {true, kSlack};
  return s;
}

NotifierOptions NoJitter() {
  NotifierOptions o;
  o.jitter_fraction = 0;
  return o;
}

AlertEvent Outage(AlertPhase phase, std::string title = "outage") {
  AlertEvent e;
  e.kind = AlertKind::kOutage;
  e.phase = phase;
  e.title = std::move(title);
  return e;
}

class NotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = AlertLogStore::Open(dir_.path() / "wanwatch.db");
    ASSERT_TRUE(log) << log.error();
    log_ = std::move(log).value();
  }
  std::vector<AlertLogRow> LogRows() {
    auto rows = log_->Recent(100);
    EXPECT_TRUE(rows) << rows.error();
    return rows ? *rows : std::vector<AlertLogRow>{};
  }
  // Advance the fake time and let the thread act on it.
  void Advance(Notifier& n, Duration d) {
    clock_.Advance(d);
    n.Poke();
    ASSERT_TRUE(n.WaitIdle(kWait));
  }

  unit_test::TempDir dir_{"ww-notifier"};
  FakeClock clock_;
  FakeSender sender_{clock_};
  std::unique_ptr<AlertLogStore> log_;
};

TEST_F(NotifierTest, DeliversToEachEnabledProviderAndLogsEach) {
  Notifier n(clock_, sender_, log_.get(), WebhookAndSlack(), NoJitter());
  n.Publish(Outage(AlertPhase::kStart, "Connection down"));
  ASSERT_TRUE(n.WaitIdle(kWait));
  ASSERT_EQ(sender_.sent().size(), 2u);
  EXPECT_EQ(sender_.sent()[0].request.url, kHook);
  EXPECT_EQ(sender_.sent()[1].request.url, kSlack);
  EXPECT_EQ(nlohmann::json::parse(sender_.sent()[0].request.body)["type"], "outage_start");

  const auto rows = LogRows();
  ASSERT_EQ(rows.size(), 2u);
  for (const AlertLogRow& row : rows) {
    EXPECT_TRUE(row.ok);
    EXPECT_EQ(row.kind, "outage");
    EXPECT_EQ(row.phase, "start");
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.http_status, 200);
    EXPECT_EQ(row.title, "Connection down");
    EXPECT_EQ(row.timestamp, clock_.WallNow());
  }
  const NotifierCounters c = n.counters();
  EXPECT_EQ(c.queued, 1u);
  EXPECT_EQ(c.sent, 2u);
  EXPECT_EQ(c.failed, 0u);
  EXPECT_EQ(c.pending, 0u);
}

TEST_F(NotifierTest, RetriesWithExponentialBackoffUntilOk) {
  sender_.Script(kHook, {Unavailable(), Unavailable()});
  Notifier n(clock_, sender_, log_.get(), WebhookOnly(), NoJitter());
  const MonoTime t0 = clock_.Now();
  n.Publish(Outage(AlertPhase::kStart));
  ASSERT_TRUE(n.WaitIdle(kWait));
  ASSERT_EQ(sender_.sent().size(), 1u);
  Advance(n, seconds(2) - std::chrono::milliseconds(1));
  EXPECT_EQ(sender_.sent().size(), 1u);  // not before its backoff
  Advance(n, std::chrono::milliseconds(1));
  ASSERT_EQ(sender_.sent().size(), 2u);
  Advance(n, seconds(7));
  EXPECT_EQ(sender_.sent().size(), 2u);
  Advance(n, seconds(1));
  const auto sent = sender_.sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].at, t0);
  EXPECT_EQ(sent[1].at, t0 + seconds(2));
  EXPECT_EQ(sent[2].at, t0 + seconds(10));

  const auto rows = LogRows();
  ASSERT_EQ(rows.size(), 1u);  // one row per final outcome, not per attempt
  EXPECT_TRUE(rows[0].ok);
  EXPECT_EQ(rows[0].attempts, 3);
  const NotifierCounters c = n.counters();
  EXPECT_EQ(c.retried, 2u);
  EXPECT_EQ(c.sent, 1u);
}

TEST_F(NotifierTest, GivesUpAfterMaxAttempts) {
  sender_.Script(kHook, {Unavailable(), Unavailable(), Unavailable(), Unavailable()});
  Notifier n(clock_, sender_, log_.get(), WebhookOnly(), NoJitter());
  n.Publish(Outage(AlertPhase::kStart));
  ASSERT_TRUE(n.WaitIdle(kWait));
  Advance(n, seconds(2));
  Advance(n, seconds(8));
  Advance(n, seconds(60));
  EXPECT_EQ(sender_.sent().size(), 3u);
  const auto rows = LogRows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].ok);
  EXPECT_EQ(rows[0].attempts, 3);
  EXPECT_EQ(rows[0].http_status, 503);
  EXPECT_EQ(rows[0].error, "HTTP 503");
  EXPECT_EQ(n.counters().failed, 1u);
}

TEST_F(NotifierTest, NonRetryableOutcomeGivesUpAtOnce) {
  sender_.Script(kHook, {Forbidden()});
  Notifier n(clock_, sender_, log_.get(), WebhookOnly(), NoJitter());
  n.Publish(Outage(AlertPhase::kStart));
  ASSERT_TRUE(n.WaitIdle(kWait));
  Advance(n, seconds(60));
  EXPECT_EQ(sender_.sent().size(), 1u);
  const auto rows = LogRows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].ok);
  EXPECT_EQ(rows[0].attempts, 1);
  EXPECT_EQ(rows[0].http_status, 403);
  EXPECT_EQ(n.counters().retried, 0u);
}

TEST_F(NotifierTest, NoHttpAnswerIsLoggedWithoutStatus) {
  sender_.Script(kHook, {DeliveryOutcome{false, 0, "refused by the SSRF guard", false}});
  Notifier n(clock_, sender_, log_.get(), WebhookOnly(), NoJitter());
  n.Publish(Outage(AlertPhase::kStart));
  ASSERT_TRUE(n.WaitIdle(kWait));
  const auto rows = LogRows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].http_status.has_value());
  EXPECT_EQ(rows[0].error, "refused by the SSRF guard");
}

// Slack's backoff does not hold back the webhook, nor a later event.
TEST_F(NotifierTest, OneProvidersBackoffDoesNotDelayOthers) {
  sender_.Script(kSlack, {Unavailable()});
  AlertSettings s = WebhookAndSlack();
  Notifier n(clock_, sender_, log_.get(), s, NoJitter());
  const MonoTime t0 = clock_.Now();
  n.Publish(Outage(AlertPhase::kStart));
  ASSERT_TRUE(n.WaitIdle(kWait));
  Advance(n, seconds(1));
  AlertEvent drop;
  drop.kind = AlertKind::kDrop;
  drop.phase = AlertPhase::kStart;
  drop.title = "drop";
  n.Publish(drop);
  ASSERT_TRUE(n.WaitIdle(kWait));
  auto hook = sender_.SentTo(kHook);
  ASSERT_EQ(hook.size(), 2u);
  EXPECT_EQ(hook[1].at, t0 + seconds(1));
  EXPECT_EQ(sender_.SentTo(kSlack).size(), 2u);  // the drop's first attempt
  Advance(n, seconds(1));
  const auto slack = sender_.SentTo(kSlack);
  ASSERT_EQ(slack.size(), 3u);
  EXPECT_EQ(slack[2].at, t0 + seconds(2));  // the outage's retry
}

TEST_F(NotifierTest, JitterStretchesThePauseWithinItsFraction) {
  sender_.Script(kHook, {Unavailable(), Unavailable()});
  NotifierOptions o;
  o.jitter_fraction = 0.25;
  o.random_unit = [] { return 0.0; };  // the shortest pause: 0.75 x backoff
  Notifier n(clock_, sender_, log_.get(), WebhookOnly(), o);
  const MonoTime t0 = clock_.Now();
  n.Publish(Outage(AlertPhase::kStart));
  ASSERT_TRUE(n.WaitIdle(kWait));
  Advance(n, std::chrono::milliseconds(1500));
  Advance(n, seconds(6));
  const auto sent = sender_.sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[1].at, t0 + std::chrono::milliseconds(1500));
  EXPECT_EQ(sent[2].at, t0 + std::chrono::milliseconds(7500));
}

TEST_F(NotifierTest, CooldownSuppressesThroughPublishAndRecoveryFollows) {
  Notifier n(clock_, sender_, log_.get(), WebhookOnly(), NoJitter());
  n.Publish(Outage(AlertPhase::kStart));
  n.Publish(Outage(AlertPhase::kEnd));
  n.Publish(Outage(AlertPhase::kStart));  // within 60 min: suppressed
  n.Publish(Outage(AlertPhase::kEnd));    // its recovery too
  ASSERT_TRUE(n.WaitIdle(kWait));
  const auto sent = sender_.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(sent[0].request.body)["type"], "outage_start");
  EXPECT_EQ(nlohmann::json::parse(sent[1].request.body)["type"], "outage_end");
  EXPECT_EQ(n.counters().suppressed, 2u);
  EXPECT_EQ(LogRows().size(), 2u);
}

TEST_F(NotifierTest, SpeedtestThresholdRaisesOneFailureThenTheRecovery) {
  AlertSettings s = WebhookOnly();
  s.failure_threshold = 2;
  Notifier n(clock_, sender_, log_.get(), s, NoJitter());
  SpeedtestObservation failed;
  failed.ok = false;
  failed.error = "connect: refused";
  for (int i = 0; i < 4; ++i) n.OnSpeedtestResult(failed);
  ASSERT_TRUE(n.WaitIdle(kWait));
  ASSERT_EQ(sender_.sent().size(), 1u);
  auto body = nlohmann::json::parse(sender_.sent()[0].request.body);
  EXPECT_EQ(body["type"], "speedtest_failure");
  EXPECT_EQ(body["failure_count"], 2);
  EXPECT_EQ(body["last_error"], "connect: refused");
  SpeedtestObservation ok;
  ok.ok = true;
  ok.download_mbps = 100;
  n.OnSpeedtestResult(ok);
  ASSERT_TRUE(n.WaitIdle(kWait));
  ASSERT_EQ(sender_.sent().size(), 2u);
  body = nlohmann::json::parse(sender_.sent()[1].request.body);
  EXPECT_EQ(body["type"], "speedtest_recovery");
  EXPECT_EQ(body["consecutive_failures"], 4);
}

TEST_F(NotifierTest, DisabledByUpdateSettingsSendsNothing) {
  Notifier n(clock_, sender_, log_.get(), WebhookOnly(), NoJitter());
  AlertSettings off = WebhookOnly();
  off.enabled = false;
  n.UpdateSettings(off);
  EXPECT_FALSE(n.settings().enabled);
  n.Publish(Outage(AlertPhase::kStart));
  ASSERT_TRUE(n.WaitIdle(kWait));
  EXPECT_TRUE(sender_.sent().empty());
  EXPECT_EQ(n.counters().filtered, 1u);
  EXPECT_EQ(n.counters().queued, 0u);
}

TEST_F(NotifierTest, OverflowDropsWholeEventsAndCountsThem) {
  NotifierOptions o = NoJitter();
  o.queue_capacity = 4;
  AlertSettings s = WebhookAndSlack();
  s.on_drops = true;
  Notifier n(clock_, sender_, log_.get(), s, o);
  sender_.CloseGate();
  auto drop = [](int i) {
    AlertEvent e;
    e.kind = AlertKind::kDrop;
    e.phase = AlertPhase::kStart;
    e.uplink = "u" + std::to_string(i);  // distinct cooldown keys
    e.title = "drop " + std::to_string(i);
    return e;
  };
  n.Publish(drop(0));
  ASSERT_TRUE(sender_.WaitInFlight(1));  // one attempt taken, one waiting
  n.Publish(drop(1));                    // 1 + 2 = 3 waiting
  n.Publish(drop(2));                    // 3 + 2 > 4: dropped
  n.Publish(drop(3));                    // dropped
  EXPECT_EQ(n.counters().dropped, 2u);
  EXPECT_EQ(n.counters().pending, 3u);
  sender_.OpenGate();
  ASSERT_TRUE(n.WaitIdle(kWait));
  EXPECT_EQ(sender_.sent().size(), 4u);
  const NotifierCounters c = n.counters();
  EXPECT_EQ(c.queued, 2u);
  EXPECT_EQ(c.sent, 4u);
}

TEST_F(NotifierTest, StopWhileASendIsBusyReturnsOnceItEndsAndLogsTheRest) {
  NotifierOptions o = NoJitter();
  o.stop_deadline = Duration::zero();
  Notifier n(clock_, sender_, log_.get(), WebhookAndSlack(), o);
  sender_.CloseGate();
  n.Publish(Outage(AlertPhase::kStart));
  ASSERT_TRUE(sender_.WaitInFlight(1));
  auto stopped = std::async(std::launch::async, [&n] { n.Stop(); });
  // Stop waits for the send in progress (bounded by the sender's timeout).
  EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
  sender_.OpenGate();
  ASSERT_EQ(stopped.wait_for(kWait), std::future_status::ready);
  EXPECT_EQ(sender_.sent().size(), 1u);  // slack was never attempted
  const NotifierCounters c = n.counters();
  EXPECT_EQ(c.sent, 1u);
  EXPECT_EQ(c.failed, 1u);
  const auto rows = LogRows();
  ASSERT_EQ(rows.size(), 2u);
  const AlertLogRow& abandoned = rows[0].provider == "slack" ? rows[0] : rows[1];
  EXPECT_EQ(abandoned.provider, "slack");
  EXPECT_FALSE(abandoned.ok);
  EXPECT_EQ(abandoned.attempts, 0);
  EXPECT_EQ(abandoned.error, "not delivered: wanwatch stopped");
  n.Publish(Outage(AlertPhase::kStart, "late"));  // after Stop: dropped, no crash
  EXPECT_EQ(n.counters().dropped, 1u);
}

TEST_F(NotifierTest, StopSendsWhatIsDueButNotRetriesInBackoff) {
  sender_.Script(kHook, {Unavailable()});
  Notifier n(clock_, sender_, log_.get(), WebhookOnly(), NoJitter());
  n.Publish(Outage(AlertPhase::kStart));
  ASSERT_TRUE(n.WaitIdle(kWait));  // first attempt failed, retry in 2 s
  AlertEvent drop;
  drop.kind = AlertKind::kDrop;
  drop.phase = AlertPhase::kStart;
  drop.title = "drop";
  n.Publish(drop);
  n.Stop();
  const auto sent = sender_.sent();
  ASSERT_EQ(sent.size(), 2u);  // the outage's first attempt and the drop
  EXPECT_EQ(nlohmann::json::parse(sent[1].request.body)["type"], "drop_start");
  const auto rows = LogRows();
  ASSERT_EQ(rows.size(), 2u);
  int abandoned = 0;
  for (const AlertLogRow& row : rows) abandoned += !row.ok && row.attempts == 1;
  EXPECT_EQ(abandoned, 1);
}

TEST_F(NotifierTest, SendTestBypassesPolicyAndReportsEachProvider) {
  sender_.Script(kSlack, {Unavailable()});
  AlertSettings s = WebhookAndSlack();
  s.enabled = false;  // the test alert ignores the master switch
  Notifier n(clock_, sender_, log_.get(), s, NoJitter());
  const auto results = n.SendTest();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].first, "webhook");
  EXPECT_TRUE(results[0].second.ok);
  EXPECT_EQ(results[1].first, "slack");
  EXPECT_FALSE(results[1].second.ok);
  EXPECT_EQ(results[1].second.http_status, 503);
  EXPECT_EQ(sender_.sent().size(), 2u);  // one attempt each, no retry
  Advance(n, seconds(60));
  EXPECT_EQ(sender_.sent().size(), 2u);
  const auto rows = LogRows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].kind, "test");
  EXPECT_EQ(rows[0].phase, "test");
  EXPECT_EQ(nlohmann::json::parse(sender_.SentTo(kHook)[0].request.body)["type"], "test");
  // Counted apart: a failed test is answered to its caller, not a health problem.
  const NotifierCounters c = n.counters();
  EXPECT_EQ(c.tests_sent, 1u);
  EXPECT_EQ(c.tests_failed, 1u);
  EXPECT_EQ(c.sent, 0u);
  EXPECT_EQ(c.failed, 0u);
}

TEST_F(NotifierTest, SendTestWithNoProvidersReturnsEmpty) {
  Notifier n(clock_, sender_, nullptr, AlertSettings{}, NoJitter());
  EXPECT_TRUE(n.SendTest().empty());
  EXPECT_TRUE(sender_.sent().empty());
}

}  // namespace
}  // namespace ww
