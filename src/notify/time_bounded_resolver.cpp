#include "notify/time_bounded_resolver.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace ww {
namespace {

using Addresses = Result<std::vector<IpAddress>>;

// Shared by the caller and the lookup thread: whichever ends last frees it.
struct Lookup {
  std::mutex mu;
  std::condition_variable done;
  std::optional<Addresses> result;
};

}  // namespace

HostResolver TimeBoundedResolver(HostResolver inner, std::chrono::milliseconds limit) {
  auto shared_inner = std::make_shared<const HostResolver>(std::move(inner));
  return [shared_inner, limit](const std::string& host) -> Addresses {
    auto lookup = std::make_shared<Lookup>();
    std::thread([shared_inner, lookup, host] {
      Addresses found = (*shared_inner)(host);
      {
        std::lock_guard lock(lookup->mu);
        lookup->result.emplace(std::move(found));
      }
      lookup->done.notify_all();
    }).detach();
    std::unique_lock lock(lookup->mu);
    if (!lookup->done.wait_for(lock, limit, [&] { return lookup->result.has_value(); })) {
      return Addresses::Error("no answer from the resolver within " +
                              std::to_string(limit.count()) + " ms");
    }
    return std::move(*lookup->result);
  };
}

}  // namespace ww
