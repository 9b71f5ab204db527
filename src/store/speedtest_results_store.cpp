#include "store/speedtest_results_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "store/db_file.h"
#include "store/schema.h"

namespace ww {
namespace {

// Column order of every SELECT here and of the INSERT (after id).
constexpr const char* kColumns =
    "id, ts_ms, ok, error, engine, triggered_by, attempt, server_url, server_name, "
    "server_location, server_id, isp, client_ip, download_mbps, upload_mbps, "
    "download_line_mbps, upload_line_mbps, ping_ms, jitter_ms, packet_loss_pct, "
    "download_latency_ms, upload_latency_ms, bufferbloat_grade, bytes_downloaded, "
    "bytes_uploaded, streams, duration_seconds";
constexpr int kColumnCount = 27;

void BindOptional(SQLite::Statement& s, int index, const std::optional<double>& v) {
  if (v) {
    s.bind(index, *v);
  } else {
    s.bind(index);  // NULL: not measured
  }
}

std::optional<double> OptionalDouble(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getDouble();
}

SpeedtestResult RowToResult(SQLite::Statement& s) {
  SpeedtestResult r;
  int i = 0;
  r.id = s.getColumn(i++).getInt64();
  r.timestamp = FromUnixMillis(s.getColumn(i++).getInt64());
  r.ok = s.getColumn(i++).getInt() != 0;
  r.error = s.getColumn(i++).getString();
  r.engine = s.getColumn(i++).getString();
  r.trigger = s.getColumn(i++).getString();
  r.attempt = s.getColumn(i++).getInt();
  r.server_url = s.getColumn(i++).getString();
  r.server_name = s.getColumn(i++).getString();
  r.server_location = s.getColumn(i++).getString();
  r.server_id = s.getColumn(i++).getString();
  r.isp = s.getColumn(i++).getString();
  r.client_ip = s.getColumn(i++).getString();
  r.download_mbps = OptionalDouble(s.getColumn(i++));
  r.upload_mbps = OptionalDouble(s.getColumn(i++));
  r.download_line_mbps = OptionalDouble(s.getColumn(i++));
  r.upload_line_mbps = OptionalDouble(s.getColumn(i++));
  r.ping_ms = OptionalDouble(s.getColumn(i++));
  r.jitter_ms = OptionalDouble(s.getColumn(i++));
  r.packet_loss_pct = OptionalDouble(s.getColumn(i++));
  r.download_latency_ms = OptionalDouble(s.getColumn(i++));
  r.upload_latency_ms = OptionalDouble(s.getColumn(i++));
  r.bufferbloat_grade = s.getColumn(i++).getString();
  r.bytes_downloaded = static_cast<std::uint64_t>(s.getColumn(i++).getInt64());
  r.bytes_uploaded = static_cast<std::uint64_t>(s.getColumn(i++).getInt64());
  r.streams = s.getColumn(i++).getInt();
  r.duration_seconds = s.getColumn(i++).getDouble();
  return r;
}

std::string Placeholders(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

}  // namespace

SpeedtestResultsStore::SpeedtestResultsStore(std::unique_ptr<SQLite::Database> db,
                                             const Clock& clock)
    : db_(std::move(db)), clock_(clock) {}

SpeedtestResultsStore::~SpeedtestResultsStore() = default;

Result<std::unique_ptr<SpeedtestResultsStore>> SpeedtestResultsStore::Open(
    const std::filesystem::path& db_path, const Clock& clock) {
  auto db = OpenStoreConnection(db_path, /*durable=*/true);
  if (!db) return db.status();
  return std::unique_ptr<SpeedtestResultsStore>(
      new SpeedtestResultsStore(std::move(db).value(), clock));
}

Result<std::int64_t> SpeedtestResultsStore::Insert(const SpeedtestResult& r) {
  std::lock_guard lock(mu_);
  try {
    SQLite::Statement s(*db_, std::string("INSERT INTO speedtest_results (") + kColumns +
                                  ") VALUES (NULL, " + Placeholders(kColumnCount - 1) + ")");
    int i = 1;
    s.bind(i++, static_cast<std::int64_t>(ToUnixMillis(r.timestamp)));
    s.bind(i++, r.ok ? 1 : 0);
    for (const std::string* text : {&r.error, &r.engine, &r.trigger}) s.bind(i++, *text);
    s.bind(i++, r.attempt);
    for (const std::string* text :
         {&r.server_url, &r.server_name, &r.server_location, &r.server_id, &r.isp, &r.client_ip}) {
      s.bind(i++, *text);
    }
    for (const std::optional<double>* v :
         {&r.download_mbps, &r.upload_mbps, &r.download_line_mbps, &r.upload_line_mbps, &r.ping_ms,
          &r.jitter_ms, &r.packet_loss_pct, &r.download_latency_ms, &r.upload_latency_ms}) {
      BindOptional(s, i++, *v);
    }
    s.bind(i++, r.bufferbloat_grade);
    s.bind(i++, static_cast<std::int64_t>(r.bytes_downloaded));
    s.bind(i++, static_cast<std::int64_t>(r.bytes_uploaded));
    s.bind(i++, r.streams);
    s.bind(i++, r.duration_seconds);
    s.exec();
    return static_cast<std::int64_t>(db_->getLastInsertRowid());
  } catch (const SQLite::Exception& e) {
    return Result<std::int64_t>::Error(DatabaseError(*db_, "storing a speed test result", e));
  }
}

Result<std::int64_t> SpeedtestResultsStore::Count() const {
  std::lock_guard lock(mu_);
  try {
    return static_cast<std::int64_t>(
        db_->execAndGet("SELECT count(*) FROM speedtest_results").getInt64());
  } catch (const SQLite::Exception& e) {
    return Result<std::int64_t>::Error(DatabaseError(*db_, "counting speed test results", e));
  }
}

Result<std::vector<SpeedtestResult>> SpeedtestResultsStore::Page(std::int64_t offset,
                                                                 std::int64_t limit) const {
  std::lock_guard lock(mu_);
  std::vector<SpeedtestResult> out;
  try {
    SQLite::Statement s(*db_, std::string("SELECT ") + kColumns +
                                  " FROM speedtest_results ORDER BY ts_ms DESC, id DESC"
                                  " LIMIT ? OFFSET ?");
    s.bind(1, limit);
    s.bind(2, offset);
    while (s.executeStep()) out.push_back(RowToResult(s));
    return out;
  } catch (const SQLite::Exception& e) {
    return Result<std::vector<SpeedtestResult>>::Error(
        DatabaseError(*db_, "reading speed test results", e));
  }
}

Result<std::optional<SpeedtestResult>> SpeedtestResultsStore::Latest() const {
  Result<std::vector<SpeedtestResult>> page = Page(0, 1);
  if (!page) return page.status();
  if (page->empty()) return std::optional<SpeedtestResult>();
  return std::optional<SpeedtestResult>(page->front());
}

Result<std::vector<SpeedtestResult>> SpeedtestResultsStore::NewestSuccessful(
    std::int64_t limit) const {
  std::lock_guard lock(mu_);
  std::vector<SpeedtestResult> out;
  try {
    SQLite::Statement s(*db_, std::string("SELECT ") + kColumns +
                                  " FROM speedtest_results WHERE ok = 1"
                                  " ORDER BY ts_ms DESC, id DESC LIMIT ?");
    s.bind(1, limit);
    while (s.executeStep()) out.push_back(RowToResult(s));
    return out;
  } catch (const SQLite::Exception& e) {
    return Result<std::vector<SpeedtestResult>>::Error(
        DatabaseError(*db_, "reading successful speed test results", e));
  }
}

Result<std::vector<SpeedtestFigures>> SpeedtestResultsStore::SuccessfulFiguresSince(
    WallTime from) const {
  std::lock_guard lock(mu_);
  std::vector<SpeedtestFigures> out;
  try {
    SQLite::Statement s(*db_,
                        "SELECT id, ts_ms, download_mbps, upload_mbps, ping_ms FROM "
                        "speedtest_results WHERE ok = 1 AND ts_ms >= ? ORDER BY ts_ms, id");
    s.bind(1, static_cast<std::int64_t>(ToUnixMillis(from)));
    while (s.executeStep()) {
      out.push_back(SpeedtestFigures{s.getColumn(0).getInt64(),
                                     FromUnixMillis(s.getColumn(1).getInt64()),
                                     OptionalDouble(s.getColumn(2)), OptionalDouble(s.getColumn(3)),
                                     OptionalDouble(s.getColumn(4))});
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return Result<std::vector<SpeedtestFigures>>::Error(
        DatabaseError(*db_, "reading speed test figures", e));
  }
}

Result<std::optional<std::string>> SpeedtestResultsStore::GetSetting(const std::string& key) const {
  std::lock_guard lock(mu_);
  try {
    SQLite::Statement s(*db_, "SELECT value FROM settings WHERE key = ?");
    s.bind(1, key);
    if (!s.executeStep()) return std::optional<std::string>();
    return std::optional<std::string>(s.getColumn(0).getString());
  } catch (const SQLite::Exception& e) {
    return Result<std::optional<std::string>>::Error(
        DatabaseError(*db_, ("reading setting " + key).c_str(), e));
  }
}

Status SpeedtestResultsStore::PutSettings(
    const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::lock_guard lock(mu_);
  try {
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement s(*db_,
                        "INSERT INTO settings (key, value, updated_ms) VALUES (?, ?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                        "updated_ms = excluded.updated_ms");
    const std::int64_t now_ms = ToUnixMillis(clock_.WallNow());
    for (const auto& [key, value] : pairs) {
      s.bind(1, key);
      s.bind(2, value);
      s.bind(3, now_ms);
      s.exec();
      s.reset();
    }
    tx.commit();  // synchronous=FULL: on disk when this returns
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return Status::Error(DatabaseError(*db_, "storing settings", e));
  }
}

}  // namespace ww
