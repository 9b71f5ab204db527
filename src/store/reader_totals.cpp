// Reader's report queries: per-target rollup totals and a raw-sample scan.
// Errors are logged and answered with what was read so far (see reader.h).

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include <map>
#include <string>

#include "store/reader.h"

namespace ww {

std::vector<TargetTotals> Reader::Totals(WallTime from, WallTime to) const {
  std::vector<TargetTotals> out;
  std::lock_guard lock(mu_);
  try {
    std::map<std::int64_t, std::size_t> index;
    SQLite::Statement targets(*db_,
                              "SELECT id, name, kind, role, connectivity FROM targets ORDER BY id");
    while (targets.executeStep()) {
      TargetTotals t;
      t.row = targets.getColumn(0).getInt64();
      t.name = targets.getColumn(1).getString();
      t.kind = targets.getColumn(2).getString();
      t.role = targets.getColumn(3).getString();
      t.connectivity = targets.getColumn(4).getInt() != 0;
      index[t.row] = out.size();
      out.push_back(std::move(t));
    }
    SQLite::Statement st(*db_,
                         "SELECT target_id, count, lost, sum_ms, min_ms, max_ms, hist FROM "
                         "rollup_1m WHERE bucket_ms >= ? AND bucket_ms < ?");
    st.bind(1, ToUnixMillis(from));
    st.bind(2, ToUnixMillis(to));
    while (st.executeStep()) {
      auto it = index.find(st.getColumn(0).getInt64());
      if (it == index.end()) continue;
      TargetTotals& t = out[it->second];
      t.count += static_cast<std::uint64_t>(std::max<std::int64_t>(0, st.getColumn(1).getInt64()));
      t.lost += static_cast<std::uint64_t>(std::max<std::int64_t>(0, st.getColumn(2).getInt64()));
      t.sum_ms += st.getColumn(3).getDouble();
      if (!st.isColumnNull(4)) {
        const double lo = st.getColumn(4).getDouble();
        t.min_ms = t.min_ms ? std::min(*t.min_ms, lo) : lo;
      }
      if (!st.isColumnNull(5)) {
        const double hi = st.getColumn(5).getDouble();
        t.max_ms = t.max_ms ? std::max(*t.max_ms, hi) : hi;
      }
      const SQLite::Column blob = st.getColumn(6);
      auto hist = LatencyHistogram::Decode(blob.getBlob(), static_cast<std::size_t>(blob.size()));
      if (hist.ok()) {
        t.histogram.Merge(*hist);
      } else {
        spdlog::warn("store: rollup_1m histogram of target '{}': {}", t.name, hist.error());
      }
    }
  } catch (const std::exception& e) {
    spdlog::error("store: reading target totals failed: {}", e.what());
  }
  return out;
}

void Reader::VisitSamples(WallTime from, WallTime to, const std::vector<std::int64_t>& target_rows,
                          const std::function<void(const StoredSample&)>& visit) const {
  if (target_rows.empty()) return;
  std::string ids;
  for (std::int64_t id : target_rows) {
    if (!ids.empty()) ids += ',';
    ids += std::to_string(id);
  }
  std::lock_guard lock(mu_);
  try {
    SQLite::Statement st(*db_,
                         "SELECT ts_ms, target_id, ok, rtt_us FROM samples WHERE ts_ms >= ? AND "
                         "ts_ms < ? AND target_id IN (" +
                             ids + ") ORDER BY ts_ms, target_id");
    st.bind(1, ToUnixMillis(from));
    st.bind(2, ToUnixMillis(to));
    StoredSample s;
    while (st.executeStep()) {
      s.sent_at = FromUnixMillis(st.getColumn(0).getInt64());
      s.target_row = st.getColumn(1).getInt64();
      s.ok = st.getColumn(2).getInt() != 0;
      s.rtt_ms.reset();
      if (!st.isColumnNull(3)) s.rtt_ms = static_cast<double>(st.getColumn(3).getInt64()) / 1000.0;
      visit(s);
    }
  } catch (const std::exception& e) {
    spdlog::error("store: reading raw samples failed: {}", e.what());
  }
}

}  // namespace ww
