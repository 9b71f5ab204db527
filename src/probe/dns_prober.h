#pragma once
// DNS prober: one A or AAAA query (spec->dns_query, spec->dns_aaaa) over UDP to
// the server request.address, port spec->port (53 when 0), judged by
// JudgeDnsReply (dns_message.h).
//
// Outcomes:
//   NOERROR with >= 1 record of the asked type -> ok, RTT = query to reply
//   rcode != 0                    -> kDnsRcode, code = rcode (RTT kept)
//   NOERROR without such a record -> kDnsRcode, code = 0 (RTT kept). Our choice:
//       the server is reachable and answered, but the name does not resolve, which
//       is a DNS failure like NXDOMAIN; code 0 is the only kDnsRcode with code 0,
//       so "NODATA" stays distinguishable without a new ProbeError value.
//   malformed or off-question reply -> kBadReply
//   ICMP port unreachable (nothing on the port) -> kRefused; no route ->
//       kUnreachable; nothing by request.timeout -> kTimeout
// Datagrams from another address (the socket is connected, so the kernel drops
// them) or with another id are ignored: the probe keeps waiting until the deadline.
//
// Thread safety: as ww::Prober. Probes are self-owning sessions on the io_context:
// they finish even if the prober is destroyed first; the clock must outlive them.

#include <functional>
#include <random>
#include <string>

#include "core/clock.h"
#include "probe/prober.h"

namespace ww {

struct DnsProbeResult {
  Sample sample;
  std::string detail;       // why it failed, or what was found
  std::size_t answers = 0;  // records of the asked type
  bool truncated = false;
};
using DnsProbeDone = std::function<void(const DnsProbeResult&)>;

class DnsProber final : public Prober {
 public:
  DnsProber(boost::asio::io_context& io, const Clock& clock);
  std::string_view name() const override { return "dns"; }
  void Start(const ProbeRequest& request, ProbeDone done) override;
  // The same probe, answering with the details (same threading contract).
  void StartDetailed(const ProbeRequest& request, DnsProbeDone done);

 private:
  boost::asio::io_context& io_;
  const Clock& clock_;
  std::mt19937 random_;  // query ids (RFC 5452 §4.3 wants them unpredictable)
};

}  // namespace ww
