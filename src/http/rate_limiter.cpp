#include "http/rate_limiter.h"

#include <algorithm>

namespace ww {
namespace {

RateLimitOptions Normalized(RateLimitOptions options) {
  options.max_keys = std::max<std::size_t>(options.max_keys, 1);
  options.window = std::max(options.window, std::chrono::seconds(1));
  return options;
}

}  // namespace

SlidingWindowLimiter::SlidingWindowLimiter(RateLimitOptions options, const Clock& clock)
    : options_(Normalized(options)), clock_(clock), last_sweep_(clock.Now()) {}

RateDecision SlidingWindowLimiter::Acquire(std::string_view key) {
  if (options_.limit <= 0) return {};
  std::lock_guard lock(mu_);
  const MonoTime now = clock_.Now();
  Events& events = FindOrAdd(key, now);
  const RateDecision decision = Decide(events, now);
  if (decision.allowed) events.push_back(now);
  return decision;
}

RateDecision SlidingWindowLimiter::Check(std::string_view key) {
  if (options_.limit <= 0) return {};
  std::lock_guard lock(mu_);
  const MonoTime now = clock_.Now();
  const Events* events = Find(key, now);
  return events ? Decide(*events, now) : RateDecision{};
}

void SlidingWindowLimiter::Record(std::string_view key) {
  if (options_.limit <= 0) return;
  std::lock_guard lock(mu_);
  const MonoTime now = clock_.Now();
  Events& events = FindOrAdd(key, now);
  if (events.size() >= static_cast<std::size_t>(options_.limit)) events.pop_front();
  events.push_back(now);
}

std::size_t SlidingWindowLimiter::tracked_keys() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

SlidingWindowLimiter::Events* SlidingWindowLimiter::Find(std::string_view key, MonoTime now) {
  if (now - last_sweep_ >= options_.window) SweepIdle(now);
  const auto it = entries_.find(std::string(key));
  if (it == entries_.end()) return nullptr;
  Events& events = it->second;
  while (!events.empty() && now - events.front() >= options_.window) events.pop_front();
  return &events;
}

SlidingWindowLimiter::Events& SlidingWindowLimiter::FindOrAdd(std::string_view key, MonoTime now) {
  if (Events* events = Find(key, now)) return *events;
  if (entries_.size() >= options_.max_keys) MakeRoom(now);
  return entries_.emplace(std::string(key), Events{}).first->second;
}

RateDecision SlidingWindowLimiter::Decide(const Events& events, MonoTime now) const {
  if (events.size() < static_cast<std::size_t>(options_.limit)) return {};
  // The oldest counted event leaves the window at front + window.
  const auto seconds =
      std::chrono::ceil<std::chrono::seconds>(events.front() + options_.window - now);
  return RateDecision{false, std::max(seconds, std::chrono::seconds(1))};
}

void SlidingWindowLimiter::SweepIdle(MonoTime now) {
  last_sweep_ = now;
  std::erase_if(entries_, [&](const auto& entry) {
    return entry.second.empty() || now - entry.second.back() >= options_.window;
  });
}

// Called when full: drop idle keys, or else the one whose last event is oldest.
void SlidingWindowLimiter::MakeRoom(MonoTime now) {
  SweepIdle(now);
  if (entries_.size() < options_.max_keys) return;
  const auto stalest =
      std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
        return a.second.back() < b.second.back();  // none is empty after the sweep
      });
  entries_.erase(stalest);
}

}  // namespace ww
