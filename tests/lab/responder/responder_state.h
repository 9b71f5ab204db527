#pragma once
// State shared by the responder's protocol services: the event loop, the
// impairment rules, per-protocol counters and the DNS/HTTP answer settings.
// Thread safety: single-threaded (the event-loop thread), like the services.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "dns_message.h"
#include "event_loop.h"
#include "impairment.h"

namespace ww::lab {

struct Counters {
  std::uint64_t received = 0;     // requests seen (echo requests, SYNs, queries, HTTP requests)
  std::uint64_t answered = 0;     // replies sent
  std::uint64_t dropped = 0;      // not answered on purpose (loss, down, silent mode)
  std::uint64_t malformed = 0;    // could not be parsed; never answered
  std::uint64_t send_errors = 0;  // the kernel refused a reply
};

class ResponderState {
 public:
  ResponderState(EventLoop& loop, std::uint64_t seed) : loop_(loop), impairments_(seed) {}

  EventLoop& loop() { return loop_; }
  Impairments& impairments() { return impairments_; }
  Counters& counters(Protocol p) { return counters_[static_cast<int>(p)]; }

  // Decides the fate of a request that arrived at `received_at`; when it is
  // answered, runs `send` then or after the rule's delay. Returns false if dropped.
  bool Handle(Protocol p, std::uint32_t target, MonoTime received_at, std::function<void()> send);

  DnsMode dns_mode(std::uint32_t target) const;
  void set_dns_mode(std::uint32_t target, DnsMode m);  // target 0: default for all
  int http_status(std::uint32_t target) const;
  void set_http_status(std::uint32_t target, int status);
  void Reset();

  // {"icmp":{"received":N,...},...,"pending_timers":N}
  std::string StatsJson() const;

 private:
  EventLoop& loop_;
  Impairments impairments_;
  std::array<Counters, kProtocolCount> counters_{};
  std::map<std::uint32_t, DnsMode> dns_modes_;
  std::map<std::uint32_t, int> http_statuses_;
};

}  // namespace ww::lab
