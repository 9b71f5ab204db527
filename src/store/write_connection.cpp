#include "store/write_connection.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/diagnosis.h"

namespace ww {
namespace {

constexpr const char* kInsertSample =
    "INSERT INTO samples (ts_ms, target_id, ok, rtt_us, error, code) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT DO NOTHING";
constexpr const char* kUpsertDrop =
    "INSERT INTO drops (start_ms, end_ms, duration_sec, diagnosis, diagnosis_code, detail, uplink, "
    "failed_rounds) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (start_ms, uplink) DO UPDATE SET "
    "end_ms = excluded.end_ms, duration_sec = excluded.duration_sec, "
    "diagnosis = excluded.diagnosis, diagnosis_code = excluded.diagnosis_code, "
    "detail = excluded.detail, failed_rounds = excluded.failed_rounds";

// The stored counts stay unless the new record has more samples, or as many
// and more lost: a minute written again after a restart or a late round must
// not shrink, nor mix the sums of one record with the counts of another.
std::string UpsertUplinkMinuteSql() {
  constexpr const char* kMore =
      "(excluded.samples > samples OR (excluded.samples = samples AND excluded.lost > lost))";
  std::string sql =
      "INSERT INTO uplink_minutes (uplink, minute_ms, state, samples, lost, sum_ms, min_ms, "
      "max_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uplink, minute_ms) DO UPDATE SET "
      "state = min(state, excluded.state)";
  // Every right-hand side sees the row as it was, so kMore means the same in each.
  for (const char* column : {"samples", "lost", "sum_ms", "min_ms", "max_ms"}) {
    sql += std::string(", ") + column + " = CASE WHEN " + kMore + " THEN excluded." + column +
           " ELSE " + column + " END";
  }
  return sql;
}

constexpr const char* kInterrupted =
    "interrupted: wanwatch stopped during this drop; closed at the last recorded sample";

std::string LoadRollupSql(const char* table) {
  return std::string("SELECT count, lost, sum_ms, min_ms, max_ms, sumsq_ms, hist FROM ") + table +
         " WHERE bucket_ms = ? AND target_id = ?";
}

std::string UpsertRollupSql(const char* table) {
  return std::string("INSERT INTO ") + table +
         " (bucket_ms, target_id, count, lost, sum_ms, min_ms, max_ms, sumsq_ms, hist) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (bucket_ms, target_id) DO UPDATE SET "
         "count = excluded.count, lost = excluded.lost, sum_ms = excluded.sum_ms, "
         "min_ms = excluded.min_ms, max_ms = excluded.max_ms, sumsq_ms = excluded.sumsq_ms, "
         "hist = excluded.hist";
}

void BindOptional(SQLite::Statement& st, int index, std::optional<double> v) {
  if (v) {
    st.bind(index, *v);
  } else {
    st.bind(index);
  }
}

// RTT in whole microseconds, or nothing when the probe carried no usable timing.
std::optional<std::int64_t> RttMicros(const Sample& s) {
  if (!std::isfinite(s.rtt_ms) || s.rtt_ms < 0 || (!s.ok && s.rtt_ms == 0)) return std::nullopt;
  return std::llround(std::min(s.rtt_ms, 1e9) * 1000.0);
}

}  // namespace

WriteConnection::WriteConnection(std::unique_ptr<SQLite::Database> db)
    : db_(std::move(db)),
      insert_sample_(*db_, kInsertSample),
      upsert_drop_(*db_, kUpsertDrop),
      upsert_uplink_minute_(*db_, UpsertUplinkMinuteSql()) {
  for (std::size_t i = 0; i < kRollupLevels.size(); ++i) {
    load_rollup_[i] =
        std::make_unique<SQLite::Statement>(*db_, LoadRollupSql(kRollupLevels[i].table));
    upsert_rollup_[i] =
        std::make_unique<SQLite::Statement>(*db_, UpsertRollupSql(kRollupLevels[i].table));
  }
}

std::vector<std::int64_t> WriteConnection::UpsertTargets(const std::vector<TargetSpec>& targets,
                                                         std::int64_t now_ms) {
  SQLite::Statement upsert(*db_,
                           "INSERT INTO targets (name, kind, role, connectivity, created_ms) "
                           "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                           "kind = excluded.kind, role = excluded.role, "
                           "connectivity = excluded.connectivity RETURNING id");
  std::vector<std::int64_t> rows;
  SQLite::Transaction tx(*db_);
  for (const TargetSpec& t : targets) {
    upsert.bind(1, t.name);
    upsert.bind(2, std::string(ToString(t.kind)));
    upsert.bind(3, std::string(ToString(t.role)));
    upsert.bind(4, t.connectivity ? 1 : 0);
    upsert.bind(5, now_ms);
    if (!upsert.executeStep()) throw SQLite::Exception("target upsert returned no id");
    rows.push_back(upsert.getColumn(0).getInt64());
    upsert.reset();
  }
  tx.commit();
  return rows;
}

bool WriteConnection::InsertSample(const Sample& s, std::int64_t target_row) {
  SQLite::Statement& st = insert_sample_;
  st.bind(1, ToUnixMillis(s.sent_at));
  st.bind(2, target_row);
  st.bind(3, s.ok ? 1 : 0);
  if (auto us = RttMicros(s)) {
    st.bind(4, *us);
  } else {
    st.bind(4);
  }
  st.bind(5, static_cast<int>(s.error));
  st.bind(6, s.code);
  const int changed = st.exec();
  st.reset();
  return changed > 0;
}

std::optional<RollupCell> WriteConnection::LoadRollup(const RollupKey& key) {
  SQLite::Statement& st = *load_rollup_[key.level];
  st.bind(1, key.bucket_ms);
  st.bind(2, key.target_row);
  std::optional<RollupCell> cell;
  if (st.executeStep()) {
    cell.emplace();
    cell->count = static_cast<std::uint64_t>(std::max<std::int64_t>(0, st.getColumn(0).getInt64()));
    cell->lost =
        std::min(cell->count,
                 static_cast<std::uint64_t>(std::max<std::int64_t>(0, st.getColumn(1).getInt64())));
    cell->sum_ms = st.getColumn(2).getDouble();
    if (!st.isColumnNull(3)) cell->min_ms = st.getColumn(3).getDouble();
    if (!st.isColumnNull(4)) cell->max_ms = st.getColumn(4).getDouble();
    cell->sumsq_ms = st.getColumn(5).getDouble();
    const SQLite::Column hist = st.getColumn(6);
    auto decoded =
        LatencyHistogram::Decode(hist.getBlob(), static_cast<std::size_t>(hist.getBytes()));
    if (decoded) {
      cell->hist = *decoded;
    } else {
      // Keep counting on top of the damaged row rather than refusing every later batch.
      spdlog::warn("{} bucket {} target {}: {}; histogram restarted",
                   kRollupLevels[key.level].table, key.bucket_ms, key.target_row, decoded.error());
    }
  }
  st.reset();
  return cell;
}

void WriteConnection::UpsertRollup(const RollupKey& key, const RollupCell& cell) {
  SQLite::Statement& st = *upsert_rollup_[key.level];
  const std::string hist = cell.hist.Encode();
  st.bind(1, key.bucket_ms);
  st.bind(2, key.target_row);
  st.bind(3, static_cast<std::int64_t>(cell.count));
  st.bind(4, static_cast<std::int64_t>(cell.lost));
  st.bind(5, cell.sum_ms);
  BindOptional(st, 6, cell.min_ms);
  BindOptional(st, 7, cell.max_ms);
  st.bind(8, cell.sumsq_ms);
  st.bindNoCopy(9, hist.data(), static_cast<int>(hist.size()));
  st.exec();
  st.reset();
}

void WriteConnection::UpsertDrop(const DropRecord& d) {
  SQLite::Statement& st = upsert_drop_;
  st.bind(1, ToUnixMillis(d.start));
  if (d.end) {
    st.bind(2, ToUnixMillis(*d.end));
  } else {
    st.bind(2);
  }
  st.bind(3, std::isfinite(d.duration_sec) ? d.duration_sec : 0.0);
  st.bind(4, d.diagnosis.text);
  st.bind(5, std::string(DiagnosisCodeName(d.diagnosis.code)));
  st.bind(6, d.diagnosis.detail);
  st.bind(7, d.uplink);
  st.bind(8, d.failed_rounds);
  st.exec();
  st.reset();
}

void WriteConnection::UpsertUplinkMinute(const UplinkMinuteRecord& r) {
  const UplinkMinute& m = r.minute;
  const auto finite = [](std::optional<double> v) {
    return v && std::isfinite(*v) ? v : std::nullopt;
  };
  SQLite::Statement& st = upsert_uplink_minute_;
  st.bind(1, r.uplink);
  st.bind(2, BucketStart(m.start_ms, kMinuteMs));
  st.bind(3, static_cast<int>(m.state));
  st.bind(4, static_cast<std::int64_t>(m.samples));
  st.bind(5, static_cast<std::int64_t>(std::min(m.lost, m.samples)));
  st.bind(6, std::isfinite(m.sum_ms) ? m.sum_ms : 0.0);
  BindOptional(st, 7, finite(m.min_ms));
  BindOptional(st, 8, finite(m.max_ms));
  st.exec();
  st.reset();
}

RetentionStep WriteConnection::DeleteOldest(const char* table, const char* column,
                                            std::int64_t cutoff_ms, int limit) {
  const std::string t = table;
  const std::string c = column;
  SQLite::Statement boundary(*db_, "SELECT " + c + " FROM " + t + " WHERE " + c + " < ? ORDER BY " +
                                       c + " LIMIT 1 OFFSET ?");
  boundary.bind(1, cutoff_ms);
  boundary.bind(2, std::max(0, limit - 1));
  RetentionStep step;
  std::int64_t bound = cutoff_ms;
  std::string op = " < ?";
  if (boundary.executeStep()) {
    bound = boundary.getColumn(0).getInt64();
    op = " <= ?";
    step.more = true;
  }
  SQLite::Statement del(*db_, "DELETE FROM " + t + " WHERE " + c + op);
  del.bind(1, bound);
  step.deleted = del.exec();
  return step;
}

int WriteConnection::CloseInterruptedDrops() {
  SQLite::Transaction tx(*db_);
  SQLite::Statement open(
      *db_, "SELECT id, start_ms, duration_sec, detail FROM drops WHERE end_ms IS NULL");
  SQLite::Statement newest(*db_, "SELECT MAX(ts_ms) FROM samples WHERE ts_ms >= ?");
  SQLite::Statement close(*db_,
                          "UPDATE drops SET end_ms = ?, duration_sec = ?, detail = ? WHERE id = ?");
  int closed = 0;
  while (open.executeStep()) {
    const std::int64_t start = open.getColumn(1).getInt64();
    double reported = open.getColumn(2).getDouble();
    reported = reported >= 0 ? std::min(reported, 1e10) : 0.0;  // also NaN
    std::string detail = open.getColumn(3).getString();
    newest.bind(1, start);
    std::int64_t end = start + static_cast<std::int64_t>(reported * 1000.0);
    if (newest.executeStep() && !newest.isColumnNull(0)) {
      end = std::max(end, newest.getColumn(0).getInt64());
    }
    newest.reset();
    detail = detail.empty() ? kInterrupted : detail + "; " + kInterrupted;
    close.bind(1, end);
    close.bind(2, static_cast<double>(end - start) / 1000.0);
    close.bind(3, detail);
    close.bind(4, open.getColumn(0).getInt64());
    close.exec();
    close.reset();
    ++closed;
  }
  tx.commit();
  return closed;
}

}  // namespace ww
