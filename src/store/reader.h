#pragma once
// The read side of the store: its own connection (query_only), so readers
// never wait for the writer's transactions (WAL) and never block it.
//
// Query errors are logged and answered with empty results: a broken read must
// not take the API down.
//
// Thread safety: every method may be called from any thread (one mutex
// serialises use of the connection).

#include <SQLiteCpp/Database.h>

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "engine/snapshot.h"
#include "store/store.h"

namespace ww {

class Reader {
 public:
  explicit Reader(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}

  std::vector<DropRecord> Drops(std::size_t limit) const;
  std::uint64_t DropCount() const;
  HistorySeries History(WallTime from, WallTime to, std::chrono::seconds step) const;
  std::array<std::optional<HeatCell>, 24> Heatmap(WallTime now, int utc_offset_minutes) const;
  // Defined in reader_totals.cpp.
  std::vector<TargetTotals> Totals(WallTime from, WallTime to) const;
  void VisitSamples(WallTime from, WallTime to, const std::vector<std::int64_t>& target_rows,
                    const std::function<void(const StoredSample&)>& visit) const;
  // Defined in reader_uplinks.cpp.
  std::vector<UplinkMinute> UplinkMinutes(const std::string& uplink, std::int64_t from_ms,
                                          std::int64_t to_ms) const;
  std::optional<std::int64_t> NewestUplinkMinute() const;
  // Defined in reader_rollups.cpp (the ping analysis).
  std::vector<StoredTarget> StoredTargets() const;
  std::vector<RollupBucket> NewestRollups(std::size_t level, std::int64_t target_row,
                                          std::size_t limit) const;
  std::vector<RollupBucket> RollupsSince(std::size_t level, WallTime from,
                                         const std::vector<std::int64_t>& target_rows) const;

 private:
  struct TargetClasses {
    std::vector<std::int64_t> latency;  // external connectivity targets
    std::vector<std::int64_t> gateway;
  };
  TargetClasses LoadTargetClasses() const;

  mutable std::mutex mu_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace ww
