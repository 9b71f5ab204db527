#include "store/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include "store/db_file.h"
#include "store/reader.h"
#include "store/schema.h"
#include "store/writer.h"

namespace ww {
namespace {

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<Writer> writer, std::unique_ptr<Reader> reader,
              std::unique_ptr<IntegrityChecker> checker, std::int64_t schema_version)
      : writer_(std::move(writer)),
        reader_(std::move(reader)),
        checker_(std::move(checker)),
        schema_version_(schema_version) {}
  ~SqliteStore() override {
    checker_->Stop();
    writer_->Stop();
  }

  Status RegisterTargets(const std::vector<TargetSpec>& targets) override {
    return writer_->RegisterTargets(targets);
  }
  void Append(const Sample& sample) override { writer_->Append(sample); }
  void RecordDrop(const DropRecord& drop) override { writer_->RecordDrop(drop); }
  void RecordUplinkMinute(const std::string& uplink, const UplinkMinute& minute) override {
    writer_->RecordUplinkMinute({uplink, minute});
  }
  void Flush() override { writer_->Flush(); }

  std::vector<DropRecord> Drops(std::size_t limit) const override { return reader_->Drops(limit); }
  std::uint64_t DropCount() const override { return reader_->DropCount(); }
  HistorySeries History(WallTime from, WallTime to, std::chrono::seconds step) const override {
    return reader_->History(from, to, step);
  }
  std::array<std::optional<HeatCell>, 24> Heatmap(WallTime now,
                                                  int utc_offset_minutes) const override {
    return reader_->Heatmap(now, utc_offset_minutes);
  }
  std::vector<TargetTotals> Totals(WallTime from, WallTime to) const override {
    return reader_->Totals(from, to);
  }
  void VisitSamples(WallTime from, WallTime to, const std::vector<std::int64_t>& target_rows,
                    const std::function<void(const StoredSample&)>& visit) const override {
    reader_->VisitSamples(from, to, target_rows, visit);
  }
  std::vector<UplinkMinute> UplinkMinutes(const std::string& uplink, std::int64_t from_ms,
                                          std::int64_t to_ms) const override {
    return reader_->UplinkMinutes(uplink, from_ms, to_ms);
  }
  std::optional<std::int64_t> NewestUplinkMinute() const override {
    return reader_->NewestUplinkMinute();
  }
  std::vector<StoredTarget> StoredTargets() const override { return reader_->StoredTargets(); }
  std::vector<RollupBucket> NewestRollups(std::size_t level, std::int64_t target_row,
                                          std::size_t limit) const override {
    return reader_->NewestRollups(level, target_row, limit);
  }
  std::vector<RollupBucket> RollupsSince(std::size_t level, WallTime from,
                                         const std::vector<std::int64_t>& rows) const override {
    return reader_->RollupsSince(level, from, rows);
  }

  StoreHealth Health() const override {
    const WriterHealth w = writer_->Health();
    StoreHealth h;
    h.open = true;
    h.writable = w.writable;
    h.last_error = w.last_error;
    h.queue_dropped = w.queue_dropped;
    h.write_errors = w.write_errors;
    h.schema_version = schema_version_;
    h.last_commit = w.last_commit;
    const IntegrityStatus integrity = checker_->Current();
    h.quick_check_ok = integrity.ok;
    h.quick_check_detail = integrity.detail;
    h.quick_check_at = integrity.at;
    h.db_bytes = integrity.db_bytes;
    return h;
  }

 private:
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<Reader> reader_;
  std::unique_ptr<IntegrityChecker> checker_;
  const std::int64_t schema_version_;
};

Result<std::unique_ptr<Reader>> OpenReader(const std::filesystem::path& path) {
  try {
    auto db = std::make_unique<SQLite::Database>(path.string(),
                                                 SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
    if (Status s = ConfigureReadConnection(*db); !s) return s;
    return std::make_unique<Reader>(std::move(db));
  } catch (const SQLite::Exception& e) {
    return Result<std::unique_ptr<Reader>>::Error("cannot open database " + path.string() +
                                                  " for reading: " + e.what());
  }
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options, const Clock& clock,
                                               const StoreTuning& tuning) {
  const std::filesystem::path path = options.data_dir / "wanwatch.db";
  auto opened = OpenAndVerify(path, clock.WallNow());
  if (!opened) return opened.status();
  const std::int64_t version = opened->schema_version;
  std::optional<IntegrityStatus> checked_at_open;
  if (opened->verified) checked_at_open = IntegrityStatus{true, "ok", clock.WallNow(), 0};
  auto batch = std::make_unique<BatchWriter>(path, std::move(opened.value().db), tuning.batch);
  if (auto closed = batch->CloseInterruptedDrops(); !closed) {
    spdlog::error("store: {}", closed.error());
  } else if (*closed > 0) {
    spdlog::warn("store: closed {} drop(s) left open by the previous run", *closed);
  }
  auto reader = OpenReader(path);
  if (!reader) return reader.status();

  WriterTuning w;
  w.batch_interval = options.batch_interval;
  w.queue_capacity = std::max<std::size_t>(options.queue_capacity, 1);
  w.max_batch = std::max<std::size_t>(tuning.max_batch, 1);
  w.retention_every = tuning.retention_every;
  w.raw_retention = options.raw_retention;
  w.rollup_retention = options.rollup_retention;
  w.max_backoff = tuning.max_backoff;
  auto writer = std::make_unique<Writer>(w, clock, std::move(batch));
  auto checker = std::make_unique<IntegrityChecker>(path, clock, tuning.integrity, checked_at_open);
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(
      std::move(writer), std::move(reader.value()), std::move(checker), version));
}

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options, const Clock& clock) {
  return OpenSqliteStore(options, clock, StoreTuning{});
}

}  // namespace ww
