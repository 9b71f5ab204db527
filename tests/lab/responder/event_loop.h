#pragma once
// A single-threaded epoll loop with a timer queue on one timerfd
// (CLOCK_MONOTONIC, absolute deadlines), so scheduled replies leave within
// microseconds of their deadline instead of at millisecond poll granularity.
// Thread safety: everything runs on the thread that calls Run(); not thread-safe.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>

#include "core/clock.h"
#include "core/result.h"

namespace ww::lab {

class EventLoop {
 public:
  using FdHandler = std::function<void(std::uint32_t epoll_events)>;
  using TimerId = std::uint64_t;

  explicit EventLoop(const Clock& clock) : clock_(clock) {}
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  Status Init();
  // Watches fd for `events` (EPOLLIN...). The loop does not own fd.
  Status Watch(int fd, std::uint32_t events, FdHandler handler);
  void Unwatch(int fd);
  // Runs fn at `when` (monotonic); a time in the past runs on the next turn.
  TimerId At(MonoTime when, std::function<void()> fn);
  void Cancel(TimerId id);
  // Runs until Stop() is called from a handler.
  void Run();
  void Stop() { stop_ = true; }
  const Clock& clock() const { return clock_; }

 private:
  struct Watcher {
    std::uint32_t generation;
    std::shared_ptr<FdHandler> handler;
  };
  void ArmTimer();
  void RunDueTimers();

  const Clock& clock_;
  int epoll_fd_ = -1;
  int timer_fd_ = -1;
  bool stop_ = false;
  std::uint32_t next_generation_ = 1;
  std::unordered_map<int, Watcher> watchers_;
  TimerId next_timer_ = 1;
  std::multimap<MonoTime, std::pair<TimerId, std::function<void()>>> timers_;
  std::unordered_map<TimerId, decltype(timers_)::iterator> timer_index_;
};

}  // namespace ww::lab
