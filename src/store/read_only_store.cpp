// Store::OpenReadOnly: the Reader without a Writer, for `wanwatch report`
// while the daemon (the one writer) may be running. WAL lets both proceed.

#include <SQLiteCpp/SQLiteCpp.h>

#include <system_error>

#include "store/reader.h"
#include "store/schema.h"
#include "store/store.h"

namespace ww {
namespace {

class ReadOnlyStore final : public Store {
 public:
  ReadOnlyStore(std::unique_ptr<Reader> reader, std::int64_t version)
      : reader_(std::move(reader)), version_(version) {}

  Status RegisterTargets(const std::vector<TargetSpec>&) override {
    return Status::Error("store: opened read-only");
  }
  void Append(const Sample&) override {}
  void RecordDrop(const DropRecord&) override {}
  void Flush() override {}

  std::vector<DropRecord> Drops(std::size_t limit) const override { return reader_->Drops(limit); }
  std::uint64_t DropCount() const override { return reader_->DropCount(); }
  HistorySeries History(WallTime from, WallTime to, std::chrono::seconds step) const override {
    return reader_->History(from, to, step);
  }
  std::array<std::optional<HeatCell>, 24> Heatmap(WallTime now, int offset) const override {
    return reader_->Heatmap(now, offset);
  }
  std::vector<TargetTotals> Totals(WallTime from, WallTime to) const override {
    return reader_->Totals(from, to);
  }
  void VisitSamples(WallTime from, WallTime to, const std::vector<std::int64_t>& rows,
                    const std::function<void(const StoredSample&)>& visit) const override {
    reader_->VisitSamples(from, to, rows, visit);
  }
  StoreHealth Health() const override {
    StoreHealth h;
    h.open = true;
    h.writable = false;
    h.schema_version = version_;
    return h;
  }

 private:
  std::unique_ptr<Reader> reader_;
  std::int64_t version_;
};

}  // namespace

Result<std::unique_ptr<Store>> Store::OpenReadOnly(const std::filesystem::path& data_dir) {
  const std::filesystem::path path = data_dir / "wanwatch.db";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Result<std::unique_ptr<Store>>::Error("no database at " + path.string());
  }
  try {
    auto db = std::make_unique<SQLite::Database>(path.string(),
                                                 SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
    if (Status s = ConfigureReadConnection(*db); !s) return s;
    const std::int64_t version = db->execAndGet("PRAGMA user_version").getInt64();
    if (version != LatestSchemaVersion()) {
      return Result<std::unique_ptr<Store>>::Error(
          "database " + path.string() + ": schema version " + std::to_string(version) +
          ", this build reads version " + std::to_string(LatestSchemaVersion()) +
          " (start the daemon once to migrate it)");
    }
    return std::unique_ptr<Store>(
        std::make_unique<ReadOnlyStore>(std::make_unique<Reader>(std::move(db)), version));
  } catch (const SQLite::Exception& e) {
    return Result<std::unique_ptr<Store>>::Error("cannot open database " + path.string() +
                                                 " for reading: " + e.what());
  }
}

}  // namespace ww
