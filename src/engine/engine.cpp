#include "engine/engine.h"

#include <algorithm>

#include "engine/stats_math.h"

namespace ww {
namespace {

constexpr std::size_t kTrendRounds = 30;
constexpr int kBaselineSamples = 30;

std::size_t CountConnectivity(const std::vector<TargetSpec>& targets) {
  return static_cast<std::size_t>(
      std::count_if(targets.begin(), targets.end(), [](const auto& t) { return t.connectivity; }));
}

std::size_t WindowCapacity(const TargetSpec& spec, std::chrono::seconds window) {
  const auto interval_ms = std::max<std::int64_t>(spec.interval.count(), 10);
  const auto per_window = std::chrono::duration_cast<Millis>(window).count() / interval_ms;
  return static_cast<std::size_t>(per_window) * 2 + 16;
}

bool OperstateDown(const std::string& s) { return s == "down" || s == "lowerlayerdown"; }

}  // namespace

Engine::Engine(std::vector<TargetSpec> targets, EngineOptions options, WallTime session_start,
               std::vector<UplinkSpec> uplinks)
    : targets_(std::move(targets)),
      options_(options),
      session_start_(session_start),
      rounds_(CountConnectivity(targets_)),
      drops_(options.drop_threshold) {
  state_.reserve(targets_.size());
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    state_.push_back(TargetState{SampleWindow(WindowCapacity(targets_[i], options_.window)), {}});
    // The Connectivity Monitor's gateway is the default route's, not an uplink's.
    if (targets_[i].role == TargetRole::kGateway && targets_[i].uplink.empty() && !gateway_id_) {
      gateway_id_ = static_cast<TargetId>(i);
    }
  }
  uplinks_.reserve(uplinks.size());
  for (UplinkSpec& u : uplinks) uplinks_.emplace_back(std::move(u), targets_);
}

std::vector<DropEvent> Engine::OnSample(const Sample& sample) {
  std::vector<DropEvent> events;
  if (sample.target >= targets_.size()) return events;  // not ours: ignore, never crash
  TargetState& ts = state_[sample.target];
  ts.window.Add(sample.sent_at, sample.ok, sample.rtt_ms);
  ts.last = sample;
  for (UplinkTracker& uplink : uplinks_) {
    if (!uplink.Owns(sample.target)) continue;
    uplink.OnSample(sample, uplink_minutes_);
    uplink.TakeChanges(uplink_changes_);
  }
  const TargetSpec& spec = targets_[sample.target];
  if (spec.connectivity) {
    if (sample.ok && baseline_count_ < kBaselineSamples) {
      baseline_sum_ += sample.rtt_ms;
      ++baseline_count_;
    }
    for (const Round& round : rounds_.Add(sample)) OnRound(round, events);
  }
  return events;
}

void Engine::OnRound(const Round& round, std::vector<DropEvent>& events) {
  if (round.samples.empty()) return;
  ++rounds_evaluated_;
  const bool failed = round.AllFailed();
  if (auto rtt = round.MeanRtt()) {
    recent_round_rtts_.push_back(*rtt);
    while (recent_round_rtts_.size() > kTrendRounds) recent_round_rtts_.pop_front();
  }
  DiagnosisInputs in = CurrentInputs();
  in.internet_down = failed;
  if (auto event = drops_.OnRound(round.started_at, failed, Diagnose(in))) {
    if (event->kind == DropEvent::Kind::kStarted) ++drops_this_session_;
    events.push_back(std::move(*event));
  }
}

void Engine::OnLinkState(const LinkState& link) {
  const UplinkLink uplink_link{link.interface, link.operstate, link.gateway};
  for (UplinkTracker& uplink : uplinks_) {
    const UplinkSpec& u = uplink.spec();
    // Uplinks without their own interface follow the default route.
    const bool follows_default = u.implicit || u.interface.empty();
    if (link.uplink.empty() ? follows_default : (!u.implicit && u.name == link.uplink)) {
      uplink.OnLink(uplink_link);
    }
  }
  if (link.uplink.empty()) link_ = link;
}

std::vector<UplinkMinuteRecord> Engine::TakeUplinkMinutes() {
  std::vector<UplinkMinuteRecord> out;
  out.swap(uplink_minutes_);
  return out;
}

std::vector<UplinkStateChange> Engine::TakeUplinkChanges() {
  std::vector<UplinkStateChange> out;
  out.swap(uplink_changes_);
  return out;
}

std::vector<UplinkMinuteRecord> Engine::FlushUplinkMinutes() {
  for (UplinkTracker& uplink : uplinks_) uplink.Flush(uplink_minutes_);
  return TakeUplinkMinutes();
}

std::vector<UplinkStatus> Engine::JudgeLive(const std::vector<Sample>& samples,
                                            WallTime now) const {
  std::vector<UplinkStatus> out;
  out.reserve(uplinks_.size());
  for (const UplinkTracker& uplink : uplinks_) out.push_back(uplink.LiveStatus(samples, now));
  return out;
}

GatewayState Engine::Gateway() const {
  if (!gateway_id_) return GatewayState::kNotMonitored;
  const auto& last = state_[*gateway_id_].last;
  if (!last) {
    // Not probed yet; a missing route is still known from the kernel.
    return link_.gateway ? GatewayState::kNotMonitored : GatewayState::kNoRoute;
  }
  if (last->ok) return GatewayState::kOk;
  if (last->error == ProbeError::kNoAddress) return GatewayState::kNoRoute;
  // No ICMP socket: the gateway cannot be judged, which is not its failure.
  if (last->error == ProbeError::kUnavailable) return GatewayState::kNotMonitored;
  return GatewayState::kFailing;
}

bool Engine::DnsFailing(bool& monitored) const {
  monitored = false;
  bool all_failed = true;
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    if (targets_[i].kind != ProbeKind::kDns || !state_[i].last) continue;
    monitored = true;
    if (state_[i].last->ok) all_failed = false;
  }
  return monitored && all_failed;
}

DiagnosisInputs Engine::CurrentInputs() const {
  DiagnosisInputs in;
  in.any_round = rounds_evaluated_ > 0;
  in.internet_down = drops_.consecutive_failed() > 0;
  in.gateway = Gateway();
  in.interface_down = OperstateDown(link_.operstate);
  // "notpresent": the kernel has no default route. That is the local network's
  // fault when the internet is down, unless a configured gateway answers (a
  // static setup); while the internet answers it is no evidence of anything.
  if (in.internet_down && link_.operstate == "notpresent" &&
      in.gateway == GatewayState::kNotMonitored) {
    in.gateway = GatewayState::kNoRoute;
  }
  in.dns_failing = DnsFailing(in.dns_monitored);
  in.loss_pct = last_loss_pct_;
  in.avg_ms = last_avg_ms_;
  in.high_loss_pct = options_.high_loss_pct;
  in.high_latency_ms = options_.high_latency_ms;
  return in;
}

std::shared_ptr<const Snapshot> Engine::MakeSnapshot(WallTime now) {
  auto snap = std::make_shared<Snapshot>();
  snap->generated_at = now;
  snap->session_start = session_start_;
  snap->window = options_.window;
  const WallTime cutoff = now - options_.window;
  snap->targets.reserve(targets_.size());
  Overall overall;
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    state_[i].window.EvictBefore(cutoff);
    const bool connectivity = targets_[i].connectivity;
    const WindowSummary w = state_[i].window.Summarize(connectivity ? &overall.rtts : nullptr);
    if (connectivity) {
      overall.count += w.count;
      overall.lost += w.lost;
      overall.jitter_sum += w.jitter_sum;
      overall.jitter_pairs += w.jitter_pairs;
      snap->total_pings += state_[i].window.total();
      snap->total_success += state_[i].window.total_success();
    }
    TargetStats t;
    t.id = static_cast<TargetId>(i);
    t.name = targets_[i].name;
    t.address = targets_[i].host;
    if (targets_[i].role == TargetRole::kGateway && link_.gateway && targets_[i].host.empty()) {
      t.address = *link_.gateway;
    }
    t.kind = targets_[i].kind;
    t.role = targets_[i].role;
    t.total_pings = state_[i].window.total();
    t.total_success = state_[i].window.total_success();
    t.window_count = w.count;
    t.window_lost = w.lost;
    t.loss_pct = w.loss_pct;
    t.avg_ms = w.avg_ms;
    t.min_ms = w.min_ms;
    t.max_ms = w.max_ms;
    t.jitter_ms = w.jitter_ms;
    t.p50_ms = w.p50_ms;
    t.p95_ms = w.p95_ms;
    t.p99_ms = w.p99_ms;
    t.last = state_[i].last;
    snap->targets.push_back(std::move(t));
  }
  FillOverall(overall, *snap);
  snap->uplinks.reserve(uplinks_.size());
  for (const UplinkTracker& uplink : uplinks_) snap->uplinks.push_back(uplink.Status());
  return snap;
}

void Engine::FillOverall(Overall& o, Snapshot& snap) {
  const std::uint64_t count = o.count, lost = o.lost;
  std::vector<double>& rtts = o.rtts;
  double rtt_sum = 0;
  for (double r : rtts) rtt_sum += r;
  if (count > 0) {
    snap.packet_loss_pct = 100.0 * static_cast<double>(lost) / static_cast<double>(count);
    snap.uptime_pct = 100.0 - snap.packet_loss_pct;
  }
  if (!rtts.empty()) {
    snap.avg_latency = rtt_sum / static_cast<double>(rtts.size());
    auto [mn, mx] = std::minmax_element(rtts.begin(), rtts.end());
    snap.min_latency = *mn;
    snap.max_latency = *mx;
    snap.p50 = Percentile(rtts, 50);
    snap.p95 = Percentile(rtts, 95);
    snap.p99 = Percentile(rtts, 99);
  }
  if (o.jitter_pairs > 0) snap.jitter = o.jitter_sum / static_cast<double>(o.jitter_pairs);
  snap.health_score = HealthScore(snap.packet_loss_pct, snap.avg_latency, snap.jitter);
  snap.health_grade = HealthGrade(snap.health_score);
  const std::vector<double> recent(recent_round_rtts_.begin(), recent_round_rtts_.end());
  const Trend trend = ComputeTrend(recent);
  snap.trend = trend.trend;
  snap.trend_label = trend.label;
  if (baseline_count_ >= kBaselineSamples) snap.baseline = baseline_sum_ / baseline_count_;
  last_loss_pct_ = snap.packet_loss_pct;
  last_avg_ms_ = snap.avg_latency;
  snap.diagnosis = Diagnose(CurrentInputs());
  snap.current_drop = drops_.Current(snap.generated_at);
  snap.is_down = snap.current_drop.has_value();
  snap.drops_this_session = drops_this_session_;
  snap.consecutive_failed_rounds = drops_.consecutive_failed();
  snap.rounds_evaluated = rounds_evaluated_;
  snap.gateway_address = link_.gateway;
  snap.interface = link_.interface;
  snap.interface_state = link_.operstate;
}

}  // namespace ww
