#pragma once
// Runs the Engine on its own thread: probe results and link changes come in
// through a bounded queue (the probe loop never waits), Snapshots go out
// about once a second (and at once when a drop starts or ends), samples and
// drops go on to the store's own queue, drops and uplink state changes to the
// alert sink (app/engine_alerts.h) when there is one.
//
// Thread safety: Post and snapshot() may be called from any thread.

#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <variant>
#include <vector>

#include "core/bounded_queue.h"
#include "core/clock.h"
#include "engine/engine.h"
#include "notify/alert_event.h"
#include "store/store.h"

namespace ww {

// Fresh samples of a live probe round (/api/status?live=1) to be judged on
// the engine thread; `done` receives every uplink's live status there.
struct LiveRoundInput {
  std::vector<Sample> samples;
  std::function<void(std::vector<UplinkStatus>)> done;
};

using EngineInput = std::variant<Sample, LinkState, LiveRoundInput>;

struct EngineRunnerOptions {
  std::chrono::milliseconds snapshot_interval{1000};
  std::size_t queue_capacity = 100'000;
};

class EngineRunner {
 public:
  using DropListener = std::function<void(const DropEvent&)>;
  // A sample and the latest published snapshot (at most about one snapshot
  // interval old; the CSV ping log's rolling columns).
  using SampleListener = std::function<void(const Sample&, const std::shared_ptr<const Snapshot>&)>;

  // `store` may be null (no persistence, e.g. in tests).
  EngineRunner(Engine engine, Store* store, const Clock& clock, EngineRunnerOptions options = {});
  ~EngineRunner();
  EngineRunner(const EngineRunner&) = delete;
  EngineRunner& operator=(const EngineRunner&) = delete;

  // Called on the engine thread for every drop event; set before Start.
  void OnDrop(DropListener listener) { drop_listeners_.push_back(std::move(listener)); }
  // Called on the engine thread after every sample is processed; set before
  // Start. Must not block (hand the work to another thread's queue).
  void OnSample(SampleListener listener) { sample_listeners_.push_back(std::move(listener)); }
  // Where drop and uplink state alerts go (null: none); set before Start.
  // Publish must not block (AlertSink's contract).
  void SetAlertSink(std::shared_ptr<AlertSink> alerts) { alerts_ = std::move(alerts); }
  void Start();
  void Stop();  // processes what is queued, publishes a last snapshot, joins

  void Post(EngineInput input) { queue_.Push(std::move(input)); }
  std::shared_ptr<const Snapshot> snapshot() const;
  std::uint64_t dropped_inputs() const { return queue_.dropped(); }

 private:
  void Run();
  void Handle(EngineInput& input, bool& publish_now);
  void Publish();
  void PublishAlerts(const std::vector<DropEvent>& drops);

  Engine engine_;
  Store* store_;
  const Clock& clock_;
  EngineRunnerOptions options_;
  BoundedQueue<EngineInput> queue_;
  std::vector<DropListener> drop_listeners_;
  std::vector<SampleListener> sample_listeners_;
  std::shared_ptr<AlertSink> alerts_;
  mutable std::mutex snapshot_mu_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::thread thread_;
};

}  // namespace ww
