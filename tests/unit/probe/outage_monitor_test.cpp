// OutageMonitor with a scripted prober, a fake clock and a recording sink:
// the start is dated at the first failed round and carries the deciding
// probes and the engine's view; a resumed outage ends at the first good
// round; status follows every round; the thread runs rounds on its own.
#include "probe/outage_monitor.h"

#include <gtest/gtest.h>

#include <deque>
#include <mutex>
#include <thread>

namespace ww {
namespace {

using Probes = std::vector<OutageProbeResult>;

OutageProbeResult Ok(const std::string& t) { return {t, true, 1.5, std::nullopt}; }
OutageProbeResult Bad(const std::string& t) {
  return {t, false, std::nullopt, "connection refused"};
}

const std::vector<std::string> kTargets{"127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"};
const Probes kGood{Ok(kTargets[0]), Ok(kTargets[1]), Ok(kTargets[2])};
const Probes kTwoBad{Bad(kTargets[0]), Bad(kTargets[1]), Ok(kTargets[2])};

// Plays rounds from a script (the last one repeats) and advances the clock
// by the round's length, as a real round takes time.
class ScriptedProber final : public OutageRoundProber {
 public:
  explicit ScriptedProber(FakeClock* clock) : clock_(clock) {}
  std::deque<Probes> script;
  std::vector<std::string> asked;
  int rounds = 0;
  std::vector<OutageProbeResult> Run(const std::vector<std::string>& targets, Millis) override {
    std::lock_guard lock(mu_);
    asked = targets;
    ++rounds;
    if (clock_) clock_->Advance(Millis(20));
    Probes p = script.front();
    if (script.size() > 1) script.pop_front();
    return p;
  }
  int round_count() {
    std::lock_guard lock(mu_);
    return rounds;
  }

 private:
  FakeClock* clock_;
  std::mutex mu_;
};

class RecordingSink final : public OutageEventSink {
 public:
  std::vector<OutageEventRecord> records;
  void OnOutageEvent(OutageEventRecord r) override { records.push_back(std::move(r)); }
};

OutageMonitorOptions Options() {
  OutageMonitorOptions o;
  o.targets = kTargets;
  o.interval = Seconds(30);
  return o;
}

TEST(OutageMonitor, StartIsDatedAtTheFirstFailedRoundWithTheDecidingProbes) {
  FakeClock clock;
  ScriptedProber prober(&clock);
  prober.script = {kGood, kTwoBad, kTwoBad, kTwoBad, kGood};
  RecordingSink sink;
  OutageMonitor m(Options(), prober, nullptr, sink, clock);
  m.RunRound();
  clock.Advance(Seconds(30));
  const WallTime first_failed = clock.WallNow();
  m.RunRound();
  EXPECT_TRUE(sink.records.empty());
  EXPECT_EQ(m.status().state, "suspect");
  EXPECT_EQ(m.status().consecutive_failed_rounds, 1);
  clock.Advance(Seconds(30));
  m.RunRound();
  ASSERT_EQ(sink.records.size(), 1u);
  const OutageEvent& start = sink.records[0].event;
  EXPECT_EQ(start.type, OutageEvent::Type::kStart);
  EXPECT_EQ(start.timestamp, first_failed);
  EXPECT_EQ(start.probe_results.size(), 3u);
  EXPECT_FALSE(start.probe_results[0].ok);
  EXPECT_TRUE(start.probe_results[2].ok);
  EXPECT_EQ(prober.asked, kTargets);
  OutageStatus s = m.status();
  EXPECT_TRUE(s.in_progress);
  EXPECT_EQ(s.state, "down");
  EXPECT_EQ(s.outage_start, first_failed);
  EXPECT_EQ(s.rounds, 3);
  clock.Advance(Seconds(30));
  m.RunRound();  // still down: no second start
  EXPECT_EQ(sink.records.size(), 1u);
  clock.Advance(Seconds(30));
  const WallTime recovered = clock.WallNow();
  m.RunRound();
  ASSERT_EQ(sink.records.size(), 2u);
  const OutageEvent& end = sink.records[1].event;
  EXPECT_EQ(end.type, OutageEvent::Type::kEnd);
  EXPECT_EQ(end.timestamp, recovered);
  EXPECT_NEAR(*end.duration_seconds,
              std::chrono::duration<double>(recovered - first_failed).count(), 1e-6);
  s = m.status();
  EXPECT_FALSE(s.in_progress);
  EXPECT_FALSE(s.outage_start);
  EXPECT_EQ(s.state, "up");
  EXPECT_EQ(s.last_round_at, recovered);
  ASSERT_EQ(s.last_results.size(), 3u);
  EXPECT_TRUE(s.last_results[0].ok);
}

TEST(OutageMonitor, EventsCarryTheDownUplinksAndTheOpenDropsDiagnosis) {
  FakeClock clock;
  ScriptedProber prober(&clock);
  prober.script = {kTwoBad};
  RecordingSink sink;
  auto snap = std::make_shared<Snapshot>();
  for (auto [name, state] :
       {std::pair{"fiber", UplinkState::kDown}, std::pair{"lte", UplinkState::kUp},
        std::pair{"dsl", UplinkState::kDown}}) {
    UplinkStatus u;
    u.name = name;
    u.state = state;
    snap->uplinks.push_back(u);
  }
  DropRecord drop;
  drop.diagnosis =
      Diagnosis{DiagnosisCode::kUpstream, "ISP / upstream issue (gateway OK, internet down)", ""};
  snap->current_drop = drop;
  OutageMonitor m(
      Options(), prober, [snap] { return snap; }, sink, clock);
  m.RunRound();
  m.RunRound();
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0].uplink, "fiber, dsl");
  EXPECT_EQ(sink.records[0].diagnosis, "ISP / upstream issue (gateway OK, internet down)");
  EXPECT_EQ(sink.records[0].diagnosis_code, "upstream");
}

TEST(OutageMonitor, NoSnapshotOrAllClearGivesEmptyCorrelation) {
  FakeClock clock;
  ScriptedProber prober(&clock);
  prober.script = {kTwoBad};
  RecordingSink sink;
  auto snap = std::make_shared<Snapshot>();
  snap->diagnosis = Diagnosis{DiagnosisCode::kAllClear, "All clear", ""};
  OutageMonitor m(
      Options(), prober, [snap] { return snap; }, sink, clock);
  m.RunRound();
  m.RunRound();
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0].uplink, "");
  EXPECT_EQ(sink.records[0].diagnosis, "");
  EXPECT_EQ(sink.records[0].diagnosis_code, "");
}

TEST(OutageMonitor, ResumedOutageIsInProgressUntilTheFirstGoodRound) {
  FakeClock clock;
  ScriptedProber prober(&clock);
  prober.script = {kTwoBad, kGood};
  RecordingSink sink;
  OutageMonitorOptions o = Options();
  const WallTime stored_start = clock.WallNow() - Seconds(600);
  o.resumed_outage_start = stored_start;
  OutageMonitor m(o, prober, nullptr, sink, clock);
  EXPECT_TRUE(m.status().in_progress);
  EXPECT_EQ(m.status().outage_start, stored_start);
  m.RunRound();
  EXPECT_TRUE(sink.records.empty());
  clock.Advance(Seconds(30));
  m.RunRound();
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0].event.type, OutageEvent::Type::kEnd);
  EXPECT_NEAR(*sink.records[0].event.duration_seconds, 630.02, 1e-6);
}

TEST(OutageMonitor, ThreadRunsRoundsUntilStopped) {
  SystemClock clock;
  ScriptedProber prober(nullptr);
  prober.script = {kGood};
  RecordingSink sink;
  OutageMonitorOptions o = Options();
  o.interval = Seconds(3600);  // only the first round comes by itself
  OutageMonitor m(o, prober, nullptr, sink, clock);
  m.Start();
  EXPECT_TRUE(m.running());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (prober.round_count() < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(prober.round_count(), 1);
  m.Stop();  // returns at once, not after the hour
  EXPECT_FALSE(m.running());
  EXPECT_EQ(m.status().rounds, 1);
}

}  // namespace
}  // namespace ww
