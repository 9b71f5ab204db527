#include "engine/drop_detector.h"

#include <chrono>

namespace ww {
namespace {

double SecondsBetween(WallTime from, WallTime to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

std::optional<DropEvent> DropDetector::OnRound(WallTime round_time, bool all_failed,
                                               const Diagnosis& observed) {
  if (all_failed) {
    if (consecutive_failed_ == 0) {
      first_failed_at_ = round_time;
      tally_.fill(0);
    }
    ++consecutive_failed_;
    const auto code = static_cast<std::size_t>(observed.code);
    if (code < kCodes) {
      ++tally_[code];
      latest_by_code_[code] = observed;
    }
    if (!confirmed_ && consecutive_failed_ >= threshold_) {
      confirmed_ = true;
      DropRecord drop;
      drop.start = first_failed_at_;
      drop.duration_sec = SecondsBetween(first_failed_at_, round_time);
      drop.diagnosis = MostSeen();
      drop.failed_rounds = consecutive_failed_;
      return DropEvent{DropEvent::Kind::kStarted, drop};
    }
    return std::nullopt;
  }
  std::optional<DropEvent> event;
  if (confirmed_) {
    DropRecord drop;
    drop.start = first_failed_at_;
    drop.end = round_time;
    drop.duration_sec = SecondsBetween(first_failed_at_, round_time);
    drop.diagnosis = MostSeen();
    drop.failed_rounds = consecutive_failed_;
    event = DropEvent{DropEvent::Kind::kEnded, drop};
  }
  confirmed_ = false;
  consecutive_failed_ = 0;
  return event;
}

std::optional<DropRecord> DropDetector::Current(WallTime now) const {
  if (!confirmed_) return std::nullopt;
  DropRecord drop;
  drop.start = first_failed_at_;
  drop.duration_sec = SecondsBetween(first_failed_at_, now);
  drop.diagnosis = MostSeen();
  drop.failed_rounds = consecutive_failed_;
  return drop;
}

Diagnosis DropDetector::MostSeen() const {
  std::size_t best = 0;
  for (std::size_t i = 1; i < kCodes; ++i) {
    if (tally_[i] > tally_[best]) best = i;
  }
  return latest_by_code_[best];
}

}  // namespace ww
