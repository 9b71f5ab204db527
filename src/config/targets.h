#pragma once
// Turns a valid Config into the list of targets to probe. A target's index in the list is its
// TargetId; its name is how it appears in the API and in the store, so names are stable
// across restarts and documented (docs/configuration.md, "Target names"):
//   1. "gateway"            ICMP, role gateway (absent when probe.gateway = "none"; host
//                            empty for "auto": the probe layer discovers it)
//   2. "<entry>"            ICMP, one per probe.targets entry, counts for drop detection
//   3. "tcp <host:port>"    TCP connect, one per probe.tcp_targets entry
//   4. "dns <server>"       DNS query of probe.dns_query, one per server ("system" expands
//                            to resolv.conf's nameservers)
//   5. "<url>"              HTTP(S) GET, one per probe.http_urls entry
// These are the default route's view (TargetSpec::uplink empty; the implicit uplink when no
// [[uplinks]] are configured). Then, per [[uplinks]] entry in order, all with uplink = its
// name, bind_device = its interface, source = its source, none counting for drop detection:
//   6. "<name>/gateway"     ICMP, role gateway (absent for gateway = "none", host empty for
//                            "auto"), at probe.interval_ms / probe.icmp_timeout_ms
//   7. "<name>/<host>"      ICMP, one per ping_targets entry, same timing
//   8. "<name>/<url>"       HTTP(S) GET, one per http_urls entry, at probe.http_interval_ms /
//                            probe.http_timeout_ms
// e.g. "Liquid (BGP01)/gateway", "Liquid (BGP01)/1.1.1.1". Uplink names hold no '/'.
// Thread safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/target.h"

namespace ww {

// The "nameserver" addresses of a resolv.conf text, in order, at most 3 (glibc's MAXNS).
// As glibc, no nameserver line means the local resolver, 127.0.0.1.
std::vector<std::string> ParseResolvConfNameservers(std::string_view resolv_conf_text);

// `config` must have passed ValidateConfig. resolv_conf_text is only read when
// probe.dns_servers contains "system"; a server listed twice (explicitly and through
// "system") is probed once.
std::vector<TargetSpec> BuildTargets(const Config& config, std::string_view resolv_conf_text = {});

// For when ICMP sockets are unavailable: the external TCP targets become the connectivity
// probes, probed every round at the ICMP targets' interval (the base interval), and the
// ICMP externals stop counting for drop detection. Names and order are unchanged.
void PromoteTcpToConnectivity(std::vector<TargetSpec>& targets);

}  // namespace ww
