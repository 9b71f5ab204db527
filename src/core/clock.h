#pragma once
// Time for everything except RTTs (those come from kernel timestamps).
// Monotonic time drives intervals and deadlines; wall time (UTC) labels records.
// Thread safety: every Clock may be called from any thread.

#include <chrono>
#include <mutex>

namespace ww {

using MonoClock = std::chrono::steady_clock;
using MonoTime = MonoClock::time_point;
using WallClock = std::chrono::system_clock;
using WallTime = WallClock::time_point;
using Duration = std::chrono::nanoseconds;
using Millis = std::chrono::milliseconds;
using Seconds = std::chrono::seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual MonoTime Now() const = 0;
  virtual WallTime WallNow() const = 0;
};

class SystemClock final : public Clock {
 public:
  MonoTime Now() const override { return MonoClock::now(); }
  WallTime WallNow() const override { return WallClock::now(); }
};

// A clock that moves only when told to; wall and monotonic time advance together.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(WallTime wall_start = WallTime{std::chrono::seconds{1'800'000'000}})
      : wall_(wall_start) {}
  MonoTime Now() const override {
    std::lock_guard lock(mu_);
    return mono_;
  }
  WallTime WallNow() const override {
    std::lock_guard lock(mu_);
    return wall_;
  }
  void Advance(Duration d) {
    std::lock_guard lock(mu_);
    mono_ += d;
    wall_ += std::chrono::duration_cast<WallClock::duration>(d);
  }

 private:
  mutable std::mutex mu_;
  MonoTime mono_{std::chrono::hours{1}};
  WallTime wall_;
};

inline double ToMillis(Duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
inline std::int64_t ToUnixMillis(WallTime t) {
  return std::chrono::duration_cast<Millis>(t.time_since_epoch()).count();
}
inline WallTime FromUnixMillis(std::int64_t ms) { return WallTime{Millis{ms}}; }

}  // namespace ww
