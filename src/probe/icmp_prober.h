#pragma once
// The ICMP echo prober (IPv4 and IPv6), built like fping: one socket per family
// (and per bind device/source a request asks for) serves every target, one
// 16-bit sequence counter and sequence map per socket tell which request a reply
// answers, one time-ordered queue and one timer handle all timeouts, and RTTs
// come from kernel receive timestamps (SO_TIMESTAMPNS).
//
// Outcomes of Start (exactly one Sample each, always delivered after Start returns):
//   echo reply from the target, payload intact  -> ok, rtt_ms
//   echo reply with a damaged payload           -> kBadReply
//   ICMP error quoting the request              -> kUnreachable, code = type * 256 + code
//   no reply before request.timeout             -> kTimeout
//   sendto failed (ENETUNREACH, ...)            -> kSendFailed, code = errno
//   no address in the request                   -> kNoAddress
//   no ICMP socket allowed on this host         -> kUnavailable
// A reply after the timeout counts as late and a second reply as a duplicate;
// neither yields another Sample. RTT = kernel receive time - wall time read just
// before sendto; when the kernel time is missing, negative or larger than the
// monotonic measurement, the monotonic measurement is used (and counted).
//
// Threading: as ww::Prober. Everything runs on the io_context's single thread,
// except counters(), which any thread may call. Destroy the prober on that
// thread and not from inside a `done` callback; probes still outstanding then
// are dropped without calling their `done`.

#include <cstdint>
#include <memory>
#include <optional>

#include "core/clock.h"
#include "core/result.h"
#include "probe/icmp_socket.h"
#include "probe/prober.h"

namespace ww {

struct IcmpProberOptions {
  // Bytes after the 8-byte ICMP header (token, stamp, pattern), as ping's -s.
  std::size_t payload_size = 56;
  IcmpSocketMode socket_mode = IcmpSocketMode::kAuto;
  // Receive/send buffer asked for each socket: bursts of thousands of replies
  // must fit while the loop is busy sending (the kernel may cap it).
  int socket_buffer_bytes = 4 << 20;

  // Every problem, naming the option, or ok.
  Status Validate() const;
};

struct IcmpCounters {
  std::uint64_t sent = 0;             // requests the kernel accepted
  std::uint64_t received = 0;         // probes answered by a good echo reply
  std::uint64_t timeouts = 0;         // probes that got nothing in time
  std::uint64_t late = 0;             // replies (or errors) after their probe timed out
  std::uint64_t duplicates = 0;       // further replies to an answered probe
  std::uint64_t errors = 0;           // probes answered by an ICMP error (unreachable, ...)
  std::uint64_t send_failures = 0;    // sendto refused (and sequence space exhausted)
  std::uint64_t bad_replies = 0;      // malformed messages, or our replies with damaged payloads
  std::uint64_t foreign = 0;          // messages for other pingers, or matching no request
  std::uint64_t clock_fallbacks = 0;  // RTTs taken from the monotonic clock
};

class IcmpProber final : public Prober {
 public:
  // Opens the IPv4 socket now (so available() is known); others on first use.
  // Invalid options are replaced by the defaults, with a warning naming them.
  IcmpProber(boost::asio::io_context& io, const Clock& clock, IcmpProberOptions options = {});
  ~IcmpProber() override;
  IcmpProber(const IcmpProber&) = delete;
  IcmpProber& operator=(const IcmpProber&) = delete;

  std::string_view name() const override { return "icmp"; }
  // False while no IPv4 ICMP socket can be opened (retried every 30 s).
  bool available() const override;
  void Start(const ProbeRequest& request, ProbeDone done) override;

  // Safe from any thread.
  IcmpCounters counters() const;
  // The kind of the default (unbound) socket of `family`, once opened.
  std::optional<IcmpSocketKind> socket_kind(IpAddress::Family family) const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ww
