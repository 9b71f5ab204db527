// The daemon's alert part as built from [alerts]: a send stuck on a server
// that never answers does not hold the daemon's shutdown for the provider's
// whole timeout.

#include "app/alert_wiring.h"

#include <gtest/gtest.h>

#include <chrono>

#include "../common/temp_dir.h"
#include "../notify/loopback_http_server.h"
#include "core/clock.h"
#include "store/speedtest_results_store.h"

namespace ww {
namespace {

using std::chrono::seconds;
using std::chrono::steady_clock;

AlertEvent OutageStart(WallTime at) {
  AlertEvent e;
  e.kind = AlertKind::kOutage;
  e.phase = AlertPhase::kStart;
  e.timestamp = at;
  e.title = "Outage";
  e.message = "2 of 3 targets failed";
  return e;
}

TEST(AlertParts, StopEndsASendToASilentServerAtTheStopDeadlineNotItsTimeout) {
  testing::CannedReply never;
  never.never_answer = true;
  testing::LoopbackHttpServer silent(never);
  unit_test::TempDir dir("ww-app");
  SystemClock clock;
  auto store = SpeedtestResultsStore::Open(dir.path() / "wanwatch.db", clock);
  ASSERT_TRUE(store.ok()) << store.error();

  AlertsConfig config;
  config.allow_cidrs = {"127.0.0.0/8"};
  config.timeout_seconds = 60;
  config.webhook.enabled = true;
  config.webhook.url = "http://127.0.0.1:" + std::to_string(silent.port()) + "/hook";
  auto parts = BuildAlerts(config, dir.path(), *store.value(), clock);
  ASSERT_TRUE(parts.ok()) << parts.error();

  AlertSinkOf(parts.value())->Publish(OutageStart(clock.WallNow()));
  ASSERT_TRUE(silent.WaitForRequests(1, seconds(20)));
  const auto stop_began = steady_clock::now();
  parts.value()->Stop();
  const auto took = steady_clock::now() - stop_began;
  // The notifier keeps sending for its stop deadline (5 s), then the send ends.
  EXPECT_GE(took, NotifierOptions{}.stop_deadline - seconds(1));
  EXPECT_LT(took, seconds(30)) << "waited for the 60 s provider timeout";
  const NotifierCounters c = parts.value()->notifier->counters();
  EXPECT_EQ(c.sent, 0u);
  EXPECT_EQ(c.pending, 0u);
}

}  // namespace
}  // namespace ww
