#pragma once
// TCP connect prober (the shape of blackbox_exporter's prober/tcp.go, connect
// only): success when the handshake with request.address:spec->port completes
// before request.timeout; the RTT is the connect time measured on the probe loop.
// Outcomes: RST -> kRefused; ENETUNREACH/EHOSTUNREACH -> kUnreachable; no answer
// by the deadline -> kTimeout; a socket the kernel will not open, bind or route
// (bad bind_device, blackhole route) -> kSendFailed; no address -> kNoAddress.
// The RTT is also kept for kRefused (the RST is an answer, timed like a SYN-ACK).
// The connection is closed as soon as it is established; nothing is sent.
//
// Thread safety: as ww::Prober. Each probe is a self-owning session bound to the
// io_context, so probes already started finish (and call `done`) even if the
// prober is destroyed first; the clock must outlive them.

#include "core/clock.h"
#include "probe/prober.h"

namespace ww {

class TcpProber final : public Prober {
 public:
  TcpProber(boost::asio::io_context& io, const Clock& clock) : io_(io), clock_(clock) {}
  std::string_view name() const override { return "tcp"; }
  void Start(const ProbeRequest& request, ProbeDone done) override;

 private:
  boost::asio::io_context& io_;
  const Clock& clock_;
};

}  // namespace ww
