#include <atomic>
#include <thread>

#include "api/handlers.h"
#include "api/json_format.h"
#include "api/live_rounds.h"
#include "api_test_util.h"

namespace ww::test_api {
namespace {

using namespace std::chrono_literals;

UplinkCheck Check(std::string target, bool ok, std::optional<double> rtt, WallTime at) {
  UplinkCheck c;
  c.target = std::move(target);
  c.ok = ok;
  c.rtt_ms = rtt;
  c.at = at;
  if (!ok) c.error = "timeout";
  return c;
}

class StatusUplinksTest : public ApiTest {
 protected:
  StatusUplinksTest() {
    auto s = std::make_shared<Snapshot>();
    s->generated_at = clock_.WallNow();
    s->session_start = clock_.WallNow() - 60s;
    const WallTime at = clock_.WallNow() - 1s;
    UplinkStatus liquid;
    liquid.name = liquid.key = "Liquid (BGP01)";
    liquid.state = UplinkState::kUp;
    liquid.reason = "all_checks_passed";
    liquid.reason_text = "all checks passed (2/2 ICMP targets, 1/1 HTTP checks)";
    liquid.state_since = clock_.WallNow() - 50s;
    liquid.iface = "eth1";
    liquid.iface_state = "up";
    liquid.gw_ping = Check("10.1.0.1", true, 0.4321, at);
    liquid.ping = {Check("198.51.100.1", true, 12.345, at), Check("198.51.100.2", true, 13, at)};
    UplinkCheck http = Check("https://192.0.2.80/", true, 81.5, at);
    http.status = 200;
    liquid.http = {http};
    liquid.avg_ms = 12.6725;
    liquid.checked_at = at;
    UplinkStatus nat;
    nat.name = nat.key = "LTE backup";
    nat.state = UplinkState::kDegraded;
    nat.reason = "high_loss";
    nat.reason_text = "packet loss 8.0% (threshold 5.0%)";
    nat.pending = UplinkState::kUp;
    nat.pending_rounds = 1;
    nat.iface = "wwan0";
    nat.iface_state = "unknown";
    nat.nat = true;
    nat.ping = {Check("198.51.100.1", false, std::nullopt, at)};
    nat.loss_pct = 8;
    s->uplinks = {liquid, nat};
    snapshot_ = s;
  }

  Json Status(const QueryList& query = {}) {
    SnapshotResponseCache cache;
    const ApiContext context = Context();
    return Body(HandleStatusCached(context, cache, Get("/api/status", query)));
  }
};

TEST_F(StatusUplinksTest, EachUplinkHasTheSeedFieldsWithTheirTypes) {
  const Json body = Status();
  ASSERT_TRUE(body["uplinks"].is_array());
  ASSERT_EQ(body["uplinks"].size(), 2u);
  const Json& u = body["uplinks"][0];
  ExpectFields(u, {{"name", Kind::kString},
                   {"state", Kind::kInt},
                   {"state_label", Kind::kString},
                   {"state_reason", Kind::kString},
                   {"state_reason_text", Kind::kString},
                   {"iface", Kind::kString},
                   {"iface_state", Kind::kString},
                   {"gw_ping", Kind::kObjectOrNull},
                   {"ping", Kind::kArray},
                   {"http", Kind::kArray},
                   {"checked_at", Kind::kStringOrNull}});
  EXPECT_EQ(u["name"], "Liquid (BGP01)");
  EXPECT_EQ(u["state"], 2);
  EXPECT_EQ(u["state_label"], "UP");
  EXPECT_EQ(u["state_reason"], "all_checks_passed");
  EXPECT_EQ(u["gw_ping"]["ok"], true);
  EXPECT_EQ(u["gw_ping"]["rtt_ms"], 0.43);
  EXPECT_EQ(u["gw_ping"]["target"], "10.1.0.1");
  EXPECT_EQ(u["ping"][0]["target"], "198.51.100.1");
  EXPECT_EQ(u["ping"][0]["rtt_ms"], 12.35);
  EXPECT_TRUE(u["ping"][0]["error"].is_null());
  EXPECT_EQ(u["http"][0]["url"], "https://192.0.2.80/");
  EXPECT_EQ(u["http"][0]["ms"], 81.5);
  EXPECT_EQ(u["http"][0]["status"], 200);
  EXPECT_EQ(u["checked_at"], "2027-01-15T07:59:59.000+00:00");
  EXPECT_TRUE(u["pending_state"].is_null());
}

TEST_F(StatusUplinksTest, NatUplinkWithSilentGatewayHasNullGwPingAndShowsItsPendingState) {
  const Json u = Status()["uplinks"][1];
  EXPECT_TRUE(u["gw_ping"].is_null());
  EXPECT_EQ(u["nat"], true);
  EXPECT_EQ(u["state"], 1);
  EXPECT_EQ(u["state_label"], "DEGRADED");
  EXPECT_EQ(u["pending_state"], 2);
  EXPECT_EQ(u["pending_state_label"], "UP");
  EXPECT_EQ(u["pending_rounds"], 1);
  EXPECT_EQ(u["ping"][0]["ok"], false);
  EXPECT_TRUE(u["ping"][0]["rtt_ms"].is_null());
  EXPECT_EQ(u["ping"][0]["error"], "timeout");
  EXPECT_TRUE(u["http"].empty());
}

// The seed's "Evidence Inspection" jq, computed here by hand on the same body.
TEST_F(StatusUplinksTest, SeedEvidenceCountsCanBeDerived) {
  const Json u = Status()["uplinks"][0];
  int ping_ok = 0;
  for (const auto& p : u["ping"]) ping_ok += p["ok"] == true;
  EXPECT_EQ(ping_ok, 2);
  EXPECT_EQ(u["ping"].size(), 2u);
  EXPECT_EQ(u["gw_ping"]["ok"], true);
}

TEST_F(StatusUplinksTest, LiveParameterIsValidated) {
  SnapshotResponseCache cache;
  const HttpResponse r =
      HandleStatusCached(Context(), cache, Get("/api/status", {{"live", "yes"}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("live"), std::string::npos);
  EXPECT_EQ(Status({{"live", "0"}})["uplinks"].size(), 2u);
}

TEST_F(StatusUplinksTest, LiveWithoutARunnerSaysSoAndKeepsTheContinuousState) {
  const Json body = Status({{"live", "1"}});
  EXPECT_EQ(body["live"]["ok"], false);
  EXPECT_EQ(body["uplinks"][0]["state"], 2);
}

TEST_F(StatusUplinksTest, LiveAnswersFromTheLiveRound) {
  std::atomic<int> rounds{0};
  ApiContext context = Context();
  context.live_rounds = std::make_shared<LiveRounds>(
      [&](std::function<void(std::vector<UplinkStatus>)> done) {
        ++rounds;
        UplinkStatus down = snapshot_->uplinks[0];
        down.state = UplinkState::kDown;
        down.reason = "gateway_unreachable";
        done({down});
      },
      clock_, 10s, 5s);
  SnapshotResponseCache cache;
  Json body = Body(HandleStatusCached(context, cache, Get("/api/status", {{"live", "1"}})));
  EXPECT_EQ(body["live"]["ok"], true);
  EXPECT_EQ(body["live"]["reused"], false);
  ASSERT_EQ(body["uplinks"].size(), 1u);
  EXPECT_EQ(body["uplinks"][0]["state"], 0);
  EXPECT_EQ(body["uplinks"][0]["state_reason"], "gateway_unreachable");
  body = Body(HandleStatusCached(context, cache, Get("/api/status", {{"live", "true"}})));
  EXPECT_EQ(body["live"]["reused"], true);
  EXPECT_EQ(rounds.load(), 1);
  // The plain answer is still the continuous state.
  EXPECT_EQ(Body(HandleStatusCached(context, cache, Get("/api/status")))["uplinks"][0]["state"], 2);
}

TEST(LiveRounds, ConcurrentCallsShareOneRoundAndLaterOnesWaitForTheInterval) {
  FakeClock clock;
  std::atomic<int> started{0};
  std::mutex mu;
  std::function<void(std::vector<UplinkStatus>)> pending;
  LiveRounds live(
      [&](std::function<void(std::vector<UplinkStatus>)> done) {
        ++started;
        std::lock_guard lock(mu);
        pending = std::move(done);
      },
      clock, 10s, 30s);
  std::vector<LiveAnswer> answers(4);
  std::vector<std::thread> callers;
  for (auto& a : answers) callers.emplace_back([&live, &a] { a = live.Get(); });
  // Wait (bounded) until the round was started, then finish it once.
  for (int i = 0; i < 2000 && started.load() == 0; ++i) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(started.load(), 1);
  std::function<void(std::vector<UplinkStatus>)> finish;
  for (int i = 0; i < 2000 && !finish; ++i) {
    {
      std::lock_guard lock(mu);
      finish = pending;
    }
    if (!finish) std::this_thread::sleep_for(1ms);
  }
  ASSERT_TRUE(finish);
  // Give the other callers a chance to join before the round ends; joining
  // late would still be correct (they reuse it), so the test does not depend on it.
  finish({UplinkStatus{}});
  for (auto& t : callers) t.join();
  int owners = 0;
  for (const auto& a : answers) {
    ASSERT_TRUE(a.round) << a.error;
    owners += !a.shared && !a.reused;
  }
  EXPECT_EQ(owners, 1);
  EXPECT_EQ(started.load(), 1);
  EXPECT_TRUE(live.Get().reused);
  clock.Advance(10s);
  // The interval has passed: a new round starts (and here never finishes).
  LiveRounds quick([&](auto) { ++started; }, clock, 10s, 50ms);
  const LiveAnswer late = quick.Get();
  EXPECT_FALSE(late.round);
  EXPECT_NE(late.error.find("did not finish"), std::string::npos);
}

TEST(LiveRounds, ARoundThatNeverAnswersDoesNotBlockLaterCallsForever) {
  FakeClock clock;
  int started = 0;
  LiveRounds live([&](auto) { ++started; }, clock, 10s, 20ms);
  EXPECT_FALSE(live.Get().round);
  EXPECT_FALSE(live.Get().round);  // still within 2 × deadline of the fake clock: shared
  EXPECT_EQ(started, 1);
  clock.Advance(1s);
  EXPECT_FALSE(live.Get().round);
  EXPECT_EQ(started, 2);  // the stale round was given up
}

}  // namespace
}  // namespace ww::test_api
