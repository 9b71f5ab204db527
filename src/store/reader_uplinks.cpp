// Reader: the isp-status minute history (table uplink_minutes).

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "store/reader.h"

namespace ww {
namespace {

std::optional<double> FiniteOrNothing(SQLite::Statement& st, int column) {
  if (st.isColumnNull(column)) return std::nullopt;
  const double v = st.getColumn(column).getDouble();
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

std::uint32_t Count(SQLite::Statement& st, int column) {
  const std::int64_t v = st.getColumn(column).getInt64();
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(v, 0, UINT32_MAX));
}

}  // namespace

std::vector<UplinkMinute> Reader::UplinkMinutes(const std::string& uplink, std::int64_t from_ms,
                                                std::int64_t to_ms) const {
  std::vector<UplinkMinute> out;
  if (to_ms <= from_ms) return out;
  std::lock_guard lock(mu_);
  try {
    // The primary key (uplink, minute_ms) makes this one contiguous range read.
    SQLite::Statement st(*db_,
                         "SELECT minute_ms, state, samples, lost, sum_ms, min_ms, max_ms "
                         "FROM uplink_minutes WHERE uplink = ? AND minute_ms >= ? AND "
                         "minute_ms < ? ORDER BY minute_ms");
    st.bind(1, uplink);
    st.bind(2, from_ms);
    st.bind(3, to_ms);
    out.reserve(static_cast<std::size_t>(
        std::min<std::int64_t>((to_ms - from_ms) / kMinuteMs + 1, 1'000'000)));
    std::uint64_t bad_states = 0;
    while (st.executeStep()) {
      const int state = st.getColumn(1).getInt();
      if (state < 0 || state > 2) {
        ++bad_states;  // written by something else: not a minute we can judge
        continue;
      }
      UplinkMinute& m = out.emplace_back();
      m.start_ms = st.getColumn(0).getInt64();
      m.state = static_cast<UplinkState>(state);
      m.samples = Count(st, 2);
      m.lost = std::min(Count(st, 3), m.samples);
      m.sum_ms = FiniteOrNothing(st, 4).value_or(0);
      m.min_ms = FiniteOrNothing(st, 5);
      m.max_ms = FiniteOrNothing(st, 6);
    }
    if (bad_states > 0) {
      spdlog::warn("store: uplink '{}': skipped {} minute(s) with a state other than 0, 1, 2",
                   uplink, bad_states);
    }
  } catch (const std::exception& e) {
    spdlog::error("store: reading the minutes of uplink '{}' failed: {}", uplink, e.what());
    out.clear();
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
