#pragma once
// The prober registry of the daemon: one prober per kind, built on the probe
// loop's io_context (blackbox_exporter's name -> prober map, as a struct).
// Thread safety: build and register on the main thread before the loop runs.

#include <memory>

#include "core/clock.h"
#include "core/result.h"
#include "probe/dns_prober.h"
#include "probe/http_prober.h"
#include "probe/icmp_prober.h"
#include "probe/probe_service.h"
#include "probe/tcp_prober.h"

namespace ww {

struct Probers {
  std::unique_ptr<IcmpProber> icmp;
  std::unique_ptr<TcpProber> tcp;
  std::unique_ptr<DnsProber> dns;
  std::unique_ptr<HttpProber> http;
};

Probers MakeProbers(boost::asio::io_context& io, const Clock& clock);
Status RegisterProbers(ProbeService& service, const Probers& probers);

// Whether this process may open an IPv4 ICMP socket (datagram or raw).
bool IcmpSocketsAvailable();

}  // namespace ww
