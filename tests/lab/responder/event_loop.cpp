#include "event_loop.h"

#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace ww::lab {
namespace {

constexpr int kTimerKey = -1;
constexpr int kMaxEvents = 64;

std::uint64_t Pack(std::uint32_t generation, int fd) {
  return static_cast<std::uint64_t>(generation) << 32 | static_cast<std::uint32_t>(fd);
}

}  // namespace

EventLoop::~EventLoop() {
  if (timer_fd_ >= 0) close(timer_fd_);
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

Status EventLoop::Init() {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) return Status::Error(std::string("epoll_create1: ") + strerror(errno));
  timer_fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (timer_fd_ < 0) return Status::Error(std::string("timerfd_create: ") + strerror(errno));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = Pack(0, kTimerKey);
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, timer_fd_, &ev) != 0) {
    return Status::Error(std::string("epoll_ctl(timerfd): ") + strerror(errno));
  }
  return Status::Ok();
}

Status EventLoop::Watch(int fd, std::uint32_t events, FdHandler handler) {
  const std::uint32_t gen = next_generation_++;
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = Pack(gen, fd);
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    return Status::Error("epoll_ctl(add fd " + std::to_string(fd) + "): " + strerror(errno));
  }
  watchers_[fd] = Watcher{gen, std::make_shared<FdHandler>(std::move(handler))};
  return Status::Ok();
}

void EventLoop::Unwatch(int fd) {
  if (watchers_.erase(fd) > 0) epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
}

EventLoop::TimerId EventLoop::At(MonoTime when, std::function<void()> fn) {
  const TimerId id = next_timer_++;
  auto it = timers_.emplace(when, std::pair{id, std::move(fn)});
  timer_index_[id] = it;
  if (it == timers_.begin()) ArmTimer();
  return id;
}

void EventLoop::Cancel(TimerId id) {
  auto it = timer_index_.find(id);
  if (it == timer_index_.end()) return;
  timers_.erase(it->second);
  timer_index_.erase(it);
}

void EventLoop::ArmTimer() {
  itimerspec spec{};
  if (!timers_.empty()) {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        timers_.begin()->first.time_since_epoch())
                        .count();
    // steady_clock is CLOCK_MONOTONIC on Linux; a zero value would disarm, so use >= 1 ns.
    const auto when = ns > 0 ? ns : 1;
    spec.it_value.tv_sec = when / 1'000'000'000;
    spec.it_value.tv_nsec = when % 1'000'000'000;
  }
  timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr);
}

void EventLoop::RunDueTimers() {
  std::uint64_t expirations = 0;
  [[maybe_unused]] auto n = read(timer_fd_, &expirations, sizeof expirations);
  // Bounded: timers added by a callback for "now" run on the next turn.
  const MonoTime now = clock_.Now();
  std::size_t budget = timers_.size();
  while (budget-- > 0 && !timers_.empty() && timers_.begin()->first <= now) {
    auto node = timers_.extract(timers_.begin());
    timer_index_.erase(node.mapped().first);
    node.mapped().second();
  }
  ArmTimer();
}

void EventLoop::Run() {
  epoll_event events[kMaxEvents];
  while (!stop_) {
    const int n = epoll_wait(epoll_fd_, events, kMaxEvents, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return;
    for (int i = 0; i < n && !stop_; ++i) {
      const int fd = static_cast<int>(events[i].data.u64 & 0xffffffffu);
      const auto gen = static_cast<std::uint32_t>(events[i].data.u64 >> 32);
      if (fd == kTimerKey) {
        RunDueTimers();
        continue;
      }
      auto it = watchers_.find(fd);
      // Skip an fd unwatched (or replaced) by an earlier handler of this batch.
      if (it == watchers_.end() || it->second.generation != gen) continue;
      auto handler = it->second.handler;  // keeps it alive if the handler unwatches itself
      (*handler)(events[i].events);
    }
  }
}

}  // namespace ww::lab
