#include "probe/outage_recorder.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace ww {
namespace {

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string DurationText(double seconds) {
  const auto s = static_cast<long long>(std::llround(seconds));
  if (s < 60) return std::to_string(s) + " s";
  if (s < 3600) return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
  return std::to_string(s / 3600) + " h " + std::to_string((s % 3600) / 60) + " min";
}

}  // namespace

std::string ProbeResultsJson(const std::vector<OutageProbeResult>& probes) {
  // Hermes writes Python's json.dumps of a dict: ", " and ": " separators.
  std::string out = "{";
  for (std::size_t i = 0; i < probes.size(); ++i) {
    if (i) out += ", ";
    out += Dump(probes[i].target) + ": " + (probes[i].ok ? "true" : "false");
  }
  return out + "}";
}

std::string ProbeDetailsJson(const std::vector<OutageProbeResult>& probes) {
  nlohmann::json list = nlohmann::json::array();
  for (const OutageProbeResult& p : probes) {
    nlohmann::json item{
        {"target", p.target}, {"ok", p.ok}, {"rtt_ms", nullptr}, {"error", nullptr}};
    if (p.rtt_ms) item["rtt_ms"] = std::round(*p.rtt_ms * 1000) / 1000;
    if (p.error) item["error"] = *p.error;
    list.push_back(std::move(item));
  }
  return Dump(list);
}

OutageRow OutageRowFrom(const OutageEventRecord& r) {
  OutageRow row;
  row.timestamp = r.event.timestamp;
  row.event_type = r.event.event_type();
  row.event_kind = r.event.event_kind();
  row.duration_seconds = r.event.duration_seconds;
  if (r.event.type == OutageEvent::Type::kEnd && r.event.duration_seconds) {
    row.outage_start =
        r.event.timestamp - std::chrono::duration_cast<WallClock::duration>(
                                std::chrono::duration<double>(*r.event.duration_seconds));
  }
  row.probe_results = ProbeResultsJson(r.event.probe_results);
  row.probe_details = ProbeDetailsJson(r.event.probe_results);
  row.uplink = r.uplink;
  row.diagnosis = r.diagnosis;
  row.diagnosis_code = r.diagnosis_code;
  return row;
}

AlertEvent OutageAlertFrom(const OutageEventRecord& r) {
  AlertEvent a;
  a.kind = AlertKind::kOutage;
  a.timestamp = r.event.timestamp;
  a.uplink = r.uplink;
  a.diagnosis = r.diagnosis;
  const std::string why = r.diagnosis.empty() ? "" : ": " + r.diagnosis;
  std::size_t failed = 0;
  for (const OutageProbeResult& p : r.event.probe_results) failed += p.ok ? 0 : 1;
  const std::string counts = std::to_string(failed) + " of " +
                             std::to_string(r.event.probe_results.size()) + " targets failed";
  if (r.event.type == OutageEvent::Type::kStart) {
    a.phase = AlertPhase::kStart;
    a.title = "Internet outage" + why;
    a.message = "Connectivity lost: " + counts + " in consecutive rounds" +
                (r.diagnosis.empty() ? "." : ". Diagnosis: " + r.diagnosis + ".");
  } else {
    a.phase = AlertPhase::kEnd;
    a.duration_seconds = r.event.duration_seconds;
    const std::string lasted = DurationText(r.event.duration_seconds.value_or(0));
    a.title = "Internet restored after " + lasted;
    a.message = "Connectivity restored; the outage lasted " + lasted +
                (r.diagnosis.empty() ? "." : ". Diagnosis: " + r.diagnosis + ".");
  }
  for (const OutageProbeResult& p : r.event.probe_results) {
    a.fields.push_back({p.target, p.ok ? "ok" : p.error.value_or("failed")});
  }
  if (!r.uplink.empty()) a.fields.push_back({"uplinks down", r.uplink});
  return a;
}

OutageRecorder::OutageRecorder(OutageStore& store, std::shared_ptr<AlertSink> alerts,
                               EnrichmentSources sources, std::shared_ptr<HttpGetter> http,
                               std::optional<std::int64_t> open_outage_id)
    : store_(store),
      alerts_(std::move(alerts)),
      sources_(std::move(sources)),
      http_(std::move(http)),
      open_start_id_(open_outage_id) {}

OutageRecorder::~OutageRecorder() { Stop(); }

void OutageRecorder::OnOutageEvent(OutageEventRecord record) { queue_.Push(std::move(record)); }

void OutageRecorder::Handle(const OutageEventRecord& record) {
  const OutageRow row = OutageRowFrom(record);
  const Result<std::int64_t> id = store_.Insert(row);
  {
    std::lock_guard lock(mu_);
    if (id.ok()) {
      ++stats_.events_written;
    } else {
      ++stats_.write_failures;
      stats_.last_error = id.error();
    }
  }
  if (!id.ok()) spdlog::error("outages: {}", id.error());
  spdlog::info("outages: {} at {}{}", row.event_type, ToUnixMillis(row.timestamp),
               row.duration_seconds ? " after " + DurationText(*row.duration_seconds) : "");
  if (alerts_) alerts_->Publish(OutageAlertFrom(record));
  if (record.event.type == OutageEvent::Type::kStart) {
    open_start_id_ = id.ok() ? std::optional<std::int64_t>(*id) : std::nullopt;
    return;
  }
  std::vector<std::int64_t> ids;
  if (open_start_id_) ids.push_back(*open_start_id_);
  if (id.ok()) ids.push_back(*id);
  open_start_id_.reset();
  if (!http_ || !sources_.any() || ids.empty() || !row.outage_start) return;
  const OutageEnrichment e = Enrich(sources_, *row.outage_start, row.timestamp, *http_);
  if (Status s = store_.SetEnrichment(ids, e); !s.ok()) {
    spdlog::error("outages: {}", s.message());
    std::lock_guard lock(mu_);
    ++stats_.write_failures;
    stats_.last_error = s.message();
  }
}

OutageRecorderStats OutageRecorder::stats() const {
  std::lock_guard lock(mu_);
  OutageRecorderStats s = stats_;
  s.events_dropped = queue_.dropped();
  return s;
}

void OutageRecorder::Start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
}

void OutageRecorder::Stop() {
  queue_.Close();
  if (thread_.joinable()) thread_.join();
}

void OutageRecorder::Loop() {
  std::vector<OutageEventRecord> batch;
  for (;;) {
    batch.clear();
    const bool open = queue_.PopBatch(batch, 8, std::chrono::seconds(1));
    for (const OutageEventRecord& r : batch) Handle(r);
    if (!open) return;
  }
}

}  // namespace ww
