// Reader: the stored targets and their rollup buckets, for the ping analysis
// (/api/analysis/ping/*). Errors are logged and answered with what was read
// so far (see reader.h).

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "store/reader.h"
#include "store/rollup.h"

namespace ww {
namespace {

constexpr const char* kBucketColumns = "target_id, bucket_ms, count, lost, sum_ms, min_ms, max_ms";

std::optional<double> FiniteOrNothing(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  const double v = c.getDouble();
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

std::uint64_t NonNegative(const SQLite::Column& c) {
  return static_cast<std::uint64_t>(std::max<std::int64_t>(0, c.getInt64()));
}

RollupBucket ReadBucket(SQLite::Statement& st) {
  RollupBucket b;
  b.target_row = st.getColumn(0).getInt64();
  b.start = FromUnixMillis(st.getColumn(1).getInt64());
  b.count = NonNegative(st.getColumn(2));
  b.lost = std::min(NonNegative(st.getColumn(3)), b.count);
  b.sum_ms = st.getColumn(4).getDouble();
  if (!std::isfinite(b.sum_ms)) b.sum_ms = 0;
  b.min_ms = FiniteOrNothing(st.getColumn(5));
  b.max_ms = FiniteOrNothing(st.getColumn(6));
  return b;
}

const char* RollupTable(std::size_t level) {
  return kRollupLevels[std::min(level, kRollupLevels.size() - 1)].table;
}

}  // namespace

std::vector<StoredTarget> Reader::StoredTargets() const {
  std::vector<StoredTarget> out;
  std::lock_guard lock(mu_);
  try {
    SQLite::Statement st(*db_, "SELECT id, name, kind, role FROM targets ORDER BY id");
    while (st.executeStep()) {
      out.push_back(StoredTarget{st.getColumn(0).getInt64(), st.getColumn(1).getString(),
                                 st.getColumn(2).getString(), st.getColumn(3).getString()});
    }
  } catch (const std::exception& e) {
    spdlog::error("store: reading targets failed: {}", e.what());
  }
  return out;
}

std::vector<RollupBucket> Reader::NewestRollups(std::size_t level, std::int64_t target_row,
                                                std::size_t limit) const {
  std::vector<RollupBucket> out;
  if (limit == 0) return out;
  std::lock_guard lock(mu_);
  try {
    // The primary key (bucket_ms, target_id) read backwards: about `limit` ×
    // the number of targets rows for a target that is still probed.
    SQLite::Statement st(*db_, std::string("SELECT ") + kBucketColumns + " FROM " +
                                   RollupTable(level) +
                                   " WHERE target_id = ? ORDER BY bucket_ms DESC LIMIT ?");
    st.bind(1, target_row);
    st.bind(2, static_cast<std::int64_t>(
                   std::min<std::size_t>(limit, std::numeric_limits<std::int64_t>::max())));
    while (st.executeStep()) out.push_back(ReadBucket(st));
  } catch (const std::exception& e) {
    spdlog::error("store: reading {} of target {} failed: {}", RollupTable(level), target_row,
                  e.what());
  }
  return out;
}

std::vector<RollupBucket> Reader::RollupsSince(std::size_t level, WallTime from,
                                               const std::vector<std::int64_t>& target_rows) const {
  std::vector<RollupBucket> out;
  std::string sql = std::string("SELECT ") + kBucketColumns + " FROM " + RollupTable(level) +
                    " WHERE bucket_ms >= ?";
  if (!target_rows.empty()) {
    sql += " AND target_id IN (";
    for (std::size_t i = 0; i < target_rows.size(); ++i) {
      sql += (i == 0 ? "" : ",") + std::to_string(target_rows[i]);  // integers: no quoting
    }
    sql += ")";
  }
  sql += " ORDER BY bucket_ms, target_id";
  std::lock_guard lock(mu_);
  try {
    SQLite::Statement st(*db_, sql);
    st.bind(1, ToUnixMillis(from));
    while (st.executeStep()) out.push_back(ReadBucket(st));
  } catch (const std::exception& e) {
    spdlog::error("store: reading {} failed: {}", RollupTable(level), e.what());
  }
  return out;
}

}  // namespace ww
