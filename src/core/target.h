#pragma once
// What to probe. The config layer produces a list of TargetSpec; a target's
// index in that list is its TargetId everywhere else (probes, engine, store).

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace ww {

using TargetId = std::uint32_t;

enum class ProbeKind : std::uint8_t { kIcmp, kTcp, kDns, kHttp };

// kExternal: an internet host; all external connectivity targets failing is a drop.
// kGateway: the first hop; its address may be discovered and change at run time.
enum class TargetRole : std::uint8_t { kExternal, kGateway };

struct TargetSpec {
  std::string name;  // unique, stable display name, e.g. "1.1.1.1", "gateway", "dns 9.9.9.9"
  ProbeKind kind = ProbeKind::kIcmp;
  TargetRole role = TargetRole::kExternal;
  std::string host;        // address or host name; empty for an undiscovered gateway
  std::uint16_t port = 0;  // TCP port; DNS server port (53)
  std::string dns_query;   // DNS: name to resolve
  bool dns_aaaa = false;   // DNS: AAAA instead of A
  std::string url;         // HTTP(S): URL to GET
  std::chrono::milliseconds interval{1000};
  std::chrono::milliseconds timeout{1000};
  std::string uplink;  // UplinkSpec::name of the uplink it belongs to; empty: the default route
  // Binding of this target's probes (its uplink's interface / source address);
  // empty: ProbeServiceOptions::bind_device, and no source.
  std::string bind_device;
  std::string source;
  // Counts toward drop detection (all such targets failing in a round = drop round).
  bool connectivity = false;
};

std::string_view ToString(ProbeKind kind);
std::string_view ToString(TargetRole role);

}  // namespace ww
