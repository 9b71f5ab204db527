// OutageRecorder on a temp-dir store with a recording alert sink and a fake
// HTTP getter: rows in the seed's shape, alerts naming the diagnosis, and
// enrichment written to both rows of the outage after its end.
#include "probe/outage_recorder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <mutex>
#include <thread>

#include "../common/temp_dir.h"

namespace ww {
namespace {

class RecordingAlerts final : public AlertSink {
 public:
  void Publish(AlertEvent e) override {
    std::lock_guard lock(mu);
    events.push_back(std::move(e));
  }
  std::mutex mu;
  std::vector<AlertEvent> events;
};

class CannedGetter final : public HttpGetter {
 public:
  int calls = 0;
  Result<std::string> Get(const std::string& url, const HttpHeaders&) override {
    ++calls;
    if (url.find("/ip") != std::string::npos) {
      return std::string(R"({"ip": "198.51.100.7", "org": "AS64500 Example ISP"})");
    }
    return Result<std::string>::Error("no");
  }
};

const WallTime kT0 = FromUnixMillis(1'800'000'000'000);

OutageEventRecord StartRecord() {
  OutageEvent e{OutageEvent::Type::kStart,
                kT0,
                std::nullopt,
                {{"127.0.0.1:1", false, std::nullopt, "connection refused"},
                 {"127.0.0.1:2", false, std::nullopt, "timeout"},
                 {"127.0.0.1:3", true, 0.25, std::nullopt}}};
  return {e, "fiber", "ISP / upstream issue (gateway OK, internet down)", "upstream"};
}

OutageEventRecord EndRecord(double seconds) {
  OutageEvent e{OutageEvent::Type::kEnd,
                kT0 + Millis(static_cast<int>(seconds * 1000)),
                seconds,
                {{"127.0.0.1:1", true, 0.5, std::nullopt},
                 {"127.0.0.1:2", true, 0.5, std::nullopt},
                 {"127.0.0.1:3", true, 0.5, std::nullopt}}};
  return {e, "", "", ""};
}

TEST(OutageRecorderJson, ProbeResultsIsTheSeedsObjectString) {
  EXPECT_EQ(ProbeResultsJson(StartRecord().event.probe_results),
            R"({"127.0.0.1:1": false, "127.0.0.1:2": false, "127.0.0.1:3": true})");
  EXPECT_EQ(ProbeResultsJson({}), "{}");
  const auto parsed = nlohmann::json::parse(ProbeResultsJson({{"[::1]:53\"x", true, 1.0, {}}}));
  EXPECT_EQ(parsed["[::1]:53\"x"], true);
}

TEST(OutageRecorderJson, ProbeDetailsHaveRttOrError) {
  const auto details = nlohmann::json::parse(ProbeDetailsJson(StartRecord().event.probe_results));
  ASSERT_EQ(details.size(), 3u);
  EXPECT_EQ(details[0]["target"], "127.0.0.1:1");
  EXPECT_EQ(details[0]["ok"], false);
  EXPECT_TRUE(details[0]["rtt_ms"].is_null());
  EXPECT_EQ(details[0]["error"], "connection refused");
  EXPECT_EQ(details[2]["rtt_ms"], 0.25);
  EXPECT_TRUE(details[2]["error"].is_null());
}

TEST(OutageRecorderAlerts, StartAndEndNameTheDiagnosisAndDuration) {
  const AlertEvent start = OutageAlertFrom(StartRecord());
  EXPECT_EQ(start.kind, AlertKind::kOutage);
  EXPECT_EQ(start.phase, AlertPhase::kStart);
  EXPECT_EQ(start.title, "Internet outage: ISP / upstream issue (gateway OK, internet down)");
  EXPECT_NE(start.message.find("2 of 3 targets failed"), std::string::npos) << start.message;
  EXPECT_EQ(start.uplink, "fiber");
  EXPECT_EQ(start.diagnosis, "ISP / upstream issue (gateway OK, internet down)");
  const AlertEvent end = OutageAlertFrom(EndRecord(142.5));
  EXPECT_EQ(end.phase, AlertPhase::kEnd);
  EXPECT_EQ(end.duration_seconds, 142.5);
  EXPECT_EQ(end.title, "Internet restored after 2 min 23 s");
}

TEST(OutageRecorder, RowsAlertsAndEnrichmentOfOneOutage) {
  unit_test::TempDir dir("ww-outages");
  auto store = OutageStore::Open(dir.path() / "wanwatch.db");
  ASSERT_TRUE(store.ok()) << store.error();
  auto alerts = std::make_shared<RecordingAlerts>();
  auto http = std::make_shared<CannedGetter>();
  EnrichmentSources sources;
  sources.public_ip_url = "http://127.0.0.1:9/ip";
  OutageRecorder recorder(**store, alerts, sources, http, std::nullopt);
  recorder.Handle(StartRecord());
  EXPECT_EQ(http->calls, 0);  // enrichment only after the end
  recorder.Handle(EndRecord(142.5));
  EXPECT_EQ(http->calls, 1);
  const auto rows = (*store)->Page(0, 10);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  const OutageRow& end = (*rows)[0];
  const OutageRow& start = (*rows)[1];
  EXPECT_EQ(start.event_type, "outage_start");
  EXPECT_EQ(start.event_kind, "connectivity_lost");
  EXPECT_EQ(start.uplink, "fiber");
  EXPECT_EQ(start.diagnosis_code, "upstream");
  EXPECT_FALSE(start.duration_seconds);
  EXPECT_EQ(end.event_type, "outage_end");
  EXPECT_EQ(end.event_kind, "connectivity_restored");
  EXPECT_EQ(end.duration_seconds, 142.5);
  EXPECT_EQ(end.outage_start, kT0);
  for (const OutageRow* r : {&start, &end}) {
    EXPECT_EQ(r->enrichment.isp_name, "Example ISP");
    EXPECT_EQ(r->enrichment.asn, "AS64500");
    EXPECT_FALSE(r->enrichment.bgp_unstable);  // RIPEstat not configured
    EXPECT_FALSE(r->enrichment.cloudflare_outage_desc);
  }
  ASSERT_EQ(alerts->events.size(), 2u);
  EXPECT_EQ(alerts->events[0].phase, AlertPhase::kStart);
  EXPECT_EQ(alerts->events[1].phase, AlertPhase::kEnd);
  EXPECT_EQ(recorder.stats().events_written, 2u);
}

TEST(OutageRecorder, ResumedOutagesEndEnrichesTheStoredStartAndNullSinkIsFine) {
  unit_test::TempDir dir("ww-outages");
  auto store = OutageStore::Open(dir.path() / "wanwatch.db");
  ASSERT_TRUE(store.ok());
  OutageRow stored = OutageRowFrom(StartRecord());
  const std::int64_t start_id = *(*store)->Insert(stored);
  EnrichmentSources sources;
  sources.public_ip_url = "http://127.0.0.1:9/ip";
  OutageRecorder recorder(**store, nullptr, sources, std::make_shared<CannedGetter>(), start_id);
  recorder.Start();
  recorder.OnOutageEvent(EndRecord(60));
  recorder.Stop();  // writes what is queued
  const auto rows = (*store)->Page(0, 10);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].id, start_id);
  EXPECT_EQ((*rows)[1].enrichment.isp_name, "Example ISP");
  EXPECT_EQ((*rows)[0].enrichment.isp_name, "Example ISP");
  EXPECT_FALSE((*store)->OpenOutage()->has_value());
}

}  // namespace
}  // namespace ww
