#pragma once
// Fake probers and a recording sink for the probe service's tests. Each
// prober records every Start (from the loop thread) and answers on the loop,
// never from inside Start, as the Prober contract requires.
//
// Thread safety: records are guarded; read them from the test thread.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <future>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "probe/probe_service.h"
#include "probe/prober.h"

namespace ww::testing {

struct StartRecord {
  TargetId target = 0;
  std::int64_t round = 0;
  std::optional<IpAddress> address;
  std::chrono::milliseconds timeout{0};
  std::string bind_device;
  std::thread::id thread;
  MonoTime at{};  // the service's clock at Start
  std::optional<IpAddress> source;
};

class RecordingProber : public Prober {
 public:
  RecordingProber(boost::asio::io_context& io, const Clock& clock) : io_(io), clock_(clock) {}

  std::vector<StartRecord> starts() const {
    std::lock_guard lock(mu_);
    return starts_;
  }
  std::size_t start_count() const {
    std::lock_guard lock(mu_);
    return starts_.size();
  }

 protected:
  void Record(const ProbeRequest& r) {
    std::lock_guard lock(mu_);
    starts_.push_back(StartRecord{r.target, r.round, r.address, r.timeout, r.bind_device,
                                  std::this_thread::get_id(), clock_.Now(), r.source});
  }
  static Sample Answer(const ProbeRequest& r) {
    Sample s;
    s.target = r.target;
    s.round = r.round;
    return s;
  }

  boost::asio::io_context& io_;
  const Clock& clock_;

 private:
  mutable std::mutex mu_;
  std::vector<StartRecord> starts_;
};

// Succeeds after `delay` of real time (a timer on the loop).
class DelayedProber final : public RecordingProber {
 public:
  DelayedProber(boost::asio::io_context& io, const Clock& clock, std::chrono::milliseconds delay)
      : RecordingProber(io, clock), delay_(delay) {}
  std::string_view name() const override { return "delayed"; }
  void Start(const ProbeRequest& request, ProbeDone done) override {
    Record(request);
    auto timer = std::make_shared<boost::asio::steady_timer>(io_, delay_);
    Sample s = Answer(request);
    s.ok = true;
    s.rtt_ms = static_cast<double>(delay_.count());
    timer->async_wait([timer, s, done = std::move(done)](const boost::system::error_code& ec) {
      if (!ec) done(s);
    });
  }

 private:
  std::chrono::milliseconds delay_;
};

// Fails with `error` (posted).
class FailingProber final : public RecordingProber {
 public:
  FailingProber(boost::asio::io_context& io, const Clock& clock, ProbeError error)
      : RecordingProber(io, clock), error_(error) {}
  std::string_view name() const override { return "failing"; }
  void Start(const ProbeRequest& request, ProbeDone done) override {
    Record(request);
    Sample s = Answer(request);
    s.error = error_;
    boost::asio::post(io_, [s, done = std::move(done)] { done(s); });
  }

 private:
  ProbeError error_;
};

// Succeeds at once, via post; with `answers` > 1 it (wrongly) answers again.
class ImmediateProber final : public RecordingProber {
 public:
  ImmediateProber(boost::asio::io_context& io, const Clock& clock, int answers = 1)
      : RecordingProber(io, clock), answers_(answers) {}
  std::string_view name() const override { return "immediate"; }
  void Start(const ProbeRequest& request, ProbeDone done) override {
    Record(request);
    Sample s = Answer(request);
    s.ok = true;
    s.rtt_ms = 0.5;
    for (int i = 0; i < answers_; ++i) boost::asio::post(io_, [s, done] { done(s); });
  }

 private:
  int answers_;
};

// The sink: records samples; notes any call after `stop_returned` is set.
class SampleLog {
 public:
  std::function<void(const Sample&)> Sink() {
    return [this](const Sample& s) {
      if (stop_returned.load()) called_after_stop.store(true);
      std::lock_guard lock(mu_);
      samples_.push_back(s);
    };
  }
  std::vector<Sample> samples() const {
    std::lock_guard lock(mu_);
    return samples_;
  }
  std::size_t size() const {
    std::lock_guard lock(mu_);
    return samples_.size();
  }

  std::atomic<bool> stop_returned{false};
  std::atomic<bool> called_after_stop{false};

 private:
  mutable std::mutex mu_;
  std::vector<Sample> samples_;
};

// Waits for pred with a deadline; true when it held.
inline bool WaitFor(const std::function<bool()>& pred,
                    std::chrono::milliseconds deadline = std::chrono::seconds{20}) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
  return true;
}

// A host-name lookup answering from a script (the last answer repeats),
// recording the service clock's time of each call.
class ScriptedLookup {
 public:
  ScriptedLookup(const Clock& clock, std::vector<std::pair<std::string, Result<IpAddress>>> script)
      : state_(std::make_shared<State>(clock, std::move(script))) {}

  AddressResolver::LookupFn Fn() const {
    return [state = state_](const std::string& host) -> Result<IpAddress> {
      std::lock_guard lock(state->mu);
      state->calls.emplace_back(host, state->clock.Now());
      auto& answers = state->by_host[host];
      if (answers.empty()) return Result<IpAddress>::Error("resolve '" + host + "': unknown");
      Result<IpAddress> r = answers.front();
      if (answers.size() > 1) answers.erase(answers.begin());
      return r;
    };
  }
  std::vector<std::pair<std::string, MonoTime>> calls() const {
    std::lock_guard lock(state_->mu);
    return state_->calls;
  }

 private:
  struct State {
    State(const Clock& c, std::vector<std::pair<std::string, Result<IpAddress>>> script)
        : clock(c) {
      for (auto& [host, r] : script) by_host[host].push_back(std::move(r));
    }
    const Clock& clock;
    std::mutex mu;
    std::map<std::string, std::vector<Result<IpAddress>>> by_host;
    std::vector<std::pair<std::string, MonoTime>> calls;
  };
  std::shared_ptr<State> state_;
};

inline TargetSpec Spec(std::string name, ProbeKind kind, std::string host,
                       std::chrono::milliseconds interval = std::chrono::seconds{1}) {
  TargetSpec t;
  t.name = std::move(name);
  t.kind = kind;
  t.host = std::move(host);
  t.interval = interval;
  t.timeout = std::chrono::milliseconds{900};
  return t;
}

// A FakeClock-driven probe service: the test moves the clock and waits until
// the loop has acted on it completely.
class ServiceHarness : public ::testing::Test {
 protected:
  void TearDown() override {
    if (service_) service_->Stop();
    probers_.clear();  // before the service: their timers live on its io_context
  }

  static ProbeServiceOptions Options() {
    ProbeServiceOptions o;
    o.base_interval = std::chrono::seconds{1};
    o.spread_fraction = 0.5;
    o.coalesce = Duration::zero();
    o.bind_device = "wan0";
    o.lookup = [](const std::string& host) {
      return Result<IpAddress>::Error("resolve '" + host + "': no lookups in this test");
    };
    return o;
  }

  void Create(std::vector<TargetSpec> targets, ProbeServiceOptions options = Options()) {
    Result<std::unique_ptr<ProbeService>> r =
        ProbeService::Create(clock_, std::move(targets), std::move(options), log_.Sink());
    ASSERT_TRUE(r.ok()) << r.error();
    service_ = std::move(r).value();
  }

  template <typename P, typename... Args>
  P* Add(ProbeKind kind, Args&&... args) {
    auto p = std::make_unique<P>(service_->context(), clock_, std::forward<Args>(args)...);
    P* raw = p.get();
    EXPECT_TRUE(service_->RegisterProber(kind, raw).ok());
    probers_.push_back(std::move(p));
    return raw;
  }

  void Start() {
    t0_ = clock_.Now();
    wall0_ = clock_.WallNow();
    ASSERT_TRUE(service_->Start().ok());
  }

  // Runs everything posted to the loop so far.
  void Barrier() {
    std::promise<void> done;
    std::future<void> f = done.get_future();
    service_->RunOnLoop([&] { done.set_value(); });
    ASSERT_EQ(f.wait_for(std::chrono::seconds{20}), std::future_status::ready);
  }

  // Moves the clock to t0 + at, lets the loop send what is due, and waits
  // until every probe and lookup started has been answered.
  void RunTo(Duration at) {
    clock_.Advance(t0_ + at - clock_.Now());
    service_->Poll();
    Barrier();
    ASSERT_TRUE(WaitFor([&] {
      const ProbeServiceCounters c = service_->counters();
      return c.in_flight == 0 && c.lookups_started == c.lookups_ok + c.lookups_failed;
    }));
    Barrier();
  }

  FakeClock clock_;
  SampleLog log_;
  MonoTime t0_{};
  WallTime wall0_{};
  std::unique_ptr<ProbeService> service_;
  std::vector<std::unique_ptr<Prober>> probers_;
};

}  // namespace ww::testing
