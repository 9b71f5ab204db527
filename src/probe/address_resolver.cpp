#include "probe/address_resolver.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <utility>

namespace ww {

Result<IpAddress> SystemLookup(const std::string& host) {
  if (host.empty()) return Result<IpAddress>::Error("resolve '': empty host name");
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;  // one entry per address instead of one per socket type
  hints.ai_flags = AI_ADDRCONFIG;
  addrinfo* list = nullptr;
  const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &list);
  if (rc != 0) {
    const std::string why = rc == EAI_SYSTEM ? "system error" : gai_strerror(rc);
    return Result<IpAddress>::Error("resolve '" + host + "': " + why);
  }
  std::optional<IpAddress> found;
  for (const addrinfo* ai = list; ai != nullptr && !found; ai = ai->ai_next) {
    if (ai->ai_family == AF_INET && ai->ai_addrlen >= sizeof(sockaddr_in)) {
      const auto* sin = reinterpret_cast<const sockaddr_in*>(ai->ai_addr);
      found = IpAddress::FromBytes(IpAddress::Family::kV4,
                                   reinterpret_cast<const std::uint8_t*>(&sin->sin_addr));
    } else if (ai->ai_family == AF_INET6 && ai->ai_addrlen >= sizeof(sockaddr_in6)) {
      const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(ai->ai_addr);
      found = IpAddress::FromBytes(IpAddress::Family::kV6, sin6->sin6_addr.s6_addr);
    }
  }
  freeaddrinfo(list);
  if (!found) return Result<IpAddress>::Error("resolve '" + host + "': no IPv4 or IPv6 address");
  return *found;
}

bool NameState::OnResult(const Result<IpAddress>& result, MonoTime now,
                         const ResolvePolicy& policy) {
  in_flight_ = false;
  if (result.ok()) {
    failures_ = 0;
    last_error_.clear();
    next_attempt_ = now + policy.refresh;
    const bool changed = address_ != result.value();
    address_ = result.value();
    return changed;
  }
  ++failures_;
  last_error_ = result.error();
  Duration backoff = policy.min_backoff;
  for (int i = 1; i < failures_ && backoff < policy.max_backoff; ++i) backoff *= 2;
  next_attempt_ = now + std::min(backoff, policy.max_backoff);
  return false;
}

struct AddressResolver::Shared {
  explicit Shared(LookupFn fn) : lookup(std::move(fn)) {}
  const LookupFn lookup;
  std::mutex mu;
  std::condition_variable wake;    // work queued or stopped
  std::condition_variable exited;  // the worker has left Work
  std::deque<std::pair<std::string, Callback>> queue;
  bool stopped = false;
  bool done = false;
};

AddressResolver::AddressResolver(LookupFn lookup)
    : shared_(std::make_shared<Shared>(std::move(lookup))) {
  worker_ = std::thread([shared = shared_] { Work(shared); });
}

AddressResolver::~AddressResolver() { Stop(); }

void AddressResolver::Resolve(std::string host, Callback done) {
  {
    std::lock_guard lock(shared_->mu);
    if (shared_->stopped) return;
    shared_->queue.emplace_back(std::move(host), std::move(done));
  }
  shared_->wake.notify_one();
}

void AddressResolver::Work(const std::shared_ptr<Shared>& shared) {
  std::unique_lock lock(shared->mu);
  while (true) {
    shared->wake.wait(lock, [&] { return shared->stopped || !shared->queue.empty(); });
    if (shared->stopped) break;
    auto [host, done] = std::move(shared->queue.front());
    shared->queue.pop_front();
    lock.unlock();
    Result<IpAddress> result = shared->lookup(host);
    lock.lock();
    if (shared->stopped) break;
    done(host, std::move(result));
  }
  shared->done = true;
  shared->exited.notify_all();
}

void AddressResolver::Stop(Duration grace) {
  if (!worker_.joinable()) return;
  bool finished = false;
  {
    std::unique_lock lock(shared_->mu);
    shared_->stopped = true;
    shared_->queue.clear();
    shared_->wake.notify_all();
    finished = shared_->exited.wait_for(lock, grace, [&] { return shared_->done; });
  }
  if (finished) {
    worker_.join();
  } else {
    worker_.detach();  // blocked in getaddrinfo; it holds its own share of the state
  }
}

}  // namespace ww
