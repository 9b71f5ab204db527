// Store::OpenReadOnly: the Reader without a Writer, for `wanwatch report`
// while the daemon (the one writer) may be running. WAL lets both proceed.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cctype>
#include <string>
#include <system_error>

#include "store/integrity_check.h"
#include "store/reader.h"
#include "store/schema.h"
#include "store/store.h"

namespace ww {
namespace {

class ReadOnlyStore final : public Store {
 public:
  ReadOnlyStore(std::unique_ptr<Reader> reader, std::int64_t version, std::filesystem::path path)
      : reader_(std::move(reader)), version_(version), path_(std::move(path)) {}

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
  // No quick_check here: a report reads for seconds; the daemon checks hourly.
  StoreHealth Health() const override {
    StoreHealth h;
    h.open = true;
    h.writable = false;
    h.schema_version = version_;
    h.db_bytes = DatabaseBytes(path_);
    return h;
  }

 private:
  std::unique_ptr<Reader> reader_;
  std::int64_t version_;
  std::filesystem::path path_;
};

// "file:/a%20b/wanwatch.db?immutable=1": SQLite URI syntax (RFC 3986 escapes).
std::string ImmutableUri(const std::filesystem::path& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = "file:";
  for (unsigned char c : path.string()) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '-' || c == '_' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    }
  }
  return uri + "?immutable=1";
}

}  // namespace

Result<std::unique_ptr<Store>> Store::OpenReadOnly(const std::filesystem::path& data_dir) {
  const std::filesystem::path path = data_dir / "wanwatch.db";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Result<std::unique_ptr<Store>>::Error("no database at " + path.string());
  }
  try {
    // No -wal file: no daemon has the database open (a clean close removes it).
    // Reading it as immutable then creates no -wal/-shm beside it, which would
    // otherwise belong to whoever ran `wanwatch report` (root, say) and lock
    // out a daemon running as another user.
    const bool in_use = std::filesystem::exists(path.string() + "-wal", ec);
    auto db = in_use ? std::make_unique<SQLite::Database>(
                           path.string(), SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX)
                     : std::make_unique<SQLite::Database>(
                           ImmutableUri(path),
                           SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX | SQLite::OPEN_URI);
    if (Status s = ConfigureReadConnection(*db); !s) return s;
    const std::int64_t version = db->execAndGet("PRAGMA user_version").getInt64();
    if (version != LatestSchemaVersion()) {
      return Result<std::unique_ptr<Store>>::Error(
          "database " + path.string() + ": schema version " + std::to_string(version) +
          ", this build reads version " + std::to_string(LatestSchemaVersion()) +
          " (start the daemon once to migrate it)");
    }
    return std::unique_ptr<Store>(
        std::make_unique<ReadOnlyStore>(std::make_unique<Reader>(std::move(db)), version, path));
  } catch (const SQLite::Exception& e) {
    return Result<std::unique_ptr<Store>>::Error("cannot open database " + path.string() +
                                                 " for reading: " + e.what());
  }
}

}  // namespace ww
