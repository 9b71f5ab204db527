#pragma once
// What becomes of a decided outage event, on a thread of its own so the
// monitor never waits on disk or on the network: the row in outage_events,
// an alert (AlertKind::kOutage, phase start/end) to the AlertSink when there
// is one, and after an end the enrichment sources, whose answers are written
// to both rows of that outage.
//
// Thread safety: OnOutageEvent from any thread (it queues, bounded: the
// oldest event is dropped and counted when 64 are waiting); Handle runs on
// the recorder's thread (or a test's); stats() from any thread.

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/bounded_queue.h"
#include "notify/alert_event.h"
#include "probe/http_get.h"
#include "probe/outage_enrichment.h"
#include "probe/outage_monitor.h"
#include "store/outage_store.h"

namespace ww {

struct OutageRecorderStats {
  std::uint64_t events_written = 0;
  std::uint64_t write_failures = 0;
  std::uint64_t events_dropped = 0;  // queue full
  std::string last_error;
};

// The seed's probe_results: a JSON object *string* {"1.1.1.1:53": false, ...}.
std::string ProbeResultsJson(const std::vector<OutageProbeResult>& probes);
// Ours: [{"target", "ok", "rtt_ms", "error"}] (rtt_ms/error null when not applicable).
std::string ProbeDetailsJson(const std::vector<OutageProbeResult>& probes);
// The row and the alert one event becomes.
OutageRow OutageRowFrom(const OutageEventRecord& record);
AlertEvent OutageAlertFrom(const OutageEventRecord& record);

class OutageRecorder final : public OutageEventSink {
 public:
  // `open_outage_id`: the stored start row of an outage still in progress
  // (its end's enrichment goes to it too). `alerts` and `http` may be null
  // (no alerts; no enrichment).
  OutageRecorder(OutageStore& store, std::shared_ptr<AlertSink> alerts, EnrichmentSources sources,
                 std::shared_ptr<HttpGetter> http, std::optional<std::int64_t> open_outage_id);
  ~OutageRecorder() override;

  void OnOutageEvent(OutageEventRecord record) override;
  void Handle(const OutageEventRecord& record);
  OutageRecorderStats stats() const;

  void Start();
  void Stop();  // writes what is queued, then joins

 private:
  void Loop();

  OutageStore& store_;
  std::shared_ptr<AlertSink> alerts_;
  const EnrichmentSources sources_;
  std::shared_ptr<HttpGetter> http_;
  std::optional<std::int64_t> open_start_id_;  // recorder thread only

  BoundedQueue<OutageEventRecord> queue_{64};
  mutable std::mutex mu_;
  OutageRecorderStats stats_;
  std::thread thread_;
};

}  // namespace ww
