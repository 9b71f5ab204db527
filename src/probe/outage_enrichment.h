#pragma once
// Facts about an outage from outside sources, asked once it has ended (the
// line is back), each optional and off unless its URL is configured:
//   public IP service (ipinfo-style JSON)  -> isp_name (and the ASN if named)
//   RIPEstat network-info?resource=IP      -> asn "AS<n>", the routed prefix
//     https://stat.ripe.net/docs/data-api/api-endpoints/network-info/
//     {"data": {"asns": ["3333"], "prefix": "193.0.0.0/21"}}
//   RIPEstat bgp-updates?resource=PREFIX&starttime&endtime
//     https://stat.ripe.net/docs/02.data-api/bgp-updates.html
//     {"data": {"updates": [{"type": "A"|"W", "timestamp", "attrs"}]}}
//     -> bgp_unstable: any update for our prefix around the outage
//   Cloudflare Radar GET {base}/annotations/outages?dateStart&dateEnd[&asn]
//     (Cloudflare API reference, radar.annotations.outages.get)
//     {"success": true, "result": {"annotations": [{"description",
//      "startDate", "endDate", "outage": {"outageCause", "outageType"}}]}}
//     -> cloudflare_outage_desc: the first annotation's description
// A source that is not configured, fails, or answers in another shape leaves
// its field null; nothing here throws.
//
// Thread safety: the parsers are pure; Enrich uses the getter from the
// calling thread (the outage recorder's).

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "probe/http_get.h"
#include "store/outage_store.h"

namespace ww {

struct EnrichmentSources {
  std::string public_ip_url;
  std::string ripestat_url;          // base, e.g. https://stat.ripe.net
  std::string cloudflare_radar_url;  // base, e.g. https://api.cloudflare.com/client/v4/radar
  std::string cloudflare_radar_token;
  bool any() const {
    return !public_ip_url.empty() || !ripestat_url.empty() || !cloudflare_radar_url.empty();
  }
};

struct PublicIpInfo {
  std::optional<std::string> ip;
  std::optional<std::string> isp_name;
  std::optional<std::string> asn;  // "AS<n>" when the service names one
};

// ipinfo ({"ip", "org": "AS7922 Comcast"}), ipapi.co ({"ip", "org", "asn"}) and
// ip-api ({"query", "isp", "as": "AS7922 Comcast"}) shapes.
PublicIpInfo ParsePublicIp(std::string_view json);
struct NetworkInfo {
  std::optional<std::string> asn;  // "AS<n>"
  std::optional<std::string> prefix;
};
NetworkInfo ParseRipestatNetworkInfo(std::string_view json);
std::optional<bool> ParseRipestatBgpUnstable(std::string_view json);
std::optional<std::string> ParseRadarOutageDescription(std::string_view json);

// Asks every configured source about the outage [start, end].
OutageEnrichment Enrich(const EnrichmentSources& sources, WallTime start, WallTime end,
                        HttpGetter& http);

}  // namespace ww
