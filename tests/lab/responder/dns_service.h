#pragma once
// A DNS server on UDP for every local address: answers A/AAAA queries with a
// fixed address, or NXDOMAIN / SERVFAIL / silence per mode, after the
// impairment rules' delay. Replies leave from the address that was asked.
// Thread safety: event-loop thread only.

#include <cstdint>

#include "dns_message.h"
#include "responder_state.h"

namespace ww::lab {

class DnsService {
 public:
  DnsService(ResponderState& state, std::uint16_t port, DnsAnswerData data)
      : state_(state), port_(port), data_(data) {}
  ~DnsService();
  DnsService(const DnsService&) = delete;
  DnsService& operator=(const DnsService&) = delete;

  Status Start();

 private:
  void OnReadable();

  ResponderState& state_;
  std::uint16_t port_;
  DnsAnswerData data_;
  int fd_ = -1;
};

}  // namespace ww::lab
