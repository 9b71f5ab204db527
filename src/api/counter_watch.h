#pragma once
// When did a failure counter last grow? /api/health holds a component with a
// non-zero failure counter (CSV rows dropped, samples the engine's queue
// dropped, store write errors) against the daemon only while the counter grew
// within the last `window` (10 minutes): one bad minute last week is history,
// not a degraded engine.
//
// The watch learns of growth when it is asked (on /api/health requests), so
// the growth time it reports is the first request that saw the larger value:
// at most one polling interval late. A counter first seen non-zero counts as
// having grown at that moment (we cannot know when; the conservative answer).
// A counter that went down (its owner was rebuilt) starts over from the new
// value.
//
// Thread safety: every method may be called from any thread.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"

namespace ww {

class CounterWatch {
 public:
  explicit CounterWatch(Duration window) : window_(window) {}

  struct Growth {
    bool recent = false;         // grew within the window before `now`
    std::optional<MonoTime> at;  // when the last growth was seen; empty: never
  };

  // Records `value` for counter `name` at `now` and says whether it grew recently.
  Growth Observe(const std::string& name, std::uint64_t value, MonoTime now);

  Duration window() const { return window_; }

 private:
  struct Entry {
    std::uint64_t value = 0;
    std::optional<MonoTime> grew_at;
  };

  const Duration window_;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
};

}  // namespace ww
