#include "probe/probe_service.h"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

#include "probe/probe_service_addresses.h"
#include "probe/schedule.h"

namespace ww {
namespace asio = boost::asio;

namespace {

constexpr std::size_t kProbeKinds = 4;
constexpr Duration kSkipLogEvery = std::chrono::minutes{1};

struct AtomicCounters {
  std::atomic<std::uint64_t> probes_started{0};
  std::atomic<std::uint64_t> samples_delivered{0};
  std::atomic<std::uint64_t> no_address{0};
  std::atomic<std::uint64_t> no_prober{0};
  std::atomic<std::uint64_t> rounds_skipped{0};
  std::atomic<std::uint64_t> probes_skipped{0};
  std::atomic<std::uint64_t> stray_completions{0};
  std::atomic<std::uint64_t> lookups_started{0};
  std::atomic<std::uint64_t> lookups_ok{0};
  std::atomic<std::uint64_t> lookups_failed{0};
  std::atomic<std::uint64_t> in_flight{0};
  std::atomic<std::int64_t> round{-1};
  std::atomic<std::int64_t> round_wall_ms{0};  // 0: none yet
};

void Bump(std::atomic<std::uint64_t>& c, std::uint64_t n = 1) {
  c.fetch_add(n, std::memory_order_relaxed);
}

Status CheckTimeouts(const std::vector<TargetSpec>& targets) {
  for (const TargetSpec& t : targets) {
    if (t.timeout.count() <= 0) {
      return Status::Error("target '" + t.name + "': timeout must be positive, got " +
                           std::to_string(t.timeout.count()) + " ms");
    }
  }
  return Status::Ok();
}

}  // namespace

class ProbeService::Loop {
 public:
  Loop(const Clock& clock, std::vector<TargetSpec> targets, ProbeServiceOptions options, Sink sink,
       Schedule schedule, TargetAddressBook book)
      : clock_(clock),
        targets_(std::move(targets)),
        options_(std::move(options)),
        sink_(std::move(sink)),
        timer_(io_),
        schedule_(std::move(schedule)),
        book_(std::move(book)),
        resolver_(options_.lookup),
        published_(targets_.size()) {
    sources_.reserve(targets_.size());
    for (const TargetSpec& t : targets_) {
      sources_.push_back(t.source.empty() ? std::nullopt : IpAddress::Parse(t.source));
    }
    Publish();
  }
  ~Loop() { Stop(); }

  asio::io_context& context() { return io_; }
  const std::vector<TargetSpec>& targets() const { return targets_; }
  bool running() const { return started_.load() && !stopping_.load(); }

  Status RegisterProber(ProbeKind kind, Prober* prober) {
    if (started_.load()) return Status::Error("probe service: RegisterProber after Start");
    probers_[static_cast<std::size_t>(kind)] = prober;
    return Status::Ok();
  }

  Status Start() {
    if (started_.exchange(true)) return Status::Error("probe service: already started");
    schedule_.Start(clock_.Now());
    work_.emplace(io_.get_executor());
    asio::post(io_, [this] { Evaluate(); });
    thread_ = std::thread([this] { Run(); });
    return Status::Ok();
  }

  void Stop() {
    stopping_.store(true);
    resolver_.Stop();
    if (!thread_.joinable()) return;
    if (std::this_thread::get_id() == thread_.get_id()) {
      io_.stop();  // cannot join ourselves; the next Stop (the destructor) joins
      return;
    }
    work_.reset();
    io_.stop();
    thread_.join();
  }

  void SetGatewayAddress(std::optional<IpAddress> address, std::string uplink) {
    Post([this, address, uplink = std::move(uplink)] {
      book_.SetGateway(address, uplink);
      Publish();
      spdlog::info("probe: gateway address{}{} {}", uplink.empty() ? "" : " of uplink ", uplink,
                   address ? address->ToString() : "none");
    });
  }

  void ProbeNow(std::vector<TargetId> ids, std::function<void(std::vector<Sample>)> done) {
    Post([this, ids = std::move(ids), done = std::move(done)]() mutable {
      auto batch = std::make_shared<OnDemand>();
      batch->samples.resize(ids.size());
      batch->left = ids.size();
      batch->done = std::move(done);
      const WallTime wall = clock_.WallNow();
      if (ids.empty()) batch->done({});
      for (std::size_t i = 0; i < ids.size(); ++i) {
        StartOnDemand(ids[i], wall, [this, batch, i](const Sample& s) {
          if (stopping_.load()) return;
          batch->samples[i] = s;
          if (--batch->left == 0) batch->done(std::move(batch->samples));
        });
      }
    });
  }

  void Post(std::function<void()> fn) {
    if (stopping_.load()) return;
    asio::post(io_, [this, fn = std::move(fn)] {
      if (!stopping_.load()) fn();
    });
  }

  void Poll() {
    Post([this] { Evaluate(); });
  }

  ProbeServiceCounters counters() const {
    ProbeServiceCounters c;
    c.probes_started = counters_.probes_started.load();
    c.samples_delivered = counters_.samples_delivered.load();
    c.no_address = counters_.no_address.load();
    c.no_prober = counters_.no_prober.load();
    c.rounds_skipped = counters_.rounds_skipped.load();
    c.probes_skipped = counters_.probes_skipped.load();
    c.stray_completions = counters_.stray_completions.load();
    c.lookups_started = counters_.lookups_started.load();
    c.lookups_ok = counters_.lookups_ok.load();
    c.lookups_failed = counters_.lookups_failed.load();
    c.in_flight = counters_.in_flight.load();
    c.round = counters_.round.load();
    if (const std::int64_t ms = counters_.round_wall_ms.load(); ms != 0) {
      c.last_round_at = WallTime{} + std::chrono::milliseconds(ms);
    }
    return c;
  }

  std::vector<std::optional<IpAddress>> Addresses() const {
    std::lock_guard lock(published_mu_);
    return published_;
  }

 private:
  struct InFlight {
    TargetId target = 0;
    std::int64_t round = 0;
    WallTime round_wall{};
  };
  struct OnDemand {
    std::vector<Sample> samples;
    std::size_t left = 0;
    std::function<void(std::vector<Sample>)> done;
  };

  ProbeRequest MakeRequest(TargetId target, std::int64_t round) const {
    const TargetSpec& spec = targets_[target];
    ProbeRequest request;
    request.target = target;
    request.round = round;
    request.spec = &spec;
    request.address = book_.For(target);
    request.timeout = spec.timeout;
    request.bind_device = spec.bind_device.empty() ? options_.bind_device : spec.bind_device;
    request.source = sources_[target];
    return request;
  }

  // A probe outside the schedule (a live round): same binding and address.
  void StartOnDemand(TargetId target, WallTime wall, ProbeDone done) {
    Sample made_up;
    made_up.target = target;
    made_up.round = -1;
    made_up.sent_at = wall;
    ProbeRequest request = MakeRequest(target, -1);
    Prober* prober = probers_[static_cast<std::size_t>(targets_[target].kind)];
    if (book_.NeedsAddress(target) && !request.address) {
      made_up.error = ProbeError::kNoAddress;
    } else if (prober == nullptr) {
      made_up.error = ProbeError::kUnavailable;
    } else {
      prober->Start(request, [target, wall, done = std::move(done)](const Sample& s) {
        Sample out = s;
        out.target = target;
        out.round = -1;
        out.sent_at = wall;
        done(out);
      });
      return;
    }
    asio::post(io_, [done = std::move(done), made_up] { done(made_up); });
  }

  void Run() {
    while (true) {
      try {
        io_.run();
        return;
      } catch (const std::exception& e) {
        // A throwing sink or prober is a bug, but one that must not end probing.
        spdlog::error("probe loop: unexpected exception, continuing: {}", e.what());
      }
    }
  }

  // Sends everything due now (after skipping what is hopelessly late), starts
  // due lookups, and sets the one timer for the next thing to do.
  void Evaluate() {
    if (stopping_.load()) return;
    const MonoTime now = clock_.Now();
    const SkipResult skipped = schedule_.SkipLate(now);
    if (skipped.probes > 0) {
      Bump(counters_.rounds_skipped, static_cast<std::uint64_t>(skipped.rounds));
      Bump(counters_.probes_skipped, static_cast<std::uint64_t>(skipped.probes));
      LogSkips(now);
    }
    for (auto next = schedule_.Peek(); next && next->due <= now + options_.coalesce;
         next = schedule_.Peek()) {
      schedule_.Pop();
      Dispatch(*next);
    }
    ResolveDue(now);
    Arm();
  }

  // At most once a minute: under sustained overload every wake-up skips.
  void LogSkips(MonoTime now) {
    if (last_skip_log_ && now - *last_skip_log_ < kSkipLogEvery) return;
    last_skip_log_ = now;
    const SkipResult& total = schedule_.skipped();
    spdlog::warn(
        "probe loop fell behind by more than one interval: {} probes ({} rounds) skipped so far",
        total.probes, total.rounds);
  }

  void Arm() {
    std::optional<MonoTime> wake;
    if (auto next = schedule_.Peek()) wake = next->due;
    for (const NameState& n : book_.names()) {
      if (!n.in_flight() && (!wake || n.next_attempt() < *wake)) wake = n.next_attempt();
    }
    if (!wake) return;
    const MonoTime now = clock_.Now();
    timer_.expires_after(*wake <= now ? Duration::zero() : *wake - now);
    timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) Evaluate();
    });
  }

  void Dispatch(const ScheduledProbe& probe) {
    const TargetSpec& spec = targets_[probe.target];
    counters_.round.store(probe.round, std::memory_order_relaxed);
    const WallTime wall = RoundWall(probe.round);
    counters_.round_wall_ms.store(ToUnixMillis(wall), std::memory_order_relaxed);
    std::optional<IpAddress> address = book_.For(probe.target);
    if (book_.NeedsAddress(probe.target) && !address) {
      Bump(counters_.no_address);
      Deliver(MadeUp(probe, wall, ProbeError::kNoAddress));
      return;
    }
    Prober* prober = probers_[static_cast<std::size_t>(spec.kind)];
    if (prober == nullptr) {
      Bump(counters_.no_prober);
      Deliver(MadeUp(probe, wall, ProbeError::kUnavailable));
      return;
    }
    ProbeRequest request = MakeRequest(probe.target, probe.round);
    const std::uint64_t id = next_id_++;
    in_flight_.emplace(id, InFlight{probe.target, probe.round, wall});
    counters_.in_flight.store(in_flight_.size(), std::memory_order_relaxed);
    Bump(counters_.probes_started);
    prober->Start(request, [this, id](const Sample& sample) { OnDone(id, sample); });
  }

  void OnDone(std::uint64_t id, const Sample& sample) {
    if (stopping_.load()) return;
    auto it = in_flight_.find(id);
    if (it == in_flight_.end()) {
      Bump(counters_.stray_completions);
      return;
    }
    Sample out = sample;
    out.target = it->second.target;
    out.round = it->second.round;
    out.sent_at = it->second.round_wall;
    in_flight_.erase(it);
    counters_.in_flight.store(in_flight_.size(), std::memory_order_relaxed);
    Deliver(out);
  }

  void Deliver(const Sample& sample) {
    if (stopping_.load()) return;
    Bump(counters_.samples_delivered);
    sink_(sample);
  }

  static Sample MadeUp(const ScheduledProbe& probe, WallTime wall, ProbeError error) {
    Sample s;
    s.target = probe.target;
    s.round = probe.round;
    s.sent_at = wall;
    s.error = error;
    return s;
  }

  // The round's start on the wall clock, computed once per round so that all
  // its samples carry the same time even if the wall clock is stepped.
  WallTime RoundWall(std::int64_t round) {
    if (round != wall_round_) {
      wall_round_ = round;
      const Duration since_start = clock_.Now() - schedule_.RoundStart(round);
      round_wall_ = clock_.WallNow() - std::chrono::duration_cast<WallClock::duration>(since_start);
    }
    return round_wall_;
  }

  void ResolveDue(MonoTime now) {
    std::vector<NameState>& names = book_.names();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (!names[i].Due(now)) continue;
      names[i].MarkStarted();
      Bump(counters_.lookups_started);
      resolver_.Resolve(names[i].host(), [this, i](const std::string&, Result<IpAddress> r) {
        asio::post(io_, [this, i, r = std::move(r)] { OnResolved(i, r); });
      });
    }
  }

  void OnResolved(std::size_t index, const Result<IpAddress>& result) {
    if (stopping_.load()) return;
    NameState& name = book_.names()[index];
    const bool had_address = name.address().has_value();
    const bool changed = name.OnResult(result, clock_.Now(), options_.resolve);
    if (result.ok()) {
      Bump(counters_.lookups_ok);
      if (changed) {
        spdlog::info("probe: '{}' resolves to {}", name.host(), result->ToString());
        Publish();
      }
    } else {
      Bump(counters_.lookups_failed);
      if (name.consecutive_failures() == 1) {
        spdlog::warn("probe: {}; {}; retrying with backoff", result.error(),
                     had_address ? "keeping the last address" : "its targets have no address");
      }
    }
    Arm();
  }

  void Publish() {
    std::lock_guard lock(published_mu_);
    for (TargetId t = 0; t < published_.size(); ++t) published_[t] = book_.For(t);
  }

  const Clock& clock_;
  const std::vector<TargetSpec> targets_;
  const ProbeServiceOptions options_;
  const Sink sink_;
  asio::io_context io_;  // before everything that lives on it
  asio::steady_timer timer_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::thread thread_;
  std::atomic<bool> started_{false};
  std::atomic<bool> stopping_{false};

  // Loop thread only, once started.
  Schedule schedule_;
  TargetAddressBook book_;
  AddressResolver resolver_;
  std::array<Prober*, kProbeKinds> probers_{};
  std::unordered_map<std::uint64_t, InFlight> in_flight_;
  std::uint64_t next_id_ = 1;
  std::int64_t wall_round_ = -1;
  WallTime round_wall_{};
  std::optional<MonoTime> last_skip_log_;
  std::vector<std::optional<IpAddress>> sources_;  // TargetSpec::source, parsed

  mutable std::mutex published_mu_;
  std::vector<std::optional<IpAddress>> published_;
  AtomicCounters counters_;
};

Result<std::unique_ptr<ProbeService>> ProbeService::Create(const Clock& clock,
                                                           std::vector<TargetSpec> targets,
                                                           ProbeServiceOptions options, Sink sink) {
  using R = Result<std::unique_ptr<ProbeService>>;
  if (!sink) return R::Error("probe service: no sample sink");
  if (!options.lookup) return R::Error("probe service: no lookup function");
  Result<Schedule> schedule =
      Schedule::Create(targets, options.base_interval, options.spread_fraction);
  if (!schedule) return R(schedule.status());
  Result<TargetAddressBook> book = TargetAddressBook::Create(targets);
  if (!book) return R(book.status());
  if (Status s = CheckTimeouts(targets); !s) return R(s);
  auto loop = std::make_unique<Loop>(clock, std::move(targets), std::move(options), std::move(sink),
                                     std::move(schedule).value(), std::move(book).value());
  return std::unique_ptr<ProbeService>(new ProbeService(std::move(loop)));
}

ProbeService::ProbeService(std::unique_ptr<Loop> loop) : loop_(std::move(loop)) {}
ProbeService::~ProbeService() { loop_->Stop(); }

boost::asio::io_context& ProbeService::context() { return loop_->context(); }
Status ProbeService::RegisterProber(ProbeKind kind, Prober* prober) {
  return loop_->RegisterProber(kind, prober);
}
Status ProbeService::Start() { return loop_->Start(); }
void ProbeService::Stop() { loop_->Stop(); }
void ProbeService::SetGatewayAddress(std::optional<IpAddress> address, const std::string& uplink) {
  loop_->SetGatewayAddress(address, uplink);
}
void ProbeService::ProbeNow(std::vector<TargetId> targets,
                            std::function<void(std::vector<Sample>)> done) {
  loop_->ProbeNow(std::move(targets), std::move(done));
}
void ProbeService::RunOnLoop(std::function<void()> fn) { loop_->Post(std::move(fn)); }
void ProbeService::Poll() { loop_->Poll(); }
ProbeServiceCounters ProbeService::counters() const { return loop_->counters(); }
std::vector<std::optional<IpAddress>> ProbeService::Addresses() const { return loop_->Addresses(); }
const std::vector<TargetSpec>& ProbeService::targets() const { return loop_->targets(); }
bool ProbeService::running() const { return loop_->running(); }

}  // namespace ww
