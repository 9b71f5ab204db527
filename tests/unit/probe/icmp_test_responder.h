#pragma once
// A scripted IPv4 echo responder for the ICMP socket tests. In a namespace where
// the kernel's own answers are off (net.ipv4.icmp_echo_ignore_all=1) it reads
// echo requests from a raw socket and answers them as scripted: after a delay,
// several times, with a damaged payload, or from another source address.
//
// Thread safety: runs its own thread; requests_seen() may be called from any thread.

#include <atomic>
#include <string>
#include <thread>

#include "core/clock.h"
#include "icmp_test_lab.h"

namespace ww::testing {

struct ResponderScript {
  Duration delay{0};
  int copies = 1;          // replies per request; 0 drops them
  bool corrupt = false;    // flip one payload pattern byte (checksum still right)
  std::string reply_from;  // local address to send replies from (bind), empty: kernel's choice
};

class EchoResponder {
 public:
  // Starts the thread; ready() says whether its socket is open in `netns`.
  EchoResponder(const Netns& netns, ResponderScript script);
  ~EchoResponder();
  EchoResponder(const EchoResponder&) = delete;
  EchoResponder& operator=(const EchoResponder&) = delete;

  bool ready() const { return state_.load() == kRunning; }
  int requests_seen() const { return seen_.load(); }

 private:
  enum State { kStarting, kRunning, kFailed };
  void Run(const Netns& netns);

  ResponderScript script_;
  std::atomic<int> state_{kStarting};
  std::atomic<bool> stop_{false};
  std::atomic<int> seen_{0};
  std::thread thread_;
};

}  // namespace ww::testing
