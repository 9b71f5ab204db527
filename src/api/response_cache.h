#pragma once
// One response kept per engine snapshot (and, for answers that also show the
// time, per wall-clock second): clients polling /api/status or /api/targets
// many times a second cost a copy, not a rebuild of the same JSON. A snapshot
// is immutable and replaced as a whole about once a second, so comparing its
// pointer says whether the answer can have changed.
//
// Thread safety: Get() may run on any number of HTTP threads at once; a
// build runs under the cache's lock, so concurrent misses build once.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

#include "engine/snapshot.h"
#include "http/http_types.h"

namespace ww {

class SnapshotResponseCache {
 public:
  HttpResponse Get(const std::shared_ptr<const Snapshot>& snapshot, std::int64_t epoch,
                   const std::function<HttpResponse()>& build);

 private:
  std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_;  // the one response_ was built from
  std::int64_t epoch_ = 0;
  HttpResponse response_;
};

}  // namespace ww
