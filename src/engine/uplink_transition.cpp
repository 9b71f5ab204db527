#include "engine/uplink_transition.h"

#include <chrono>

namespace ww {

std::optional<UplinkTransition> UplinkTransitionDetector::OnSettled(UplinkState state,
                                                                    WallTime at) {
  if (!last_) {
    last_ = state;
    if (state != UplinkState::kUp) not_up_since_ = at;
    return std::nullopt;
  }
  if (state == *last_) return std::nullopt;
  UplinkTransition t;
  t.from = *last_;
  t.to = state;
  t.at = at;
  last_ = state;
  if (t.from == UplinkState::kUp) {
    t.kind = UplinkTransition::Kind::kStart;
    not_up_since_ = at;
  } else if (t.to == UplinkState::kUp) {
    t.kind = UplinkTransition::Kind::kEnd;
    if (not_up_since_)
      t.not_up_seconds = std::chrono::duration<double>(at - *not_up_since_).count();
    not_up_since_.reset();
  } else {
    t.kind = UplinkTransition::Kind::kChange;
  }
  return t;
}

}  // namespace ww
