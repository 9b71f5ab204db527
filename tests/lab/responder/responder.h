#pragma once
// The lab responder: the "internet" of the test lab. Runs in the internet
// namespace and answers ICMP echo, TCP connects, DNS and HTTP for every local
// address, each impaired at run time through the control socket. This class
// wires the services to one event loop and executes control commands.
// Thread safety: single-threaded; everything runs in Run()'s thread.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "control_service.h"
#include "dns_service.h"
#include "http_service.h"
#include "icmp_service.h"
#include "responder_state.h"
#include "tcp_service.h"

namespace ww::lab {

struct ResponderOptions {
  std::string control_path;
  std::vector<std::uint16_t> tcp_ports;
  std::uint16_t dns_port = 53;   // 0: no DNS
  std::uint16_t http_port = 80;  // 0: no HTTP
  bool icmp = true;
  DnsAnswerData dns_answer;
  std::uint64_t seed = 1;
};

class Responder {
 public:
  Responder(EventLoop& loop, ResponderOptions options);
  // Opens every socket; the first failure is returned and names the service.
  Status Start();
  // Executes one control line; the reply starts with "ok", "error:" or is JSON/"pong".
  std::string Execute(const std::string& line);
  std::string StatsJson() const { return state_.StatsJson(); }

 private:
  EventLoop& loop_;
  ResponderOptions options_;
  ResponderState state_;
  IcmpService icmp_;
  TcpService tcp_;
  DnsService dns_;
  HttpService http_;
  ControlService control_;
};

}  // namespace ww::lab
