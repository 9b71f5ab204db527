#include "engine/outage_detector.h"

#include <algorithm>
#include <chrono>

namespace ww {

OutageDetector::OutageDetector(OutageOptions options) : options_(options) {
  options_.quorum = std::max(1, options_.quorum);
  options_.failed_rounds_to_confirm = std::max(1, options_.failed_rounds_to_confirm);
}

bool OutageDetector::RoundFailed(const std::vector<OutageProbeResult>& probes) const {
  // An empty round says nothing about the line: not a failure.
  if (probes.empty()) return false;
  const auto failures =
      std::count_if(probes.begin(), probes.end(), [](const OutageProbeResult& p) { return !p.ok; });
  const auto needed =
      std::min<std::ptrdiff_t>(options_.quorum, static_cast<std::ptrdiff_t>(probes.size()));
  return failures >= needed;
}

void OutageDetector::ResumeOutage(WallTime started_at) {
  state_ = State::kDown;
  first_failed_at_ = started_at;
  consecutive_failed_ = options_.failed_rounds_to_confirm;
}

std::optional<OutageEvent> OutageDetector::OnRound(WallTime round_time,
                                                   const std::vector<OutageProbeResult>& probes) {
  if (RoundFailed(probes)) {
    if (consecutive_failed_ == 0) first_failed_at_ = round_time;
    ++consecutive_failed_;
    if (state_ == State::kDown) return std::nullopt;
    if (consecutive_failed_ >= options_.failed_rounds_to_confirm) {
      state_ = State::kDown;
      return OutageEvent{OutageEvent::Type::kStart, first_failed_at_, std::nullopt, probes};
    }
    state_ = State::kSuspect;
    return std::nullopt;
  }
  const bool was_down = state_ == State::kDown;
  state_ = State::kUp;
  consecutive_failed_ = 0;
  if (!was_down) return std::nullopt;
  const double duration = std::chrono::duration<double>(round_time - first_failed_at_).count();
  return OutageEvent{OutageEvent::Type::kEnd, round_time, duration, probes};
}

}  // namespace ww
