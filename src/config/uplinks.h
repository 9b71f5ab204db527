#pragma once
// isp-status's uplinks from the configuration: the rules of [[uplinks]] entries (called by
// ValidateConfig) and the UplinkSpec list the engine judges (core/uplink.h).
//
// With [[uplinks]] configured, each entry becomes one UplinkSpec whose targets are the ones
// BuildTargets made for it ("<name>/gateway", "<name>/<host>", "<name>/<url>", all with
// TargetSpec::uplink = name). With none, one implicit uplink stands for the default route:
// the [probe] gateway, ICMP externals and HTTP checks (TargetSpec::uplink empty).
//
// Example: [[uplinks]] name = "Liquid (BGP01)", interface = "eth1", gateway = "auto",
// ping_targets = ["1.1.1.1"], http_urls = ["https://example.com/"] gives the targets
// "Liquid (BGP01)/gateway", "Liquid (BGP01)/1.1.1.1", "Liquid (BGP01)/https://example.com/",
// each bound to eth1, and one UplinkSpec naming their TargetIds.
// Thread safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/target.h"
#include "core/uplink.h"

namespace ww {

inline constexpr std::size_t kMaxUplinks = 64;
inline constexpr std::size_t kMaxUplinkNameChars = 64;

// What is wrong with an uplink name, "" when nothing: 1-64 characters of valid UTF-8, no
// control characters (C0, DEL, C1, U+2028/U+2029, bidirectional marks and controls, U+FEFF),
// no '/' (it separates the uplink from the target in target names), no white space at either
// end.
// Spaces and parentheses inside are fine: "Liquid (BGP01)".
std::string UplinkNameProblem(std::string_view name);

// Every problem of config.uplinks.list, each as "uplinks[I].KEY: rule", e.g.
//   uplinks[1].gateway: "x" is not "auto", "none" or an IP address
//   uplinks[2].name: duplicate of uplinks[0].name ("Liquid (BGP01)")
// Empty when valid. The [uplink_defaults] ranges are checked with the other keys.
std::vector<std::string> ValidateUplinks(const Config& config);

// `config` must have passed ValidateConfig and `targets` be BuildTargets(config) (after
// PromoteTcpToConnectivity if that ran: names and uplinks do not change). One spec per
// [[uplinks]] entry, in order, or the one implicit spec. Thresholds not set on an entry come
// from [engine]; hysteresis from [uplink_defaults].
std::vector<UplinkSpec> BuildUplinkSpecs(const Config& config,
                                         const std::vector<TargetSpec>& targets);

}  // namespace ww
