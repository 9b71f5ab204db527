#include "probe/outage_monitor.h"

#include "engine/diagnosis.h"

namespace ww {

std::string OutageStateName(OutageDetector::State state) {
  switch (state) {
    case OutageDetector::State::kUp:
      return "up";
    case OutageDetector::State::kSuspect:
      return "suspect";
    case OutageDetector::State::kDown:
      return "down";
  }
  return "up";
}

OutageMonitor::OutageMonitor(OutageMonitorOptions options, OutageRoundProber& prober,
                             SnapshotFn snapshot, OutageEventSink& sink, const Clock& clock)
    : options_(std::move(options)),
      prober_(prober),
      snapshot_(std::move(snapshot)),
      sink_(sink),
      clock_(clock),
      detector_(options_.detector) {
  if (options_.resumed_outage_start) detector_.ResumeOutage(*options_.resumed_outage_start);
  status_.enabled = true;
  status_.targets = options_.targets;
  status_.interval_seconds = static_cast<int>(options_.interval.count());
  status_.state = OutageStateName(detector_.state());
  status_.in_progress = detector_.state() == OutageDetector::State::kDown;
  status_.outage_start = detector_.outage_start();
  status_.consecutive_failed_rounds = detector_.consecutive_failed_rounds();
}

OutageMonitor::~OutageMonitor() { Stop(); }

OutageEventRecord OutageMonitor::Correlate(OutageEvent event) const {
  OutageEventRecord record{std::move(event), "", "", ""};
  const std::shared_ptr<const Snapshot> snap = snapshot_ ? snapshot_() : nullptr;
  if (!snap) return record;
  for (const UplinkStatus& u : snap->uplinks) {
    if (u.state != UplinkState::kDown) continue;
    if (!record.uplink.empty()) record.uplink += ", ";
    record.uplink += u.name;
  }
  // The drop the engine confirmed from its own probes is the best account of
  // why; without one, the current diagnosis when it names a problem.
  const Diagnosis* d = snap->current_drop ? &snap->current_drop->diagnosis : nullptr;
  if (d == nullptr && snap->diagnosis.code != DiagnosisCode::kAllClear &&
      snap->diagnosis.code != DiagnosisCode::kInitializing) {
    d = &snap->diagnosis;
  }
  if (d != nullptr) {
    record.diagnosis = d->text;
    record.diagnosis_code = std::string(DiagnosisCodeName(d->code));
  }
  return record;
}

void OutageMonitor::RunRound() {
  const WallTime round_time = clock_.WallNow();
  std::vector<OutageProbeResult> results = prober_.Run(options_.targets, options_.timeout);
  std::optional<OutageEvent> event = detector_.OnRound(round_time, results);
  {
    std::lock_guard lock(mu_);
    ++status_.rounds;
    status_.last_round_at = round_time;
    status_.last_results = results;
    status_.state = OutageStateName(detector_.state());
    status_.in_progress = detector_.state() == OutageDetector::State::kDown;
    status_.outage_start = detector_.outage_start();
    status_.consecutive_failed_rounds = detector_.consecutive_failed_rounds();
  }
  if (event) sink_.OnOutageEvent(Correlate(std::move(*event)));
}

OutageStatus OutageMonitor::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

void OutageMonitor::Start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void OutageMonitor::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool OutageMonitor::running() const {
  std::lock_guard lock(mu_);
  return thread_.joinable() && !stop_;
}

void OutageMonitor::Loop() {
  // Rounds on a fixed grid from the first one (a slow round does not push
  // the next ones later); a missed slot is skipped, not run twice.
  MonoTime next = clock_.Now();
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (stop_) return;
    }
    RunRound();
    const MonoTime now = clock_.Now();
    while (next <= now) next += options_.interval;
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, next - now, [this] { return stop_; });
    if (stop_) return;
  }
}

}  // namespace ww
