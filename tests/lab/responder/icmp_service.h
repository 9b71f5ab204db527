#pragma once
// Answers ICMP echo requests to every local address of the namespace from one
// raw socket (the namespace sets icmp_echo_ignore_all=1 so the kernel stays
// silent). A reply leaves from the address that was asked, with the request's
// identifier, sequence and payload, after the impairment rules' delay.
// Thread safety: event-loop thread only.

#include "responder_state.h"

namespace ww::lab {

class IcmpService {
 public:
  explicit IcmpService(ResponderState& state) : state_(state) {}
  ~IcmpService();
  IcmpService(const IcmpService&) = delete;
  IcmpService& operator=(const IcmpService&) = delete;

  Status Start();

 private:
  void OnReadable();

  ResponderState& state_;
  int fd_ = -1;
};

}  // namespace ww::lab
