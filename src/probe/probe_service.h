#pragma once
// The probe loop: one thread running one io_context, on which every prober
// lives. A single timer walks the Schedule; each due probe becomes a
// ProbeRequest for the prober registered for its kind, and every Sample (one
// per due probe: the prober's, or kNoAddress / kUnavailable made here) goes
// to the sink with the round number and the round's start in wall time
// (Sample::round, Sample::sent_at), so all samples of one round share a time.
//
// Host names are resolved by AddressResolver's thread and re-resolved every
// few minutes; a target without an address yet yields kNoAddress samples on
// its schedule. The gateway's address comes from the app (SetGatewayAddress).
//
// Lifetime: Create, context() to build the probers, RegisterProber, Start;
// at the end Stop, then destroy the probers, then the service (the probers'
// sockets belong to its io_context). Outstanding probes are abandoned at
// Stop: their handlers are destroyed with the io_context, never run.
//
// Thread safety: SetGatewayAddress, ProbeNow, RunOnLoop, Poll, counters, Addresses,
// running are safe from any thread. RegisterProber and Start: one thread,
// before the loop runs. Stop: any thread except the loop's. The sink runs on
// the loop thread and must never block (push to a BoundedQueue).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ip_address.h"
#include "core/result.h"
#include "core/sample.h"
#include "core/target.h"
#include "probe/address_resolver.h"
#include "probe/prober.h"

namespace ww {

struct ProbeServiceOptions {
  Millis base_interval{1000};    // ProbeConfig::interval; every target interval is a multiple
  double spread_fraction = 0.5;  // a round's probes are spread over this part of it
  std::string bind_device;       // ProbeConfig::interface
  // Probes due within this much of a wake-up are sent together: fewer timer
  // wake-ups with thousands of targets, at most this much early.
  Duration coalesce = std::chrono::milliseconds{1};
  ResolvePolicy resolve;
  AddressResolver::LookupFn lookup = SystemLookup;
};

struct ProbeServiceCounters {
  std::uint64_t probes_started = 0;     // handed to a prober
  std::uint64_t samples_delivered = 0;  // passed to the sink, made-up ones included
  std::uint64_t no_address = 0;         // kNoAddress samples made here
  std::uint64_t no_prober = 0;          // kUnavailable: no prober registered for the kind
  std::uint64_t rounds_skipped = 0;     // rounds that had probes and sent none (loop behind)
  std::uint64_t probes_skipped = 0;
  std::uint64_t stray_completions = 0;  // a prober answered twice for one probe
  std::uint64_t lookups_started = 0;    // host-name lookups handed to the resolver
  std::uint64_t lookups_ok = 0;
  std::uint64_t lookups_failed = 0;
  std::uint64_t in_flight = 0;            // started, not yet answered
  std::int64_t round = -1;                // latest round dispatched; -1 before the first
  std::optional<WallTime> last_round_at;  // wall time the latest round was dispatched
};

class ProbeService {
 public:
  using Sink = std::function<void(const Sample&)>;

  // Validates the targets against the schedule rules (Schedule::Create) and
  // the address rules (TargetAddressBook::Create); errors name the target.
  // `clock` must outlive the service.
  static Result<std::unique_ptr<ProbeService>> Create(const Clock& clock,
                                                      std::vector<TargetSpec> targets,
                                                      ProbeServiceOptions options, Sink sink);
  ~ProbeService();  // Stop()
  ProbeService(const ProbeService&) = delete;
  ProbeService& operator=(const ProbeService&) = delete;

  // The loop's io_context, to construct probers on. Run only by the loop.
  boost::asio::io_context& context();

  // Before Start. A kind without a prober yields kUnavailable samples.
  Status RegisterProber(ProbeKind kind, Prober* prober);

  // Round 0 starts now (clock.Now()). Once only.
  Status Start();

  // Ends the loop and joins it. After it returns the sink is never called.
  // Idempotent.
  void Stop();

  // Empty: no route (gateway targets yield kNoAddress). Applies from the
  // next due probe, to the gateway targets of `uplink` (TargetSpec::uplink;
  // "" = the default route's).
  void SetGatewayAddress(std::optional<IpAddress> address, const std::string& uplink = "");

  // Probes `targets` once now, outside the schedule (their samples do not go
  // to the sink), and calls `done` on the loop thread with one sample each
  // (round -1) once all have answered or timed out. A target without an
  // address yields kNoAddress at once. Dropped (done never called) once stopped.
  void ProbeNow(std::vector<TargetId> targets, std::function<void(std::vector<Sample>)> done);

  // Runs fn on the loop thread (in order with other posted work). Dropped
  // once stopped.
  void RunOnLoop(std::function<void()> fn);

  // Re-reads the clock and sends what is due now. The timer does this by
  // itself; this is for a clock that jumped (a FakeClock in tests).
  void Poll();

  ProbeServiceCounters counters() const;
  // Each target's current address (empty: none yet, or HTTP), for display.
  std::vector<std::optional<IpAddress>> Addresses() const;
  const std::vector<TargetSpec>& targets() const;
  bool running() const;

 private:
  class Loop;
  explicit ProbeService(std::unique_ptr<Loop> loop);
  std::unique_ptr<Loop> loop_;
};

}  // namespace ww
