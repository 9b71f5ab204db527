#pragma once
// The writer's connection and its prepared statements, one method per SQL
// operation. Statements are prepared once per connection and reused.
//
// Every method may throw SQLite::Exception; BatchWriter catches them at the
// module's edge. Thread safety: none; one owner at a time.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/sample.h"
#include "core/target.h"
#include "engine/snapshot.h"
#include "engine/uplink_history.h"
#include "store/rollup.h"

namespace ww {

// One isp-status minute of one uplink, as queued for the writer.
struct UplinkMinuteRecord {
  std::string uplink;  // UplinkSpec::name ("" = implicit)
  UplinkMinute minute;
};

struct RetentionStep {
  int deleted = 0;
  bool more = false;  // rows older than the cutoff may remain
};

class WriteConnection {
 public:
  explicit WriteConnection(std::unique_ptr<SQLite::Database> db);

  SQLite::Database& db() { return *db_; }

  // Row ids for `targets` in order, inserting new names and refreshing the
  // kind/role/connectivity of known ones.
  std::vector<std::int64_t> UpsertTargets(const std::vector<TargetSpec>& targets,
                                          std::int64_t now_ms);
  // False when a row for (ts_ms, target_row) already exists (nothing written).
  bool InsertSample(const Sample& sample, std::int64_t target_row);
  std::optional<RollupCell> LoadRollup(const RollupKey& key);
  void UpsertRollup(const RollupKey& key, const RollupCell& cell);
  void UpsertDrop(const DropRecord& drop);
  // Inserts the minute, or merges it into the stored one: the worse state, and
  // the counts of the record with more samples (then more lost).
  void UpsertUplinkMinute(const UplinkMinuteRecord& record);

  // Deletes at most about `limit` of the oldest rows with column < cutoff_ms.
  RetentionStep DeleteOldest(const char* table, const char* column, std::int64_t cutoff_ms,
                             int limit);
  // Closes drops left open by a crash or stop; returns how many.
  int CloseInterruptedDrops();

 private:
  std::unique_ptr<SQLite::Database> db_;
  SQLite::Statement insert_sample_;
  SQLite::Statement upsert_drop_;
  SQLite::Statement upsert_uplink_minute_;
  std::array<std::unique_ptr<SQLite::Statement>, kRollupLevels.size()> load_rollup_;
  std::array<std::unique_ptr<SQLite::Statement>, kRollupLevels.size()> upsert_rollup_;
};

}  // namespace ww
