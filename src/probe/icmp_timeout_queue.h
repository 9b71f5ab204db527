#pragma once
// Deadlines of outstanding ICMP probes, earliest first: the single time-ordered
// queue that drives the prober's one timer (fping keeps a list per timeout; a
// binary heap also orders mixed timeouts, e.g. a 100 ms probe sent after a 5 s one).
// Answered probes are not searched for and removed: their entries stay until they
// reach the top and are recognised as stale by their generation (lazy deletion),
// which keeps a reply O(1) and a push/pop O(log n) without per-probe allocation.
//
// Thread safety: none; owned by the probe loop.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/clock.h"

namespace ww {

class IcmpTimeoutQueue {
 public:
  struct Entry {
    MonoTime deadline;
    std::uint32_t probe = 0;
    std::uint32_t generation = 0;
  };

  void Push(const Entry& entry) {
    heap_.push_back(entry);
    std::push_heap(heap_.begin(), heap_.end(), Later);
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // The earliest deadline; requires !empty().
  const Entry& top() const { return heap_.front(); }
  void Pop() {
    std::pop_heap(heap_.begin(), heap_.end(), Later);
    heap_.pop_back();
  }

 private:
  static bool Later(const Entry& a, const Entry& b) { return a.deadline > b.deadline; }
  std::vector<Entry> heap_;
};

}  // namespace ww
