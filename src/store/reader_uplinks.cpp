// Reader: the isp-status minute history (table uplink_minutes).

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "store/reader.h"

namespace ww {
namespace {

// The SQLite C API directly for this one query: 90 days are 129,600 rows, and
// SQLiteCpp's Column objects (a shared_ptr copy each) cost as much as SQLite.
struct StatementDeleter {
  void operator()(sqlite3_stmt* st) const { sqlite3_finalize(st); }
};
using RawStatement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

std::optional<double> FiniteOrNothing(sqlite3_stmt* st, int column) {
  if (sqlite3_column_type(st, column) == SQLITE_NULL) return std::nullopt;
  const double v = sqlite3_column_double(st, column);
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

std::uint32_t Count(sqlite3_stmt* st, int column) {
  const std::int64_t v = sqlite3_column_int64(st, column);
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(v, 0, UINT32_MAX));
}

}  // namespace

std::vector<UplinkMinute> Reader::UplinkMinutes(const std::string& uplink, std::int64_t from_ms,
                                                std::int64_t to_ms) const {
  std::vector<UplinkMinute> out;
  if (to_ms <= from_ms) return out;
  std::lock_guard lock(mu_);
  sqlite3* db = db_->getHandle();
  // The primary key (uplink, minute_ms) makes this one contiguous range read.
  constexpr const char* kSql =
      "SELECT minute_ms, state, samples, lost, sum_ms, min_ms, max_ms FROM uplink_minutes "
      "WHERE uplink = ? AND minute_ms >= ? AND minute_ms < ? ORDER BY minute_ms";
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, kSql, -1, &raw, nullptr);
  RawStatement st(raw);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(raw, 1, uplink.data(), static_cast<int>(uplink.size()), SQLITE_STATIC);
    sqlite3_bind_int64(raw, 2, from_ms);
    sqlite3_bind_int64(raw, 3, to_ms);
    out.reserve(static_cast<std::size_t>(
        std::min<std::int64_t>((to_ms - from_ms) / kMinuteMs + 1, 1'000'000)));
  }
  std::uint64_t bad_states = 0;
  while (rc == SQLITE_OK && (rc = sqlite3_step(raw)) == SQLITE_ROW) {
    rc = SQLITE_OK;
    const int state = sqlite3_column_int(raw, 1);
    if (state < 0 || state > 2) {
      ++bad_states;  // written by something else: not a minute we can judge
      continue;
    }
    UplinkMinute& m = out.emplace_back();
    m.start_ms = sqlite3_column_int64(raw, 0);
    m.state = static_cast<UplinkState>(state);
    m.samples = Count(raw, 2);
    m.lost = std::min(Count(raw, 3), m.samples);
    m.sum_ms = FiniteOrNothing(raw, 4).value_or(0);
    m.min_ms = FiniteOrNothing(raw, 5);
    m.max_ms = FiniteOrNothing(raw, 6);
  }
  if (rc != SQLITE_DONE) {
    spdlog::error("store: reading the minutes of uplink '{}' failed: {}", uplink,
                  sqlite3_errmsg(db));
    out.clear();
  }
  if (bad_states > 0) {
    spdlog::warn("store: uplink '{}': skipped {} minute(s) with a state other than 0, 1, 2", uplink,
                 bad_states);
  }
  return out;
}

std::optional<std::int64_t> Reader::NewestUplinkMinute() const {
  std::lock_guard lock(mu_);
  try {
    // Answered from the minute_ms index: one seek, whatever the table's size.
    SQLite::Statement st(*db_, "SELECT MAX(minute_ms) FROM uplink_minutes");
    if (st.executeStep() && !st.isColumnNull(0)) return st.getColumn(0).getInt64();
  } catch (const std::exception& e) {
    spdlog::error("store: reading the newest uplink minute failed: {}", e.what());
  }
  return std::nullopt;
}

}  // namespace ww
