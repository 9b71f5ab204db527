#include "export/ping_row_builder.h"

namespace ww {

PingRowBuilder::PingRowBuilder(std::vector<TargetSpec> targets) : targets_(std::move(targets)) {
  for (const TargetSpec& t : targets_) {
    if (!t.connectivity) continue;
    if (!drop_target_.empty()) drop_target_ += ';';
    drop_target_ += t.name;
  }
}

std::optional<PingRow> PingRowBuilder::OnSample(const Sample& sample, const Snapshot* snapshot) {
  if (sample.target >= targets_.size()) return std::nullopt;  // not ours: never a crash
  const TargetSpec& target = targets_[sample.target];
  if (target.role == TargetRole::kGateway) {
    gateway_ = sample;
    return std::nullopt;
  }
  if (target.kind == ProbeKind::kDns) {
    dns_ = sample;
    return std::nullopt;
  }
  if (!target.connectivity) return std::nullopt;

  PingRow row;
  row.time = sample.sent_at;
  row.target = target.name;
  row.success = sample.ok;
  if (sample.ok) row.latency_ms = sample.rtt_ms;
  if (gateway_ && gateway_->ok && gateway_->sent_at >= sample.sent_at - target.interval * 3 / 2) {
    row.gateway_ms = gateway_->rtt_ms;
  }
  if (dns_ && dns_->ok && dns_->target < targets_.size() &&
      dns_->sent_at >= sample.sent_at - targets_[dns_->target].interval * 2) {
    row.dns_ms = dns_->rtt_ms;
  }
  if (snapshot) {
    row.packet_loss_pct = snapshot->packet_loss_pct;
    row.avg_latency_ms = snapshot->avg_latency;
    row.jitter_ms = snapshot->jitter;
    row.p95_ms = snapshot->p95;
    row.uptime_pct = snapshot->uptime_pct;
    row.trend = snapshot->trend_label;
    row.health_score = snapshot->health_score;
    row.health_grade = snapshot->health_grade;
    row.baseline_ms = snapshot->baseline;
  }
  return row;
}

}  // namespace ww
