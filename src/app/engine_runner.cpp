#include "app/engine_runner.h"

#include "app/engine_alerts.h"

namespace ww {

EngineRunner::EngineRunner(Engine engine, Store* store, const Clock& clock,
                           EngineRunnerOptions options)
    : engine_(std::move(engine)),
      store_(store),
      clock_(clock),
      options_(options),
      queue_(options.queue_capacity),
      snapshot_(engine_.MakeSnapshot(clock.WallNow())) {}

EngineRunner::~EngineRunner() { Stop(); }

void EngineRunner::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

void EngineRunner::Stop() {
  queue_.Close();
  if (thread_.joinable()) thread_.join();
}

std::shared_ptr<const Snapshot> EngineRunner::snapshot() const {
  std::lock_guard lock(snapshot_mu_);
  return snapshot_;
}

void EngineRunner::Run() {
  std::vector<EngineInput> batch;
  MonoTime next_publish = clock_.Now() + options_.snapshot_interval;
  bool open = true;
  while (open) {
    batch.clear();
    const auto wait = std::max(Duration::zero(), next_publish - clock_.Now());
    open = queue_.PopBatch(batch, 4096, wait);
    bool publish_now = false;
    for (EngineInput& input : batch) Handle(input, publish_now);
    if (publish_now || clock_.Now() >= next_publish || !open) {
      Publish();
      next_publish = clock_.Now() + options_.snapshot_interval;
    }
  }
  if (store_) {
    for (const UplinkMinuteRecord& m : engine_.FlushUplinkMinutes()) {
      store_->RecordUplinkMinute(m.uplink, m.minute);
    }
  }
}

void EngineRunner::Handle(EngineInput& input, bool& publish_now) {
  if (auto* link = std::get_if<LinkState>(&input)) {
    engine_.OnLinkState(*link);
    publish_now = true;
    return;
  }
  if (auto* live = std::get_if<LiveRoundInput>(&input)) {
    live->done(engine_.JudgeLive(live->samples, clock_.WallNow()));
    return;
  }
  const Sample& sample = std::get<Sample>(input);
  const std::vector<DropEvent> events = engine_.OnSample(sample);
  if (store_) store_->Append(sample);
  if (!sample_listeners_.empty()) {
    const std::shared_ptr<const Snapshot> latest = snapshot();
    for (auto& listener : sample_listeners_) listener(sample, latest);
  }
  if (store_) {
    for (const UplinkMinuteRecord& m : engine_.TakeUplinkMinutes()) {
      store_->RecordUplinkMinute(m.uplink, m.minute);
    }
  }
  for (const DropEvent& event : events) {
    if (store_) store_->RecordDrop(event.drop);
    for (auto& listener : drop_listeners_) listener(event);
    publish_now = true;
  }
  PublishAlerts(events);
}

void EngineRunner::PublishAlerts(const std::vector<DropEvent>& drops) {
  // Taken even without a sink, so they do not pile up in the engine.
  const std::vector<UplinkStateChange> changes = engine_.TakeUplinkChanges();
  if (!alerts_) return;
  for (const DropEvent& event : drops) alerts_->Publish(DropAlert(event, engine_.link().interface));
  for (const UplinkStateChange& change : changes) alerts_->Publish(UplinkAlert(change));
}

void EngineRunner::Publish() {
  auto snap = engine_.MakeSnapshot(clock_.WallNow());
  std::lock_guard lock(snapshot_mu_);
  snapshot_ = std::move(snap);
}

}  // namespace ww
