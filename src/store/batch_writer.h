#pragma once
// The synchronous half of the writer: turns one batch of samples, drop reports
// and uplink minutes into one transaction (raw rows, rollup upserts, drop and
// minute upserts), and runs retention in bounded slices. No threads here, so
// it is tested directly; Writer drives it from its thread.
//
// Errors: every SQLite failure is caught and returned as a Status. After a
// failure the connection is dropped and the next call reconnects, so a full
// disk or an I/O error heals by itself once the cause is gone. A failed
// Commit changes nothing, in memory or on disk: the caller retries it whole.
//
// Thread safety: none; the caller serialises all calls.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "core/result.h"
#include "core/sample.h"
#include "core/target.h"
#include "engine/snapshot.h"
#include "store/rollup.h"
#include "store/write_connection.h"

namespace ww {

struct BatchTuning {
  int retention_rows_per_statement = 5'000;
  int retention_statements_per_slice = 4;
  // Open buckets stay in memory this long after they end (for late samples).
  std::int64_t rollup_grace_ms = 60'000;
};

struct BatchStats {
  std::uint64_t unknown_target = 0;  // samples whose TargetId was never registered
  std::uint64_t duplicates = 0;      // samples with a (time, target) already stored
  std::uint64_t samples_written = 0;
};

class BatchWriter {
 public:
  // `db` is an open, migrated connection; it may be null (connect on first use).
  BatchWriter(std::filesystem::path path, std::unique_ptr<SQLite::Database> db, BatchTuning tuning);

  // Non-empty, unique names.
  static Status ValidateTargets(const std::vector<TargetSpec>& targets);
  // Validates and maps TargetId -> row. On a database error the list is kept
  // and registered again before the next Commit.
  Status RegisterTargets(const std::vector<TargetSpec>& targets, std::int64_t now_ms);
  Status Commit(const std::vector<Sample>& samples, const std::vector<DropRecord>& drops,
                const std::vector<UplinkMinuteRecord>& minutes = {});
  // At start-up: closes drops left open by a crash or stop. Returns how many.
  Result<int> CloseInterruptedDrops();
  // Deletes a bounded number of expired rows; true when more remain.
  Result<bool> RetentionSlice(std::int64_t raw_cutoff_ms, std::int64_t rollup_cutoff_ms);

  const BatchStats& stats() const { return stats_; }
  std::size_t open_rollup_cells() const { return book_.open_cells(); }

 private:
  void EnsureConnected();  // throws SQLite::Exception
  void RegisterPending(std::int64_t now_ms);
  Status Fail(const char* what, const std::exception& e);

  std::filesystem::path path_;
  BatchTuning tuning_;
  std::unique_ptr<WriteConnection> conn_;
  RollupBook book_;
  std::vector<TargetSpec> pending_targets_;
  bool targets_pending_ = false;
  std::vector<std::int64_t> rows_;  // TargetId -> targets.id
  std::int64_t newest_ms_ = 0;
  std::size_t retention_table_ = 0;  // where the current retention pass stands
  BatchStats stats_;
};

}  // namespace ww
