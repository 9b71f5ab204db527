#pragma once
// Answers TCP connects on the configured ports for every local address, with
// the same per-packet delay, loss and outage control as ICMP.
//
// How, without netem or tc actions: each port has a kernel listener with
// backlog 0 whose accept queue we fill with one connection of our own ("the
// plug") and never accept. The kernel then drops every further SYN to that
// port silently (LISTENOVERFLOWS) instead of answering. A raw TCP socket still
// sees those SYNs; we answer each with a SYN-ACK we build, after the scripted
// delay, or not at all. The rest of the exchange is a polite "accept and
// close": the handshake's ACK gets our FIN, the client's FIN gets our ACK.
// The kernel would answer those segments with RSTs (it knows no such
// connection), which could reach the client before its connect() returned;
// the listeners carry kKernelReplyMark and a policy rule blackholes packets
// with that mark, so only our segments leave. Our initial sequence number is
// a keyed hash of the connection's addresses and ports (like a SYN cookie),
// so no per-connection state is kept.
// Thread safety: event-loop thread only.

#include <cstdint>
#include <vector>

#include "packets.h"
#include "responder_state.h"

namespace ww::lab {

class TcpService {
 public:
  static constexpr std::uint32_t kKernelReplyMark = 0x7757;

  TcpService(ResponderState& state, std::vector<std::uint16_t> ports, std::uint64_t seed)
      : state_(state), ports_(std::move(ports)), seed_(seed) {}
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
  std::uint32_t Isn(const TcpSegment& s) const;
  void OnSegment(const TcpSegment& s, MonoTime received_at);
  void Send(const TcpSegment& to, const std::vector<std::uint8_t>& segment);

  ResponderState& state_;
  std::vector<std::uint16_t> ports_;
  std::vector<Port> plugged_;
  std::uint64_t seed_;  // key of the initial sequence numbers
  int raw_fd_ = -1;
};

}  // namespace ww::lab
