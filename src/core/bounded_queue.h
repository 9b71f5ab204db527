#pragma once
// A multi-producer queue between threads with a fixed capacity. When full,
// Push drops the oldest item and counts it: producers (the probe loop) never
// block on a slow consumer.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace ww {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}

  void Push(T item) {
    {
      std::lock_guard lock(mu_);
      if (closed_) return;
      if (items_.size() >= capacity_) {
        items_.pop_front();
        dropped_.fetch_add(1, std::memory_order_relaxed);
      }
      items_.push_back(std::move(item));
    }
    cv_.notify_one();
  }

  // Appends items to out until out holds `max` in total (items already in out
  // count), waiting at most `wait` for the first one. Returns false once the
  // queue is closed and empty.
  template <typename Rep, typename Period>
  bool PopBatch(std::vector<T>& out, std::size_t max, std::chrono::duration<Rep, Period> wait) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, wait, [&] { return closed_ || !items_.empty(); });
    while (!items_.empty() && out.size() < max) {
      out.push_back(std::move(items_.front()));
      items_.pop_front();
    }
    return !(closed_ && items_.empty());
  }

  void Close() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    cv_.notify_all();
  }

  std::size_t size() const {
    std::lock_guard lock(mu_);
    return items_.size();
  }
  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<T> items_;
  bool closed_ = false;
  std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace ww
