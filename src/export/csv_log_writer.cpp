#include "export/csv_log_writer.h"

#include <spdlog/spdlog.h>

#include "export/csv_format.h"
#include "export/daily_file.h"
#include "export/dated_files.h"
#include "export/ping_row_builder.h"

namespace ww {

struct CsvLogWriter::State {
  State(const CsvLogOptions& o, std::vector<TargetSpec> targets)
      : rows(std::move(targets)),
        ping(o.dir, PingLogName, std::string(kPingLogHeader) + std::string(kCsvLineEnd)),
        drops(o.dir, DropsLogName, std::string(kDropsLogHeader) + std::string(kCsvLineEnd)) {}
  PingRowBuilder rows;
  DailyFile ping;
  DailyFile drops;
  std::optional<LocalDay> newest_day;
  std::uint64_t unflushed = 0;  // rows appended since the last good flush
};

CsvLogWriter::CsvLogWriter(CsvLogOptions options, std::vector<TargetSpec> targets,
                           std::unique_ptr<LocalZone> zone, const Clock& clock)
    : options_(std::move(options)),
      targets_(std::move(targets)),
      zone_(std::move(zone)),
      clock_(clock),
      queue_(std::max<std::size_t>(options_.queue_capacity, 1)) {}

CsvLogWriter::~CsvLogWriter() { Stop(); }

void CsvLogWriter::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

void CsvLogWriter::Stop() {
  queue_.Close();
  if (thread_.joinable()) thread_.join();
}

void CsvLogWriter::PostSample(const Sample& sample, std::shared_ptr<const Snapshot> snapshot) {
  queue_.Push(SampleItem{sample, std::move(snapshot)});
}

void CsvLogWriter::PostDropEnded(const DropRecord& drop) { queue_.Push(drop); }

CsvLogStats CsvLogWriter::stats() const {
  std::lock_guard lock(stats_mu_);
  CsvLogStats s = stats_;
  s.rows_dropped = queue_.dropped();
  return s;
}

void CsvLogWriter::RecordError(const std::string& message, std::uint64_t rows_lost) {
  {
    std::lock_guard lock(stats_mu_);
    ++stats_.write_errors;
    stats_.rows_failed += rows_lost;
    stats_.last_error = message;
  }
  const MonoTime now = clock_.Now();
  if (!last_error_logged_ || now - *last_error_logged_ >= options_.error_log_interval) {
    last_error_logged_ = now;
    spdlog::error(
        "csv logs: {} (rows are dropped until the disk recovers; repeats are logged "
        "once a minute)",
        message);
  }
}

void CsvLogWriter::Prune(LocalDay today) {
  const PruneResult r =
      PruneDatedFiles(options_.dir, {"ping_log_", "drops_"}, options_.retention_days, today);
  for (const std::string& e : r.errors) RecordError(e, 0);
  if (r.removed > 0) {
    spdlog::info("csv logs: removed {} file(s) older than {} days", r.removed,
                 options_.retention_days);
  }
  std::lock_guard lock(stats_mu_);
  stats_.files_pruned += static_cast<std::uint64_t>(r.removed);
}

void CsvLogWriter::Write(State& state, const Item& item) {
  LocalDay day;
  Status status;
  if (const auto* s = std::get_if<SampleItem>(&item)) {
    const auto row = state.rows.OnSample(s->sample, s->snapshot.get());
    if (!row) return;
    day = LocalDayOf(row->time, *zone_);
    status = state.ping.Append(day, FormatPingRow(*row, *zone_));
  } else {
    const DropRecord& drop = std::get<DropRecord>(item);
    const WallTime end = drop.end.value_or(drop.start);
    day = LocalDayOf(end, *zone_);
    status = state.drops.Append(day, FormatDropRow(drop, state.rows.drop_target(), *zone_));
  }
  if (!status.ok()) {
    RecordError(status.message(), 1);
    return;
  }
  ++state.unflushed;
  if (!state.newest_day || day > *state.newest_day) {
    if (state.newest_day) Prune(day);  // a new day began: yesterday's files are complete
    state.newest_day = day;
  }
}

void CsvLogWriter::Run() {
  State state(options_, targets_);
  Prune(LocalDayOf(clock_.WallNow(), *zone_));
  std::vector<Item> batch;
  MonoTime next_flush = clock_.Now() + options_.flush_interval;
  bool open = true;
  while (open) {
    batch.clear();
    const auto wait =
        std::clamp<Duration>(next_flush - clock_.Now(), Duration::zero(), options_.flush_interval);
    open = queue_.PopBatch(batch, 1024, wait);
    for (const Item& item : batch) Write(state, item);
    if (clock_.Now() < next_flush && open) continue;
    next_flush = clock_.Now() + options_.flush_interval;
    const std::uint64_t pending = state.unflushed;
    state.unflushed = 0;
    Status a = state.ping.Flush(), b = state.drops.Flush();
    if (!a.ok()) RecordError(a.message(), pending);
    if (!b.ok()) RecordError(b.message(), 0);
    if (a.ok() && b.ok()) {
      std::lock_guard lock(stats_mu_);
      stats_.rows_written += pending;
    }
  }
  state.ping.Close();
  state.drops.Close();
  const CsvLogStats s = stats();
  if (s.rows_dropped > 0 || s.rows_failed > 0) {
    spdlog::warn("csv logs: {} rows dropped because the writer fell behind, {} lost to disk errors",
                 s.rows_dropped, s.rows_failed);
  }
}

}  // namespace ww
