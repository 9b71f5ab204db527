// GET /api/outages and /api/outage-status through the Router, on a temp-dir
// outage store and a canned monitor status: the seed's fields and ours,
// pages newest first, 400s naming the parameter, a page past the end empty,
// 503 without a store, the /api/v1 alias, and the monitor-off status.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../common/temp_dir.h"
#include "api/outages_api.h"
#include "api/routes.h"
#include "fake_store.h"
#include "http/request_decode.h"
#include "http/router.h"

namespace ww {
namespace {

using nlohmann::json;

const WallTime kT0 = FromUnixMillis(1'800'000'000'000);

OutageRow Start(int minute) {
  OutageRow r;
  r.timestamp = kT0 + std::chrono::minutes(minute);
  r.event_type = "outage_start";
  r.event_kind = "connectivity_lost";
  r.probe_results = R"({"1.1.1.1:53": false, "8.8.8.8:53": false, "9.9.9.9:53": true})";
  r.probe_details = R"([{"target":"1.1.1.1:53","ok":false,"rtt_ms":null,"error":"timeout"}])";
  r.diagnosis = "ISP / upstream issue (gateway OK, internet down)";
  r.diagnosis_code = "upstream";
  return r;
}

OutageRow End(int minute, int start_minute) {
  OutageRow r = Start(minute);
  r.event_type = "outage_end";
  r.event_kind = "connectivity_restored";
  r.duration_seconds = 60.0 * (minute - start_minute) + 0.04;
  r.outage_start = kT0 + std::chrono::minutes(start_minute);
  r.enrichment.isp_name = "Comcast";
  r.enrichment.asn = "AS7922";
  r.enrichment.bgp_unstable = false;
  return r;
}

class OutagesApiTest : public ::testing::Test {
 protected:
  OutagesApiTest() : dir_("ww-outages-api") {
    auto opened = OutageStore::Open(dir_.path() / "wanwatch.db");
    EXPECT_TRUE(opened.ok()) << opened.error();
    if (opened.ok()) outages_ = std::move(opened).value();
  }
  void SetUp() override { ASSERT_TRUE(outages_); }

  void Register(bool with_store, bool with_monitor) {
    router_ = Router{};
    ApiContext context{nullptr, store_, clock_};
    auto api = std::make_shared<OutagesApi>();
    if (with_store) api->store = outages_.get();
    if (with_monitor) api->status = [this] { return status_; };
    context.outages = api;
    RegisterApiRoutes(router_, context);
  }

  HttpResponse Get(const std::string& target) {
    HttpRequest r;
    r.method = "GET";
    r.target = target;
    EXPECT_TRUE(DecodeTarget(r).ok());
    return router_.Handle(r);
  }
  json GetJson(const std::string& target, int want_status = 200) {
    const HttpResponse r = Get(target);
    EXPECT_EQ(r.status, want_status) << target << ": " << r.body;
    return json::parse(r.body);
  }

  unit_test::TempDir dir_;
  FakeClock clock_;
  test_api::FakeStore store_;
  std::unique_ptr<OutageStore> outages_;
  OutageStatus status_;
  Router router_;
};

TEST_F(OutagesApiTest, EventsHaveTheSeedsFieldsThenOurs) {
  ASSERT_TRUE(outages_->Insert(Start(1)).ok());
  ASSERT_TRUE(outages_->Insert(End(3, 1)).ok());
  Register(true, true);
  const json body = GetJson("/api/outages");
  EXPECT_EQ(body["total"], 2);
  EXPECT_EQ(body["page"], 1);
  EXPECT_EQ(body["page_size"], 50);
  ASSERT_EQ(body["events"].size(), 2u);
  const json& end = body["events"][0];
  EXPECT_EQ(end["event_type"], "outage_end");
  EXPECT_EQ(end["event_kind"], "connectivity_restored");
  EXPECT_EQ(end["timestamp"], "2027-01-15T08:03:00.000+00:00");
  EXPECT_EQ(end["duration_seconds"], 120.0);  // 0.1 s
  EXPECT_EQ(end["isp_name"], "Comcast");
  EXPECT_EQ(end["asn"], "AS7922");
  EXPECT_EQ(end["bgp_unstable"], false);
  EXPECT_TRUE(end["cloudflare_outage_desc"].is_null());
  EXPECT_TRUE(end["probe_results"].is_string());
  EXPECT_EQ(json::parse(end["probe_results"].get<std::string>())["9.9.9.9:53"], true);
  EXPECT_EQ(end["outage_start_time"], "2027-01-15T08:01:00.000+00:00");
  EXPECT_EQ(end["probe_details"][0]["error"], "timeout");
  EXPECT_EQ(end["diagnosis_code"], "upstream");
  EXPECT_EQ(end["uplink"], "");
  const json& start = body["events"][1];
  EXPECT_EQ(start["event_type"], "outage_start");
  EXPECT_TRUE(start["duration_seconds"].is_null());
  EXPECT_TRUE(start["outage_start_time"].is_null());
  for (const char* f : {"isp_name", "asn", "bgp_unstable", "cloudflare_outage_desc"}) {
    EXPECT_TRUE(start[f].is_null()) << f;
  }
  EXPECT_EQ(GetJson("/api/v1/outages")["total"], 2);
}

TEST_F(OutagesApiTest, PagesAndBadParameters) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(outages_->Insert(Start(i)).ok());
  Register(true, true);
  const json page2 = GetJson("/api/outages?page=2&page_size=2");
  ASSERT_EQ(page2["events"].size(), 2u);
  EXPECT_EQ(page2["events"][0]["timestamp"], "2027-01-15T08:02:00.000+00:00");
  EXPECT_EQ(page2["total"], 5);
  EXPECT_EQ(GetJson("/api/outages?page=3&page_size=2")["events"].size(), 1u);
  const json past = GetJson("/api/outages?page=4&page_size=2");
  EXPECT_TRUE(past["events"].empty());
  EXPECT_EQ(past["total"], 5);
  for (const auto& [query, name] :
       std::vector<std::pair<std::string, std::string>>{{"page=0", "page"},
                                                        {"page=-1", "page"},
                                                        {"page=abc", "page"},
                                                        {"page_size=0", "page_size"},
                                                        {"page_size=501", "page_size"},
                                                        {"page_size=1e3", "page_size"}}) {
    const json err = GetJson("/api/outages?" + query, 400);
    EXPECT_NE(err["detail"].get<std::string>().find(name), std::string::npos) << query;
  }
  EXPECT_EQ(GetJson("/api/outages?page_size=500")["events"].size(), 5u);
}

TEST_F(OutagesApiTest, NoStoreIs503AfterParameterChecks) {
  Register(false, false);
  EXPECT_EQ(GetJson("/api/outages", 503)["detail"], "Database not yet available");
  GetJson("/api/outages?page=0", 400);
}

TEST_F(OutagesApiTest, StatusDuringAnOutage) {
  status_.enabled = true;
  status_.in_progress = true;
  status_.state = "down";
  status_.outage_start = kT0;
  status_.consecutive_failed_rounds = 3;
  status_.rounds = 7;
  status_.last_round_at = kT0 + std::chrono::seconds(60);
  status_.interval_seconds = 30;
  status_.targets = {"127.0.0.1:1", "127.0.0.1:2"};
  status_.last_results = {{"127.0.0.1:1", false, std::nullopt, "connection refused"},
                          {"127.0.0.1:2", true, 0.123, std::nullopt}};
  Register(true, true);
  const json s = GetJson("/api/outage-status");
  EXPECT_EQ(s["outage_in_progress"], true);
  EXPECT_EQ(s["outage_start_time"], "2027-01-15T08:00:00.000+00:00");
  EXPECT_EQ(s["state"], "down");
  EXPECT_EQ(s["consecutive_failed_rounds"], 3);
  EXPECT_EQ(s["rounds"], 7);
  EXPECT_EQ(s["last_round_at"], "2027-01-15T08:01:00.000+00:00");
  ASSERT_EQ(s["targets"].size(), 2u);
  EXPECT_EQ(s["targets"][0]["ok"], false);
  EXPECT_EQ(s["targets"][0]["error"], "connection refused");
  EXPECT_TRUE(s["targets"][0]["rtt_ms"].is_null());
  EXPECT_EQ(s["targets"][1]["rtt_ms"], 0.12);
}

TEST_F(OutagesApiTest, StatusBeforeTheFirstRoundAndWithTheMonitorOff) {
  status_.enabled = true;
  status_.targets = {"127.0.0.1:1"};
  Register(true, true);
  json s = GetJson("/api/outage-status");
  EXPECT_EQ(s["outage_in_progress"], false);
  EXPECT_TRUE(s["outage_start_time"].is_null());
  EXPECT_TRUE(s["last_round_at"].is_null());
  EXPECT_TRUE(s["targets"][0]["ok"].is_null());
  Register(true, false);
  s = GetJson("/api/outage-status");
  EXPECT_EQ(s["outage_in_progress"], false);
  EXPECT_EQ(s["enabled"], false);
  EXPECT_TRUE(s["state"].is_null());
}

}  // namespace
}  // namespace ww
