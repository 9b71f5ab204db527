#include "store/alert_log_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>

#include "store/db_file.h"
#include "store/schema.h"

namespace ww {
namespace {

AlertLogRow ReadRow(SQLite::Statement& s) {
  AlertLogRow row;
  row.id = s.getColumn(0).getInt64();
  row.timestamp = FromUnixMillis(s.getColumn(1).getInt64());
  row.kind = s.getColumn(2).getString();
  row.phase = s.getColumn(3).getString();
  row.provider = s.getColumn(4).getString();
  row.ok = s.getColumn(5).getInt() != 0;
  row.attempts = s.getColumn(6).getInt();
  if (!s.getColumn(7).isNull()) row.http_status = s.getColumn(7).getInt();
  row.error = s.getColumn(8).getString();
  row.title = s.getColumn(9).getString();
  return row;
}

}  // namespace

AlertLogStore::AlertLogStore(std::unique_ptr<SQLite::Database> db, std::int64_t max_rows)
    : db_(std::move(db)), max_rows_(std::max<std::int64_t>(1, max_rows)) {}

AlertLogStore::~AlertLogStore() = default;

Result<std::unique_ptr<AlertLogStore>> AlertLogStore::Open(const std::filesystem::path& db_path,
                                                           std::int64_t max_rows) {
  auto db = OpenStoreConnection(db_path, /*durable=*/false);
  if (!db) return db.status();
  return std::unique_ptr<AlertLogStore>(new AlertLogStore(std::move(db).value(), max_rows));
}

Result<std::int64_t> AlertLogStore::Insert(const AlertLogRow& row) {
  std::lock_guard lock(mu_);
  try {
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement s(*db_,
                        "INSERT INTO alert_log (ts_ms, kind, phase, provider, ok, attempts, "
                        "http_status, error, title) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, static_cast<std::int64_t>(ToUnixMillis(row.timestamp)));
    s.bind(2, row.kind);
    s.bind(3, row.phase);
    s.bind(4, row.provider);
    s.bind(5, row.ok ? 1 : 0);
    s.bind(6, row.attempts);
    if (row.http_status) {
      s.bind(7, *row.http_status);
    } else {
      s.bind(7);  // NULL: no HTTP answer
    }
    s.bind(8, row.error);
    s.bind(9, row.title);
    s.exec();
    const auto id = static_cast<std::int64_t>(db_->getLastInsertRowid());
    // Ids grow with every insert (INTEGER PRIMARY KEY takes max + 1), so
    // everything max_rows_ below the newest is older than the rows kept.
    SQLite::Statement trim(*db_, "DELETE FROM alert_log WHERE id <= ?");
    trim.bind(1, id - max_rows_);
    trim.exec();
    tx.commit();
    return id;
  } catch (const SQLite::Exception& e) {
    return Result<std::int64_t>::Error(DatabaseError(*db_, "storing an alert log row", e));
  }
}

Result<std::vector<AlertLogRow>> AlertLogStore::Recent(std::int64_t limit) const {
  std::lock_guard lock(mu_);
  std::vector<AlertLogRow> out;
  try {
    SQLite::Statement s(*db_,
                        "SELECT id, ts_ms, kind, phase, provider, ok, attempts, http_status, "
                        "error, title FROM alert_log ORDER BY ts_ms DESC, id DESC LIMIT ?");
    s.bind(1, std::max<std::int64_t>(0, limit));
    while (s.executeStep()) out.push_back(ReadRow(s));
    return out;
  } catch (const SQLite::Exception& e) {
    return Result<std::vector<AlertLogRow>>::Error(DatabaseError(*db_, "reading the alert log", e));
  }
}

Result<std::int64_t> AlertLogStore::Count() const {
  std::lock_guard lock(mu_);
  try {
    return static_cast<std::int64_t>(db_->execAndGet("SELECT count(*) FROM alert_log").getInt64());
  } catch (const SQLite::Exception& e) {
    return Result<std::int64_t>::Error(DatabaseError(*db_, "counting the alert log", e));
  }
}

}  // namespace ww
