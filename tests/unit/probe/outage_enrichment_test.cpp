// The enrichment sources' parsers on the documented shapes (and on junk),
// and Enrich's requests through a fake HTTP getter.
#include "probe/outage_enrichment.h"

#include <gtest/gtest.h>

#include <map>

namespace ww {
namespace {

TEST(ParsePublicIp, IpinfoOrgCarriesTheAsn) {
  const PublicIpInfo i =
      ParsePublicIp(R"({"ip": "198.51.100.7", "org": "AS7922 Comcast Cable Communications, LLC"})");
  EXPECT_EQ(i.ip, "198.51.100.7");
  EXPECT_EQ(i.asn, "AS7922");
  EXPECT_EQ(i.isp_name, "Comcast Cable Communications, LLC");
}

TEST(ParsePublicIp, IpApiAndIpapiCoShapes) {
  const PublicIpInfo a =
      ParsePublicIp(R"({"query": "203.0.113.9", "isp": "Example", "as": "AS64500 Example AS"})");
  EXPECT_EQ(a.ip, "203.0.113.9");
  EXPECT_EQ(a.isp_name, "Example");
  EXPECT_EQ(a.asn, "AS64500");
  const PublicIpInfo b = ParsePublicIp(R"({"ip": "203.0.113.9", "org": "Example", "asn": 64501})");
  EXPECT_EQ(b.asn, "AS64501");
  EXPECT_EQ(b.isp_name, "Example");
}

TEST(ParsePublicIp, JunkGivesNothing) {
  for (const char* text : {"", "not json", "[]", R"({"ip": 5, "org": ""})", "{\"ip\": \"1"}) {
    const PublicIpInfo i = ParsePublicIp(text);
    EXPECT_FALSE(i.ip) << text;
    EXPECT_FALSE(i.isp_name) << text;
    EXPECT_FALSE(i.asn) << text;
  }
}

TEST(ParseRipestat, NetworkInfoGivesAsnAndPrefix) {
  const NetworkInfo n = ParseRipestatNetworkInfo(
      R"({"status": "ok", "data": {"asns": ["3333"], "prefix": "193.0.0.0/21"}})");
  EXPECT_EQ(n.asn, "AS3333");
  EXPECT_EQ(n.prefix, "193.0.0.0/21");
  EXPECT_FALSE(ParseRipestatNetworkInfo(R"({"data": {"asns": []}})").asn);
  EXPECT_FALSE(ParseRipestatNetworkInfo(R"({"data": {"asns": ["x1"]}})").asn);
  EXPECT_FALSE(ParseRipestatNetworkInfo("{").asn);
}

TEST(ParseRipestat, BgpUpdatesAnyUpdateIsUnstable) {
  EXPECT_EQ(ParseRipestatBgpUnstable(
                R"({"data": {"updates": [{"type": "W", "timestamp": "2026-01-01T00:00:00"}]}})"),
            true);
  EXPECT_EQ(ParseRipestatBgpUnstable(R"({"data": {"updates": []}})"), false);
  EXPECT_FALSE(ParseRipestatBgpUnstable(R"({"data": {}})"));
  EXPECT_FALSE(ParseRipestatBgpUnstable("null"));
}

TEST(ParseRadar, FirstAnnotationsDescriptionOrItsClassification) {
  EXPECT_EQ(ParseRadarOutageDescription(
                R"({"success": true, "result": {"annotations": [{"description": "Power outage in X",
                    "startDate": "2026-01-01T00:00:00Z", "outage": {"outageCause": "POWER_OUTAGE"}}]}})"),
            "Power outage in X");
  EXPECT_EQ(
      ParseRadarOutageDescription(
          R"({"result": {"annotations": [{"outage": {"outageCause": "CABLE_CUT", "outageType": "REGIONAL"}}]}})"),
      "REGIONAL: CABLE_CUT");
  EXPECT_FALSE(ParseRadarOutageDescription(R"({"result": {"annotations": []}})"));
  EXPECT_FALSE(ParseRadarOutageDescription(R"({"success": false, "errors": []})"));
}

// Answers by URL prefix; records what was asked.
class FakeGetter final : public HttpGetter {
 public:
  std::map<std::string, std::string> answers;
  std::vector<std::string> urls;
  std::vector<HttpHeaders> headers;
  Result<std::string> Get(const std::string& url, const HttpHeaders& h) override {
    urls.push_back(url);
    headers.push_back(h);
    for (const auto& [prefix, body] : answers) {
      if (url.rfind(prefix, 0) == 0) return body;
    }
    return Result<std::string>::Error(url + ": HTTP 500");
  }
};

const WallTime kStart = FromUnixMillis(1'800'000'000'000);
const WallTime kEnd = kStart + Seconds(142);

TEST(Enrich, NothingConfiguredAsksNobody) {
  FakeGetter http;
  const OutageEnrichment e = Enrich({}, kStart, kEnd, http);
  EXPECT_TRUE(http.urls.empty());
  EXPECT_FALSE(e.isp_name || e.asn || e.bgp_unstable || e.cloudflare_outage_desc);
}

TEST(Enrich, AllSourcesFillEveryField) {
  FakeGetter http;
  http.answers["http://ip/"] = R"({"ip": "198.51.100.7", "org": "AS1 Example ISP"})";
  http.answers["http://ripe/data/network-info/"] =
      R"({"data": {"asns": ["64500"], "prefix": "198.51.100.0/24"}})";
  http.answers["http://ripe/data/bgp-updates/"] = R"({"data": {"updates": [{"type": "A"}]}})";
  http.answers["http://radar/annotations/outages"] =
      R"({"result": {"annotations": [{"description": "Fiber cut"}]}})";
  EnrichmentSources s{"http://ip/", "http://ripe/", "http://radar", "tok"};
  const OutageEnrichment e = Enrich(s, kStart, kEnd, http);
  EXPECT_EQ(e.isp_name, "Example ISP");
  EXPECT_EQ(e.asn, "AS64500");  // RIPEstat's answer wins over the IP service's
  EXPECT_EQ(e.bgp_unstable, true);
  EXPECT_EQ(e.cloudflare_outage_desc, "Fiber cut");
  ASSERT_EQ(http.urls.size(), 4u);
  EXPECT_EQ(http.urls[1], "http://ripe/data/network-info/data.json?resource=198.51.100.7");
  EXPECT_EQ(http.urls[2],
            "http://ripe/data/bgp-updates/data.json?resource=198.51.100.0/24&starttime=1799999700"
            "&endtime=1800000442");
  EXPECT_EQ(http.urls[3],
            "http://radar/annotations/outages?dateStart=2027-01-15T08:00:00Z"
            "&dateEnd=2027-01-15T08:02:22Z&format=json&asn=64500");
  ASSERT_EQ(http.headers[3].size(), 1u);
  EXPECT_EQ(http.headers[3][0],
            (std::pair<std::string, std::string>("Authorization", "Bearer tok")));
}

TEST(Enrich, FailedSourcesLeaveTheirFieldsNull) {
  FakeGetter http;  // every request fails
  EnrichmentSources s{"http://ip/", "http://ripe", "http://radar", ""};
  const OutageEnrichment e = Enrich(s, kStart, kEnd, http);
  EXPECT_FALSE(e.isp_name || e.asn || e.bgp_unstable || e.cloudflare_outage_desc);
  // RIPEstat needs the IP; without it only the IP service and Radar were asked.
  EXPECT_EQ(http.urls.size(), 2u);
}

}  // namespace
}  // namespace ww
