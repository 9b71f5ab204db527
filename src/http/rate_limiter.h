#pragma once
// A sliding-window counter per key (an API key, a client address): at most
// `limit` events in any `window`. Pure logic on ww::Clock, no I/O.
//
// Worked example, limit 3, window 60 s, events at t = 0, 10, 20:
//   t = 30 → refused; the oldest event (t = 0) leaves the window at t = 60,
//            so Retry-After = 60 − 30 = 30 s (rounded up, at least 1).
//   t = 60 → allowed: the event of t = 0 is exactly one window old and no
//            longer counts (an event at t counts while now − t < window).
//
// Memory is bounded: each key keeps at most `limit` timestamps, keys whose
// events have all left the window are dropped (swept once per window), and
// when `max_keys` are tracked the least recently active key is dropped to
// make room. An attacker who controls more than `max_keys` addresses can
// thereby reset its own count: the cap trades that for bounded memory.
//
// Thread safety: every method may be called from any thread (one mutex).

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"

namespace ww {

struct RateLimitOptions {
  int limit = 60;  // events per window; 0 or less = unlimited
  std::chrono::seconds window{60};
  std::size_t max_keys = 10'000;
};

struct RateDecision {
  bool allowed = true;
  std::chrono::seconds retry_after{0};  // when refused: until a slot frees, ≥ 1 s
};

class SlidingWindowLimiter {
 public:
  // `clock` must outlive the limiter.
  SlidingWindowLimiter(RateLimitOptions options, const Clock& clock);

  // Counts one event for `key` if the window has room; otherwise refuses it
  // and counts nothing (refused requests do not prolong the wait).
  RateDecision Acquire(std::string_view key);
  // Whether an event would be allowed now, without counting one.
  RateDecision Check(std::string_view key);
  // Counts an event that already happened (a failed authentication); once
  // the window is full the oldest event makes room.
  void Record(std::string_view key);

  std::size_t tracked_keys() const;

 private:
  using Events = std::deque<MonoTime>;  // oldest first, at most limit entries

  // The key's events still inside the window at `now`; nullptr when none are.
  Events* Find(std::string_view key, MonoTime now);
  Events& FindOrAdd(std::string_view key, MonoTime now);
  RateDecision Decide(const Events& events, MonoTime now) const;
  void SweepIdle(MonoTime now);
  void MakeRoom(MonoTime now);

  const RateLimitOptions options_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Events> entries_;
  MonoTime last_sweep_{};
};

}  // namespace ww
