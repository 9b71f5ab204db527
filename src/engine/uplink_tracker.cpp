#include "engine/uplink_tracker.h"

#include <algorithm>
#include <tuple>

namespace ww {
namespace {

// "unknown" is what virtual links (tunnels, loopback, some PPP) report while
// working, so only the states that mean "no carrier" or "no such device" count.
bool OperstateUp(const std::string& s) {
  return s != "down" && s != "lowerlayerdown" && s != "notpresent" && s != "dormant";
}

UplinkState Worse(UplinkState a, UplinkState b) {
  return static_cast<int>(a) < static_cast<int>(b) ? a : b;
}

}  // namespace

UplinkTracker::UplinkTracker(UplinkSpec spec, const std::vector<TargetSpec>& targets)
    : spec_(std::move(spec)),
      round_members_(spec_.ping_targets.empty() ? spec_.http_targets : spec_.ping_targets),
      rounds_(round_members_.size()),
      hysteresis_(spec_.hysteresis_rounds) {
  auto own = [&](TargetId id) {
    if (id >= targets.size() || Owns(id)) return;
    ids_.push_back(id);
    owned_.push_back(targets[id]);
    last_.emplace_back();
  };
  if (spec_.gateway_target) own(*spec_.gateway_target);
  for (TargetId id : spec_.ping_targets) own(id);
  for (TargetId id : spec_.http_targets) own(id);
}

bool UplinkTracker::Owns(TargetId target) const {
  return std::find(ids_.begin(), ids_.end(), target) != ids_.end();
}

std::string UplinkTracker::DisplayName() const {
  if (!spec_.name.empty()) return spec_.name;
  if (!spec_.interface.empty()) return spec_.interface;
  return link_.interface.empty() ? "default" : link_.interface;
}

std::string UplinkTracker::Address(TargetId id) const {
  const std::size_t idx = IndexOf(id);
  if (idx >= owned_.size()) return {};
  const TargetSpec& t = owned_[idx];
  if (t.kind == ProbeKind::kHttp) return t.url;
  if (t.role == TargetRole::kGateway && t.host.empty()) return link_.gateway.value_or("");
  return t.host;
}

UplinkCheck UplinkTracker::CheckFrom(TargetId id, const Sample& s) const {
  UplinkCheck c;
  c.target = Address(id);
  c.ok = s.ok;
  c.at = s.sent_at;
  const std::size_t idx = IndexOf(id);
  const bool http = idx < owned_.size() && owned_[idx].kind == ProbeKind::kHttp;
  if (http && (s.ok || s.error == ProbeError::kHttpStatus) && s.code > 0) c.status = s.code;
  // An HTTP error status still has a meaningful time; a timeout has none.
  if (s.ok || (c.status && s.rtt_ms > 0)) c.rtt_ms = s.rtt_ms;
  if (!s.ok) c.error = std::string(ToString(s.error));
  return c;
}

UplinkCheck UplinkTracker::Unprobed(TargetId id) const {
  UplinkCheck c;
  c.target = Address(id);
  c.error = "not probed yet";
  return c;
}

UplinkChecks UplinkTracker::Latest() const {
  UplinkChecks checks;
  auto latest = [&](TargetId id) {
    const std::size_t idx = IndexOf(id);
    return idx < last_.size() && last_[idx] ? CheckFrom(id, *last_[idx]) : Unprobed(id);
  };
  if (spec_.gateway_target && Owns(*spec_.gateway_target)) {
    const TargetId id = *spec_.gateway_target;
    const std::size_t idx = IndexOf(id);
    if (last_[idx]) SetGateway(checks, id, *last_[idx]);
  }
  for (TargetId id : spec_.ping_targets) checks.ping.push_back(latest(id));
  for (TargetId id : spec_.http_targets) checks.http.push_back(latest(id));
  return checks;
}

UplinkDecision UplinkTracker::Judge(const UplinkChecks& checks) const {
  UplinkRound r;
  r.iface = spec_.interface.empty() ? link_.interface : spec_.interface;
  r.iface_state = link_.operstate;
  r.iface_up = OperstateUp(link_.operstate);
  r.nat = spec_.nat;
  r.gateway_ok = checks.gateway_ok;
  r.gateway = checks.gateway ? checks.gateway->target : link_.gateway.value_or("");
  // A check that has not run yet is no evidence either way.
  for (const auto& c : checks.ping) {
    if (c.at) r.icmp_ok.push_back(c.ok);
  }
  for (const auto& c : checks.http) {
    if (c.at) r.http_ok.push_back(c.ok);
  }
  std::tie(r.loss_pct, r.avg_ms) = Quality();
  UplinkThresholds t;
  t.high_loss_pct = spec_.high_loss_pct;
  t.high_latency_ms = spec_.high_latency_ms;
  t.hysteresis_rounds = spec_.hysteresis_rounds;
  return DecideUplink(r, t);
}

void UplinkTracker::OnSample(const Sample& sample, std::vector<UplinkMinuteRecord>& minutes) {
  const std::size_t idx = IndexOf(sample.target);
  if (idx >= ids_.size()) return;
  last_[idx] = sample;
  if (std::find(round_members_.begin(), round_members_.end(), sample.target) ==
      round_members_.end()) {
    return;
  }
  for (const Round& round : rounds_.Add(sample)) OnRound(round, minutes);
}

void UplinkTracker::OnRound(const Round& round, std::vector<UplinkMinuteRecord>& minutes) {
  if (round.samples.empty()) return;
  Accumulate(round);
  UplinkChecks checks = Latest();
  // This round's own results, not a later round's that may already be in.
  auto& judged = spec_.ping_targets.empty() ? checks.http : checks.ping;
  for (const Sample& s : round.samples) {
    const auto pos = static_cast<std::size_t>(
        std::find(round_members_.begin(), round_members_.end(), s.target) - round_members_.begin());
    if (pos < judged.size()) judged[pos] = CheckFrom(s.target, s);
  }
  const UplinkState before = hysteresis_.verdict().current.state;
  const bool first = !checked_at_;
  const UplinkVerdict& verdict = hysteresis_.Update(Judge(checks));
  checked_at_ = round.started_at;
  if (first || verdict.current.state != before) state_since_ = round.started_at;
  if (auto t = transitions_.OnSettled(verdict.current.state, round.started_at)) {
    changes_.push_back(UplinkStateChange{
        spec_.name, DisplayName(), *t, std::string(verdict.current.reason), verdict.current.text});
  }

  const std::int64_t start_ms = ToUnixMillis(round.started_at);
  const std::int64_t minute_ms = start_ms - ((start_ms % kMinuteMs) + kMinuteMs) % kMinuteMs;
  if (minute_ && minute_->start_ms != minute_ms) {
    EmitMinute(minutes);
    minute_.reset();
  }
  if (!minute_) {
    minute_.emplace();
    minute_->start_ms = minute_ms;
    minute_->state = verdict.current.state;
    minute_reported_ms_ = start_ms;
  }
  minute_->state = Worse(minute_->state, verdict.current.state);
  if (!spec_.ping_targets.empty()) {
    for (const Sample& s : round.samples) {
      ++minute_->samples;
      if (!s.ok) {
        ++minute_->lost;
        continue;
      }
      minute_->sum_ms += s.rtt_ms;
      minute_->min_ms = std::min(minute_->min_ms.value_or(s.rtt_ms), s.rtt_ms);
      minute_->max_ms = std::max(minute_->max_ms.value_or(s.rtt_ms), s.rtt_ms);
    }
  }
  if (start_ms - minute_reported_ms_ >= kMinuteRefreshMs) {
    EmitMinute(minutes);
    minute_reported_ms_ = start_ms;
  }
}

void UplinkTracker::Accumulate(const Round& round) {
  if (spec_.ping_targets.empty()) return;
  RoundQuality q;
  for (const Sample& s : round.samples) {
    ++q.sent;
    if (s.ok) {
      q.sum_ms += s.rtt_ms;
    } else {
      ++q.lost;
    }
  }
  quality_.push_back(q);
  while (quality_.size() > kQualityRounds) quality_.pop_front();
}

void UplinkTracker::TakeChanges(std::vector<UplinkStateChange>& out) {
  for (UplinkStateChange& c : changes_) out.push_back(std::move(c));
  changes_.clear();
}

void UplinkTracker::EmitMinute(std::vector<UplinkMinuteRecord>& minutes) {
  if (minute_) minutes.push_back(UplinkMinuteRecord{spec_.name, *minute_});
}

UplinkStatus UplinkTracker::Status() const {
  UplinkStatus s;
  s.name = DisplayName();
  s.key = spec_.name;
  s.iface = spec_.interface.empty() ? link_.interface : spec_.interface;
  s.iface_state = link_.operstate;
  s.nat = spec_.nat;
  UplinkChecks checks = Latest();
  s.ping = std::move(checks.ping);
  s.http = std::move(checks.http);
  s.gw_ping = ShownGateway(checks);
  if (!checked_at_) {
    s.state = UplinkState::kDown;
    s.reason = "initializing";
    s.reason_text = "no probe round has completed yet";
  } else {
    const UplinkVerdict& v = hysteresis_.verdict();
    s.state = v.current.state;
    s.reason = std::string(v.current.reason);
    s.reason_text = v.current.text;
    s.pending = v.pending;
    s.pending_rounds = v.pending_rounds;
  }
  s.state_since = state_since_;
  s.checked_at = checked_at_;
  std::tie(s.loss_pct, s.avg_ms) = Quality();
  return s;
}

UplinkStatus UplinkTracker::LiveStatus(const std::vector<Sample>& live, WallTime now) const {
  UplinkChecks checks = Latest();
  for (const Sample& sample : live) {
    const TargetId id = sample.target;
    if (IndexOf(id) >= ids_.size()) continue;
    if (spec_.gateway_target == id) SetGateway(checks, id, sample);
    for (std::size_t i = 0; i < spec_.ping_targets.size(); ++i) {
      if (spec_.ping_targets[i] == id) checks.ping[i] = CheckFrom(id, sample);
    }
    for (std::size_t i = 0; i < spec_.http_targets.size(); ++i) {
      if (spec_.http_targets[i] == id) checks.http[i] = CheckFrom(id, sample);
    }
  }
  UplinkStatus s = Status();
  const UplinkDecision d = Judge(checks);
  s.state = d.state;
  s.reason = std::string(d.reason);
  s.reason_text = d.text;
  s.pending.reset();
  s.pending_rounds = 0;
  s.checked_at = now;
  s.gw_ping = ShownGateway(checks);
  s.ping = std::move(checks.ping);
  s.http = std::move(checks.http);
  return s;
}

void UplinkTracker::SetGateway(UplinkChecks& checks, TargetId id, const Sample& sample) const {
  checks.gateway.reset();
  checks.gateway_ok.reset();
  // No gateway known, or no way to ping it: no check to show, no verdict about the gateway.
  if (sample.error == ProbeError::kNoAddress || sample.error == ProbeError::kUnavailable) return;
  checks.gateway = CheckFrom(id, sample);
  checks.gateway_ok = sample.ok;
}

std::optional<UplinkCheck> UplinkTracker::ShownGateway(const UplinkChecks& checks) const {
  // isp-status: a NAT uplink's silent gateway is shown as null, not as a failure.
  if (!checks.gateway || (spec_.nat && !checks.gateway->ok)) return std::nullopt;
  return checks.gateway;
}

std::size_t UplinkTracker::IndexOf(TargetId id) const {
  return static_cast<std::size_t>(std::find(ids_.begin(), ids_.end(), id) - ids_.begin());
}

std::pair<double, std::optional<double>> UplinkTracker::Quality() const {
  std::uint64_t sent = 0, lost = 0;
  double sum = 0;
  for (const RoundQuality& q : quality_) {
    sent += q.sent;
    lost += q.lost;
    sum += q.sum_ms;
  }
  std::pair<double, std::optional<double>> out{0.0, std::nullopt};
  if (sent > 0) out.first = 100.0 * static_cast<double>(lost) / static_cast<double>(sent);
  if (sent > lost) out.second = sum / static_cast<double>(sent - lost);
  return out;
}

}  // namespace ww
