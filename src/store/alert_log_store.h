#pragma once
// The alert log in wanwatch.db (table alert_log, schema.cpp step 5): one row
// per final delivery outcome per provider, written by the notifier's thread,
// read by the API (newest first). A connection of its own beside the sample
// writer's, like SpeedtestResultsStore: WAL lets both write, the busy timeout
// covers the moments they meet. Rows are rare (alerts), so each insert is its
// own transaction.
//
// The table is kept to the newest `max_rows` rows (kMaxAlertLogRows unless
// told): a flapping link that alerts all day must not grow the file without
// bound.
//
// Errors are returned, never thrown.
//
// Thread safety: every method may be called from any thread (one mutex).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace SQLite {
class Database;
}

namespace ww {

inline constexpr std::int64_t kMaxAlertLogRows = 10000;

struct AlertLogRow {
  std::int64_t id = 0;  // set when read; ignored by Insert
  WallTime timestamp{};
  std::string kind;      // AlertKindName: "drop", "speedtest_failure", ...
  std::string phase;     // AlertPhaseName: "start", "end", "change", "test"
  std::string provider;  // "webhook", "ntfy", ...
  bool ok = false;
  int attempts = 1;
  std::optional<int> http_status;  // nullopt: no HTTP answer
  std::string error;
  std::string title;
};

class AlertLogStore {
 public:
  // Opens (creating if needed) the database file and migrates it to this
  // build's schema.
  static Result<std::unique_ptr<AlertLogStore>> Open(const std::filesystem::path& db_path,
                                                     std::int64_t max_rows = kMaxAlertLogRows);
  ~AlertLogStore();
  AlertLogStore(const AlertLogStore&) = delete;
  AlertLogStore& operator=(const AlertLogStore&) = delete;

  // Stores `row` and returns its id; trims the table to max_rows.
  Result<std::int64_t> Insert(const AlertLogRow& row);
  // The newest `limit` rows (by time, then id), newest first.
  Result<std::vector<AlertLogRow>> Recent(std::int64_t limit) const;
  Result<std::int64_t> Count() const;

 private:
  AlertLogStore(std::unique_ptr<SQLite::Database> db, std::int64_t max_rows);

  mutable std::mutex mu_;
  std::unique_ptr<SQLite::Database> db_;
  const std::int64_t max_rows_;
};

}  // namespace ww
