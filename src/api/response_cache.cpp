#include "api/response_cache.h"

namespace ww {

HttpResponse SnapshotResponseCache::Get(const std::shared_ptr<const Snapshot>& snapshot,
                                        std::int64_t epoch,
                                        const std::function<HttpResponse()>& build) {
  std::lock_guard lock(mu_);
  if (snapshot_ == nullptr || snapshot_ != snapshot || epoch_ != epoch) {
    response_ = build();
    snapshot_ = snapshot;
    epoch_ = epoch;
  }
  return response_;
}

}  // namespace ww
