#include "app/probers.h"

#include <boost/asio/io_context.hpp>

#include "probe/icmp_socket.h"

namespace ww {

Probers MakeProbers(boost::asio::io_context& io, const Clock& clock) {
  Probers p;
  p.icmp = std::make_unique<IcmpProber>(io, clock);
  p.tcp = std::make_unique<TcpProber>(io, clock);
  p.dns = std::make_unique<DnsProber>(io, clock);
  p.http = std::make_unique<HttpProber>(io, clock);
  return p;
}

Status RegisterProbers(ProbeService& service, const Probers& probers) {
  const std::pair<ProbeKind, Prober*> all[] = {{ProbeKind::kIcmp, probers.icmp.get()},
                                               {ProbeKind::kTcp, probers.tcp.get()},
                                               {ProbeKind::kDns, probers.dns.get()},
                                               {ProbeKind::kHttp, probers.http.get()}};
  for (const auto& [kind, prober] : all) {
    if (Status s = service.RegisterProber(kind, prober); !s.ok()) {
      return Status::Error("probes: registering " + std::string(ToString(kind)) + ": " +
                           s.message());
    }
  }
  return Status::Ok();
}

bool IcmpSocketsAvailable() {
  boost::asio::io_context io;
  IcmpSocketOptions options;
  options.family = IpAddress::Family::kV4;
  return IcmpSocket::Open(io, options).ok();
}

}  // namespace ww
