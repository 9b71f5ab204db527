#pragma once
// The Hermes outage monitor (SEMANTICS.md §3): every interval, one round of
// TCP connects to the [outages] targets on a thread of its own (never the
// probe loop's), fed to the pure OutageDetector. A decided start or end goes,
// with the engine's view at that moment (which uplinks are DOWN, the open
// drop's diagnosis), to an OutageEventSink that must not block (the recorder
// queues it; disk, enrichment and alerts happen on its thread).
//
//   round ─► OutageDetector ─► OutageEventRecord ─► sink (OutageRecorder)
//     └─► status (GET /api/outage-status)
//
// Thread safety: RunRound from one thread at a time (the monitor's, or a
// test's); status() from any thread; Start/Stop from the owner's thread.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "engine/outage_detector.h"
#include "engine/snapshot.h"
#include "probe/tcp_connect_round.h"

namespace ww {

// A decided event and what the engine knew when it was decided.
struct OutageEventRecord {
  OutageEvent event;
  std::string uplink;     // names of the uplinks DOWN at the event, ", " separated
  std::string diagnosis;  // the open drop's diagnosis ("" when none)
  std::string diagnosis_code;
};

class OutageEventSink {
 public:
  virtual ~OutageEventSink() = default;
  virtual void OnOutageEvent(OutageEventRecord record) = 0;  // must not block
};

// What GET /api/outage-status shows.
struct OutageStatus {
  bool enabled = false;
  bool in_progress = false;
  std::optional<WallTime> outage_start;
  std::string state = "up";  // up | suspect | down
  int consecutive_failed_rounds = 0;
  std::int64_t rounds = 0;
  std::optional<WallTime> last_round_at;
  std::vector<std::string> targets;
  std::vector<OutageProbeResult> last_results;  // of the last round, in target order
  int interval_seconds = 0;
};

struct OutageMonitorOptions {
  std::vector<std::string> targets;
  Seconds interval{30};
  Millis timeout{3000};
  OutageOptions detector;
  // A stored outage_start with no end (the daemon stopped during an outage).
  std::optional<WallTime> resumed_outage_start;
};

class OutageMonitor {
 public:
  using SnapshotFn = std::function<std::shared_ptr<const Snapshot>()>;

  OutageMonitor(OutageMonitorOptions options, OutageRoundProber& prober, SnapshotFn snapshot,
                OutageEventSink& sink, const Clock& clock);
  ~OutageMonitor();
  OutageMonitor(const OutageMonitor&) = delete;
  OutageMonitor& operator=(const OutageMonitor&) = delete;

  // One round, now: probe, decide, hand a decided event to the sink.
  void RunRound();
  OutageStatus status() const;

  // A round at once, then one every interval until Stop (idempotent).
  void Start();
  void Stop();
  bool running() const;

 private:
  OutageEventRecord Correlate(OutageEvent event) const;
  void Loop();

  const OutageMonitorOptions options_;
  OutageRoundProber& prober_;
  SnapshotFn snapshot_;
  OutageEventSink& sink_;
  const Clock& clock_;
  OutageDetector detector_;  // the monitor thread's alone

  mutable std::mutex mu_;  // guards status_, stop_
  OutageStatus status_;
  bool stop_ = false;
  std::condition_variable wake_;
  std::thread thread_;
};

// "up", "suspect" or "down".
std::string OutageStateName(OutageDetector::State state);

}  // namespace ww
