#pragma once
// Speed test results and run-time settings in wanwatch.db (tables
// speedtest_results and settings, schema.cpp step 4), on a connection of its
// own beside the sample writer's: WAL lets both write, the busy timeout
// covers the short moments when they meet.
//
// The connection runs with synchronous=FULL: a result or a PUT /api/config
// that was answered 200 is on disk, even if the machine loses power next.
// Writes here are rare (one result an interval, a setting now and then), so
// the fsync per commit costs nothing that matters.
//
// Errors are returned, never thrown (a full disk, a locked file).
//
// Thread safety: every method may be called from any thread; one mutex
// serialises use of the connection (the scheduler thread writes, the HTTP
// threads read).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "speedtest/speedtest_result.h"

namespace SQLite {
class Database;
}

namespace ww {

// The figures of one successful result, for the analysis endpoints (a light
// read: no texts).
struct SpeedtestFigures {
  std::int64_t id = 0;
  WallTime timestamp{};
  std::optional<double> download_mbps, upload_mbps, ping_ms;
};

class SpeedtestResultsStore {
 public:
  // Opens (creating if needed) the database file and migrates it to this
  // build's schema. The daemon opens the sample store first, which verifies
  // the file; this only connects.
  static Result<std::unique_ptr<SpeedtestResultsStore>> Open(const std::filesystem::path& db_path,
                                                             const Clock& clock);
  ~SpeedtestResultsStore();
  SpeedtestResultsStore(const SpeedtestResultsStore&) = delete;
  SpeedtestResultsStore& operator=(const SpeedtestResultsStore&) = delete;

  // Stores `result` (its id is ignored) and returns the new row id.
  Result<std::int64_t> Insert(const SpeedtestResult& result);
  Result<std::int64_t> Count() const;
  // Newest first (by start time, then id): rows [offset, offset + limit).
  Result<std::vector<SpeedtestResult>> Page(std::int64_t offset, std::int64_t limit) const;
  // The newest result; nullopt when there is none.
  Result<std::optional<SpeedtestResult>> Latest() const;
  // Successful results only (a failed test has no figures), for the analysis
  // endpoints. The newest `limit`, newest first (by start time, then id).
  Result<std::vector<SpeedtestResult>> NewestSuccessful(std::int64_t limit) const;
  // The figures of successful results that started at or after `from`,
  // oldest first.
  Result<std::vector<SpeedtestFigures>> SuccessfulFiguresSince(WallTime from) const;

  // Settings: nullopt when the key was never set.
  Result<std::optional<std::string>> GetSetting(const std::string& key) const;
  // All pairs in one transaction: either every key is written or none.
  Status PutSettings(const std::vector<std::pair<std::string, std::string>>& pairs);

 private:
  SpeedtestResultsStore(std::unique_ptr<SQLite::Database> db, const Clock& clock);

  mutable std::mutex mu_;
  std::unique_ptr<SQLite::Database> db_;
  const Clock& clock_;
};

}  // namespace ww
