#include "store/reader.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>
#include <unordered_map>

#include "engine/diagnosis.h"
#include "store/history_grid.h"
#include "store/rollup.h"

namespace ww {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

std::string JoinIds(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  std::string out;
  for (const auto* list : {&a, &b}) {
    for (std::int64_t id : *list) {
      if (!out.empty()) out += ',';
      out += std::to_string(id);
    }
  }
  return out;
}

// Sums per point and class (0 latency, 1 gateway), then means.
struct Accumulator {
  explicit Accumulator(std::size_t points)
      : sum{std::vector<double>(points), std::vector<double>(points)},
        n{std::vector<double>(points), std::vector<double>(points)} {}
  void Add(int cls, std::size_t idx, double sum_ms, double count) {
    sum[cls][idx] += sum_ms;
    n[cls][idx] += count;
  }
  std::optional<double> Mean(int cls, std::size_t idx) const {
    if (n[cls][idx] <= 0) return std::nullopt;
    return sum[cls][idx] / n[cls][idx];
  }
  std::vector<double> sum[2];
  std::vector<double> n[2];
};

DropRecord ReadDrop(SQLite::Statement& st) {
  DropRecord d;
  d.id = st.getColumn(0).getInt64();
  d.start = FromUnixMillis(st.getColumn(1).getInt64());
  if (!st.isColumnNull(2)) d.end = FromUnixMillis(st.getColumn(2).getInt64());
  d.duration_sec = st.getColumn(3).getDouble();
  d.diagnosis.text = st.getColumn(4).getString();
  const std::string code = st.getColumn(5).getString();
  if (auto parsed = ParseDiagnosisCode(code)) {
    d.diagnosis.code = *parsed;
  } else {
    spdlog::warn("drops row {}: unknown diagnosis code '{}'", d.id, code);
  }
  d.diagnosis.detail = st.getColumn(6).getString();
  d.uplink = st.getColumn(7).getString();
  d.failed_rounds = st.getColumn(8).getInt64();
  return d;
}

}  // namespace

Reader::TargetClasses Reader::LoadTargetClasses() const {
  TargetClasses c;
  SQLite::Statement st(*db_, "SELECT id, role, connectivity FROM targets");
  while (st.executeStep()) {
    const std::string role = st.getColumn(1).getString();
    if (role == "gateway") {
      c.gateway.push_back(st.getColumn(0).getInt64());
    } else if (role == "external" && st.getColumn(2).getInt() != 0) {
      c.latency.push_back(st.getColumn(0).getInt64());
    }
  }
  return c;
}

std::vector<DropRecord> Reader::Drops(std::size_t limit) const {
  std::vector<DropRecord> out;
  if (limit == 0) return out;
  std::lock_guard lock(mu_);
  try {
    SQLite::Statement st(*db_,
                         "SELECT id, start_ms, end_ms, duration_sec, diagnosis, diagnosis_code, "
                         "detail, uplink, failed_rounds FROM (SELECT * FROM drops ORDER BY "
                         "start_ms DESC, id DESC LIMIT ?) ORDER BY start_ms, id");
    st.bind(1, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    while (st.executeStep()) out.push_back(ReadDrop(st));
  } catch (const std::exception& e) {
    spdlog::error("store: reading drops failed: {}", e.what());
    out.clear();
  }
  return out;
}

std::uint64_t Reader::DropCount() const {
  std::lock_guard lock(mu_);
  try {
    SQLite::Statement st(*db_, "SELECT COUNT(*) FROM drops");
    if (st.executeStep()) return static_cast<std::uint64_t>(st.getColumn(0).getInt64());
  } catch (const std::exception& e) {
    spdlog::error("store: counting drops failed: {}", e.what());
  }
  return 0;
}

HistorySeries Reader::History(WallTime from, WallTime to, std::chrono::seconds step) const {
  const HistoryGrid g = PlanHistory(from, to, step);
  const auto points = static_cast<std::size_t>(g.points);
  HistorySeries out;
  out.step = std::chrono::seconds(g.step_ms / 1000);
  out.times.reserve(points);
  for (std::size_t i = 0; i < points; ++i) {
    out.times.push_back(FromUnixMillis(g.from_ms + static_cast<std::int64_t>(i) * g.step_ms));
  }
  out.latency.assign(points, std::nullopt);
  out.gateway.assign(points, std::nullopt);
  if (points == 0) return out;

  std::lock_guard lock(mu_);
  try {
    const TargetClasses classes = LoadTargetClasses();
    if (classes.latency.empty() && classes.gateway.empty()) return out;
    std::unordered_map<std::int64_t, int> cls;
    for (std::int64_t id : classes.latency) cls[id] = 0;
    for (std::int64_t id : classes.gateway) cls[id] = 1;
    const std::string ids = JoinIds(classes.latency, classes.gateway);
    const bool raw = g.source == kRawSource;
    const std::string sql =
        raw ? "SELECT ts_ms, target_id, rtt_us, 1 FROM samples WHERE ts_ms >= ? AND ts_ms < ? "
              "AND ok = 1 AND rtt_us IS NOT NULL AND target_id IN (" +
                  ids + ")"
            : std::string("SELECT bucket_ms, target_id, sum_ms, count - lost FROM ") +
                  kRollupLevels[static_cast<std::size_t>(g.source)].table +
                  " WHERE bucket_ms >= ? AND bucket_ms < ? AND target_id IN (" + ids + ")";
    SQLite::Statement st(*db_, sql);
    st.bind(1, g.from_ms);
    st.bind(2, g.to_ms);
    Accumulator acc(points);
    const double scale = raw ? 0.001 : 1.0;  // rtt_us -> ms
    while (st.executeStep()) {
      const auto idx =
          static_cast<std::size_t>((st.getColumn(0).getInt64() - g.from_ms) / g.step_ms);
      auto it = cls.find(st.getColumn(1).getInt64());
      if (idx >= points || it == cls.end()) continue;
      acc.Add(it->second, idx, st.getColumn(2).getDouble() * scale, st.getColumn(3).getDouble());
    }
    for (std::size_t i = 0; i < points; ++i) {
      out.latency[i] = acc.Mean(0, i);
      out.gateway[i] = acc.Mean(1, i);
    }
  } catch (const std::exception& e) {
    spdlog::error("store: reading history failed: {}", e.what());
  }
  return out;
}

std::array<std::optional<HeatCell>, 24> Reader::Heatmap(WallTime now,
                                                        int utc_offset_minutes) const {
  std::array<std::optional<HeatCell>, 24> out;
  std::array<double, 24> sum{};
  const std::int64_t now_ms = ToUnixMillis(now);
  std::lock_guard lock(mu_);
  try {
    const TargetClasses classes = LoadTargetClasses();
    if (classes.latency.empty()) return out;
    SQLite::Statement st(
        *db_,
        "SELECT bucket_ms, SUM(count - lost), SUM(lost), SUM(sum_ms), MIN(min_ms), "
        "MAX(max_ms) FROM rollup_1h WHERE bucket_ms >= ? AND bucket_ms < ? AND "
        "target_id IN (" +
            JoinIds(classes.latency, {}) + ") GROUP BY bucket_ms");
    st.bind(1, now_ms - kDayMs);
    st.bind(2, now_ms);
    while (st.executeStep()) {
      const int hour = LocalHourOfDay(st.getColumn(0).getInt64(), utc_offset_minutes);
      HeatCell& cell = out[hour] ? *out[hour] : out[hour].emplace();
      const auto ok =
          static_cast<std::uint64_t>(std::max<std::int64_t>(0, st.getColumn(1).getInt64()));
      if (ok > 0 && !st.isColumnNull(4)) {
        const double lo = st.getColumn(4).getDouble();
        const double hi = st.getColumn(5).getDouble();
        cell.min_ms = cell.count > 0 ? std::min(cell.min_ms, lo) : lo;
        cell.max_ms = cell.count > 0 ? std::max(cell.max_ms, hi) : hi;
      }
      cell.count += ok;
      cell.lost +=
          static_cast<std::uint64_t>(std::max<std::int64_t>(0, st.getColumn(2).getInt64()));
      sum[hour] += st.getColumn(3).getDouble();
    }
    for (int h = 0; h < 24; ++h) {
      if (out[h] && out[h]->count > 0) out[h]->avg_ms = sum[h] / static_cast<double>(out[h]->count);
    }
  } catch (const std::exception& e) {
    spdlog::error("store: reading heatmap failed: {}", e.what());
    out = {};
  }
  return out;
}

}  // namespace ww
