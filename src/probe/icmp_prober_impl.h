#pragma once
// Internals of IcmpProber, shared by icmp_prober.cpp (sending, timeouts) and
// icmp_prober_receive.cpp (reading and matching replies). Not for other users.
//
// Thread safety: as IcmpProber; only the counters are atomic.

#include <array>
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <vector>

#include "probe/icmp_packet.h"
#include "probe/icmp_prober.h"
#include "probe/icmp_seq_map.h"
#include "probe/icmp_timeout_queue.h"

namespace ww {

// One outstanding request; lives in a pool, found by index.
struct IcmpProbe {
  ProbeDone done;
  IpAddress address;
  WallTime sent_wall{};
  MonoTime sent_mono{};
  std::int64_t round = 0;
  TargetId target = 0;
  std::uint32_t generation = 0;  // bumped on completion: stale timeout entries don't match
  std::uint32_t slot = 0;
  std::uint16_t seq = 0;
  bool active = false;
};

// A socket with its binding, sequence map and request template. A slot whose
// socket could not be opened keeps the error and retries after retry_at.
struct IcmpSocketSlot {
  IpAddress::Family family = IpAddress::Family::kV4;
  std::string bind_device;
  std::optional<IpAddress> source;
  std::uint16_t raw_identifier = 0;
  std::unique_ptr<IcmpSocket> socket;
  IcmpSeqMap seqs;
  std::vector<std::uint8_t> packet;  // ICMP header + payload, rewritten per send
  std::string error;
  MonoTime retry_at{};
};

// Written by the loop thread only (load + store, no read-modify-write), read anywhere.
struct IcmpAtomicCounters {
  std::atomic<std::uint64_t> sent{0}, received{0}, timeouts{0}, late{0}, duplicates{0}, errors{0},
      send_failures{0}, bad_replies{0}, foreign{0}, clock_fallbacks{0};
  static void Bump(std::atomic<std::uint64_t>& c) {
    c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
};

class IcmpProber::Impl {
 public:
  Impl(boost::asio::io_context& io, const Clock& clock, IcmpProberOptions options);
  ~Impl();

  bool available() const;
  void Start(const ProbeRequest& request, ProbeDone done);
  IcmpCounters counters() const;
  std::optional<IcmpSocketKind> socket_kind(IpAddress::Family family) const;

 private:
  static constexpr std::size_t kNoSlot = SIZE_MAX;

  // Sending and timeouts (icmp_prober.cpp).
  // The open socket slot for the request's family and binding, or kNoSlot.
  std::size_t SlotFor(const ProbeRequest& request);
  std::size_t AddSlot(IpAddress::Family family, const std::string& device,
                      const std::optional<IpAddress>& source);
  bool EnsureOpen(IcmpSocketSlot& slot);
  int SendRequest(IcmpSocketSlot& slot, std::uint16_t seq, const IpAddress& to, std::int64_t stamp);
  void PostSample(ProbeDone done, const Sample& sample);
  std::uint32_t AllocateProbe();
  // Frees the probe and then calls its done: the callback may Start again.
  void Complete(std::uint32_t probe, const Sample& sample);
  void ArmTimer(MonoTime deadline);
  void OnTimer();

  // Receiving (icmp_prober_receive.cpp).
  void WaitReadable(IcmpSocketSlot& slot);
  void OnReadable(IcmpSocketSlot& slot);
  void DrainErrorQueue(IcmpSocketSlot& slot, MonoTime now);
  void HandleMessage(IcmpSocketSlot& slot, const IcmpReceived& message, MonoTime now);
  // A message worth matching (echo reply, or error quoting an echo request), or nullopt.
  std::optional<icmp::ParsedMessage> Parse(const IcmpSocketSlot& slot, const IcmpReceived& message);
  // The pending probe `m` answers, or IcmpSeqMap::kNoProbe (counted as late,
  // duplicate or foreign).
  std::uint32_t MatchProbe(IcmpSocketSlot& slot, const icmp::ParsedMessage& m,
                           const IpAddress& peer, MonoTime now);
  double RttMs(const IcmpProbe& probe, const std::optional<WallTime>& kernel_time, MonoTime now);

  boost::asio::io_context& io_;
  const Clock& clock_;
  IcmpProberOptions options_;
  std::uint64_t token_ = 0;
  std::uint16_t identifier_base_ = 0;
  std::vector<std::unique_ptr<IcmpSocketSlot>> slots_;
  std::array<std::size_t, 2> default_slot_{kNoSlot, kNoSlot};  // by family
  std::vector<IcmpProbe> probes_;
  std::vector<std::uint32_t> free_probes_;
  IcmpTimeoutQueue timeouts_;
  boost::asio::steady_timer timer_;
  std::optional<MonoTime> timer_deadline_;  // what the pending wait is set for
  IcmpAtomicCounters counters_;
  // Handlers hold a weak_ptr to this: queued completions that run after the
  // prober is gone see it expired and touch nothing.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace ww
