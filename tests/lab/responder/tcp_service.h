#pragma once
// Answers TCP connects on the configured ports for every local address, with
// the same per-packet delay, loss and outage control as ICMP.
//
// How, without netem or tc actions: each port has a kernel listener with
// backlog 0 whose accept queue we fill with one connection of our own ("the
// plug") and never accept. The kernel then drops every further SYN to that
// port silently (LISTENOVERFLOWS) instead of answering or resetting. A raw TCP
// socket still sees those SYNs; we answer each with a SYN-ACK we build, after
// the scripted delay, or not at all. The client's connect() completes on our
// SYN-ACK; its following ACK gets a RST from us, so the client sees "accepted,
// then closed" and no half-open state lingers on either side.
// Thread safety: event-loop thread only.

#include <cstdint>
#include <random>
#include <vector>

#include "responder_state.h"

namespace ww::lab {

class TcpService {
 public:
  TcpService(ResponderState& state, std::vector<std::uint16_t> ports, std::uint64_t seed)
      : state_(state), ports_(std::move(ports)), rng_(seed) {}
  ~TcpService();
  TcpService(const TcpService&) = delete;
  TcpService& operator=(const TcpService&) = delete;

  Status Start();

 private:
  struct Port {
    std::uint16_t port = 0;
    int listener = -1;
    int plug = -1;
    std::uint16_t plug_port = 0;  // the plug's local port, whose packets we ignore
  };
  Status Plug(Port& p);
  void OnReadable();
  bool Ours(std::uint16_t dport, std::uint32_t src, std::uint16_t sport) const;

  ResponderState& state_;
  std::vector<std::uint16_t> ports_;
  std::vector<Port> plugged_;
  std::mt19937 rng_;  // initial sequence numbers
  int raw_fd_ = -1;
};

}  // namespace ww::lab
