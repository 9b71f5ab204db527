#pragma once
// Host-name resolution for probe targets, kept off the probe loop:
// getaddrinfo blocks (up to resolv.conf's timeout times its attempts), so it
// runs in one small worker thread and each result is handed to a callback
// that the probe service posts back to its loop.
//
// NameState is the pure part: when to (re-)resolve one name. A name is
// resolved at once, then refreshed every `refresh`; a failed lookup retries
// after min_backoff, doubling up to max_backoff. A failure keeps the last
// good address: a DNS outage must not turn into ICMP "no address" failures
// that the engine would read as a connectivity drop.
//
// Thread safety: AddressResolver's methods may be called from any thread.
// NameState is not thread-safe (the probe loop owns it).

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/ip_address.h"
#include "core/result.h"

namespace ww {

// getaddrinfo (AF_UNSPEC, AI_ADDRCONFIG); the first address in the system's
// preference order (RFC 6724, gai.conf). The error names the host.
Result<IpAddress> SystemLookup(const std::string& host);

struct ResolvePolicy {
  Duration refresh = std::chrono::minutes{5};
  Duration min_backoff = std::chrono::seconds{5};
  Duration max_backoff = std::chrono::minutes{5};
};

class NameState {
 public:
  explicit NameState(std::string host) : host_(std::move(host)) {}

  const std::string& host() const { return host_; }
  // The last good address; empty until a lookup has succeeded.
  const std::optional<IpAddress>& address() const { return address_; }
  bool in_flight() const { return in_flight_; }
  MonoTime next_attempt() const { return next_attempt_; }
  int consecutive_failures() const { return failures_; }
  const std::string& last_error() const { return last_error_; }

  bool Due(MonoTime now) const { return !in_flight_ && now >= next_attempt_; }
  void MarkStarted() { in_flight_ = true; }
  // Records a lookup's outcome and plans the next one. Returns true when the
  // address changed (a first success included).
  bool OnResult(const Result<IpAddress>& result, MonoTime now, const ResolvePolicy& policy);

 private:
  std::string host_;
  std::optional<IpAddress> address_;
  MonoTime next_attempt_ = MonoTime::min();
  bool in_flight_ = false;
  int failures_ = 0;
  std::string last_error_;
};

class AddressResolver {
 public:
  using LookupFn = std::function<Result<IpAddress>(const std::string& host)>;
  using Callback = std::function<void(const std::string& host, Result<IpAddress> result)>;

  // `lookup` runs on the worker thread. After Stop it may still be running a
  // lookup in a detached thread, so it must not refer to objects that die
  // after Stop (SystemLookup does not).
  explicit AddressResolver(LookupFn lookup = SystemLookup);
  ~AddressResolver();
  AddressResolver(const AddressResolver&) = delete;
  AddressResolver& operator=(const AddressResolver&) = delete;

  // Queues one lookup. `done` runs on the worker thread, holding the
  // resolver's lock: it must be quick and must not call back into the
  // resolver (posting to an io_context is what it is for). Never runs after
  // Stop has returned; ignored once stopped.
  void Resolve(std::string host, Callback done);

  // Drops queued lookups and ends the worker. Waits up to `grace` for a
  // lookup in progress (getaddrinfo cannot be cancelled); a worker still
  // blocked after that is detached and exits when its lookup returns.
  void Stop(Duration grace = std::chrono::milliseconds{200});

 private:
  struct Shared;
  static void Work(const std::shared_ptr<Shared>& shared);

  std::shared_ptr<Shared> shared_;
  std::thread worker_;
};

}  // namespace ww
