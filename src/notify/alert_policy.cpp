#include "notify/alert_policy.h"

#include <chrono>
#include <cstdio>
#include <utility>

namespace ww {
namespace {

double SecondsBetween(WallTime from, WallTime to) {
  return std::chrono::duration<double>(to - from).count();
}

std::string Mbps(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f Mbit/s", v);
  return buf;
}

std::string Ms(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f ms", v);
  return buf;
}

// The measured values and the minimums they missed, as evidence.
std::vector<AlertField> MinimumFields(const SpeedtestObservation& r, const AlertSettings& s) {
  std::vector<AlertField> out;
  if (r.download_mbps) {
    out.push_back(
        {"Download",
         Mbps(*r.download_mbps) +
             (s.min_download_mbps ? " (minimum " + Mbps(*s.min_download_mbps) + ")" : "")});
  }
  if (r.upload_mbps) {
    out.push_back(
        {"Upload", Mbps(*r.upload_mbps) +
                       (s.min_upload_mbps ? " (minimum " + Mbps(*s.min_upload_mbps) + ")" : "")});
  }
  if (r.ping_ms) {
    out.push_back(
        {"Ping", Ms(*r.ping_ms) + (s.max_ping_ms ? " (maximum " + Ms(*s.max_ping_ms) + ")" : "")});
  }
  return out;
}

bool BelowMinimum(const SpeedtestObservation& r, const AlertSettings& s) {
  return (s.min_download_mbps && r.download_mbps && *r.download_mbps < *s.min_download_mbps) ||
         (s.min_upload_mbps && r.upload_mbps && *r.upload_mbps < *s.min_upload_mbps) ||
         (s.max_ping_ms && r.ping_ms && *r.ping_ms > *s.max_ping_ms);
}

}  // namespace

std::string AlertCooldownKey(const AlertEvent& event) {
  std::string key(AlertKindName(event.kind));
  if (event.kind == AlertKind::kDrop || event.kind == AlertKind::kUplinkState) {
    key += ":" + event.uplink;
  }
  return key;
}

AlertPolicy::AlertPolicy(AlertSettings settings) : settings_(std::move(settings)) {}

void AlertPolicy::UpdateSettings(AlertSettings settings) { settings_ = std::move(settings); }

bool AlertPolicy::KindEnabled(AlertKind kind) const {
  switch (kind) {
    case AlertKind::kDrop:
      return settings_.on_drops;
    case AlertKind::kOutage:
      return settings_.on_outages;
    case AlertKind::kUplinkState:
      return settings_.on_uplink_changes;
    case AlertKind::kSpeedtestFailure:
    case AlertKind::kSpeedtestBelowMinimum:
    case AlertKind::kTest:
      break;
  }
  return true;
}

bool AlertPolicy::AdmitStart(const std::string& key, MonoTime now) {
  const auto cooldown = std::chrono::minutes(settings_.cooldown_minutes);
  const auto last = last_start_sent_.find(key);
  const bool cooling = last != last_start_sent_.end() && now - last->second < cooldown;
  open_[key] = OpenProblem{.sent = !cooling};
  if (cooling) {
    ++counters_.suppressed;
    return false;
  }
  last_start_sent_[key] = now;
  return true;
}

bool AlertPolicy::Admit(const AlertEvent& event, MonoTime now) {
  if (event.kind == AlertKind::kTest || event.phase == AlertPhase::kTest) return true;
  if (!settings_.enabled || !KindEnabled(event.kind)) {
    ++counters_.filtered;
    return false;
  }
  const std::string key = AlertCooldownKey(event);
  const auto open = open_.find(key);
  switch (event.phase) {
    case AlertPhase::kStart:
      return AdmitStart(key, now);
    case AlertPhase::kChange:
      if (open == open_.end()) return AdmitStart(key, now);
      if (!open->second.sent) ++counters_.suppressed;
      return open->second.sent;
    case AlertPhase::kEnd: {
      if (open == open_.end()) {
        ++counters_.filtered;  // no start seen: nothing to recover from
        return false;
      }
      const bool sent = open->second.sent;
      open_.erase(open);
      if (!sent) ++counters_.suppressed;
      return sent;
    }
    case AlertPhase::kTest:
      break;
  }
  return true;
}

std::vector<AlertEvent> AlertPolicy::OnSpeedtestResult(const SpeedtestObservation& result) {
  std::vector<AlertEvent> out;
  if (auto e = SpeedtestFailureEvent(result)) out.push_back(std::move(*e));
  if (auto e = BelowMinimumEvent(result)) out.push_back(std::move(*e));
  return out;
}

std::optional<AlertEvent> AlertPolicy::SpeedtestFailureEvent(const SpeedtestObservation& result) {
  if (!result.ok) {
    if (consecutive_failures_ == 0) first_failure_at_ = result.timestamp;
    ++consecutive_failures_;
    last_error_ = result.error;
    const int threshold = settings_.failure_threshold;
    if (threshold <= 0 || consecutive_failures_ < threshold || failure_alert_active_) {
      return std::nullopt;
    }
    failure_alert_active_ = true;
    AlertEvent e;
    e.kind = AlertKind::kSpeedtestFailure;
    e.phase = AlertPhase::kStart;
    e.timestamp = result.timestamp;
    e.consecutive_failures = consecutive_failures_;
    e.error = result.error;
    e.title =
        "Speed tests failing: " + std::to_string(consecutive_failures_) + " consecutive failures";
    e.message = "The last " + std::to_string(consecutive_failures_) + " speed tests failed." +
                (result.error.empty() ? "" : " Last error: " + result.error);
    return e;
  }
  const int failures = consecutive_failures_;
  consecutive_failures_ = 0;
  if (!failure_alert_active_) return std::nullopt;
  failure_alert_active_ = false;
  AlertEvent e;
  e.kind = AlertKind::kSpeedtestFailure;
  e.phase = AlertPhase::kEnd;
  e.timestamp = result.timestamp;
  e.consecutive_failures = failures;
  e.error = last_error_;
  e.duration_seconds = SecondsBetween(first_failure_at_, result.timestamp);
  e.title = "Speed tests recovered";
  e.message =
      "A speed test succeeded again after " + std::to_string(failures) + " consecutive failures.";
  return e;
}

std::optional<AlertEvent> AlertPolicy::BelowMinimumEvent(const SpeedtestObservation& result) {
  if (!result.ok) return std::nullopt;  // no speeds to judge
  const bool below = BelowMinimum(result, settings_);
  if (below == below_minimum_active_) return std::nullopt;
  below_minimum_active_ = below;
  AlertEvent e;
  e.kind = AlertKind::kSpeedtestBelowMinimum;
  e.timestamp = result.timestamp;
  e.fields = MinimumFields(result, settings_);
  if (below) {
    below_minimum_since_ = result.timestamp;
    e.phase = AlertPhase::kStart;
    e.title = "Speed test below the configured minimum";
    e.message = "The latest speed test missed the minimums set in the alert settings.";
  } else {
    e.phase = AlertPhase::kEnd;
    e.duration_seconds = SecondsBetween(below_minimum_since_, result.timestamp);
    e.title = "Speed test back within the minimums";
    e.message = "The latest speed test met the minimums set in the alert settings again.";
  }
  return e;
}

}  // namespace ww
