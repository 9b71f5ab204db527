#pragma once
// One round of the outage monitor: a TCP connect to every target at once,
// each with the same deadline, on the calling thread (plain non-blocking
// sockets and poll(2), no event loop needed: a round is a few sockets every
// 30 s). A connect that completes is closed at once; nothing is sent.
//
// Host names are resolved with getaddrinfo on the calling thread (the
// monitor's own), numeric addresses without a lookup.
//
// Thread safety: Run may be called from one thread at a time per object.

#include <string>
#include <vector>

#include "core/clock.h"
#include "engine/outage_detector.h"

namespace ww {

// What the monitor probes with; tests give it a fake.
class OutageRoundProber {
 public:
  virtual ~OutageRoundProber() = default;
  // One result per target, in the order given; returns within about `timeout`.
  virtual std::vector<OutageProbeResult> Run(const std::vector<std::string>& targets,
                                             Millis timeout) = 0;
};

class TcpConnectRound final : public OutageRoundProber {
 public:
  explicit TcpConnectRound(const Clock& clock) : clock_(clock) {}
  std::vector<OutageProbeResult> Run(const std::vector<std::string>& targets,
                                     Millis timeout) override;

 private:
  const Clock& clock_;
};

}  // namespace ww
