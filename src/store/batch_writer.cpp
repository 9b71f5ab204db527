#include "store/batch_writer.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>

#include <limits>
#include <set>

#include "store/db_file.h"

namespace ww {
namespace {

struct RetentionTable {
  const char* table;
  const char* column;
  bool raw;  // raw_retention applies, else rollup_retention
};
constexpr RetentionTable kRetentionTables[] = {
    {"samples", "ts_ms", true},
    {"rollup_1m", "bucket_ms", false},
    {"rollup_5m", "bucket_ms", false},
    {"rollup_1h", "bucket_ms", false},
    {"uplink_minutes", "minute_ms", false},
};

}  // namespace

BatchWriter::BatchWriter(std::filesystem::path path, std::unique_ptr<SQLite::Database> db,
                         BatchTuning tuning)
    : path_(std::move(path)), tuning_(tuning) {
  if (db) conn_ = std::make_unique<WriteConnection>(std::move(db));
  newest_ms_ = std::numeric_limits<std::int64_t>::min() / 2;
}

void BatchWriter::EnsureConnected() {
  if (conn_) return;
  auto opened = Reopen(path_);
  if (!opened) throw SQLite::Exception(opened.error());
  conn_ = std::make_unique<WriteConnection>(std::move(opened.value().db));
  spdlog::info("database {}: reconnected", path_.string());
}

Status BatchWriter::Fail(const char* what, const std::exception& e) {
  conn_.reset();  // statements and connection are rebuilt on the next attempt
  return Status::Error("database " + path_.string() + ": " + what + ": " + e.what());
}

Status BatchWriter::ValidateTargets(const std::vector<TargetSpec>& targets) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (targets[i].name.empty()) {
      return Status::Error("target " + std::to_string(i) + ": empty name");
    }
    if (!names.insert(targets[i].name).second) {
      return Status::Error("target '" + targets[i].name + "' appears twice");
    }
  }
  return Status::Ok();
}

Status BatchWriter::RegisterTargets(const std::vector<TargetSpec>& targets, std::int64_t now_ms) {
  if (Status s = ValidateTargets(targets); !s) return s;
  pending_targets_ = targets;
  targets_pending_ = true;
  try {
    RegisterPending(now_ms);
    return Status::Ok();
  } catch (const std::exception& e) {
    return Fail("registering targets", e);
  }
}

void BatchWriter::RegisterPending(std::int64_t now_ms) {
  if (!targets_pending_) return;
  EnsureConnected();
  rows_ = conn_->UpsertTargets(pending_targets_, now_ms);
  targets_pending_ = false;
}

Status BatchWriter::Commit(const std::vector<Sample>& samples, const std::vector<DropRecord>& drops,
                           const std::vector<UplinkMinuteRecord>& minutes) {
  try {
    if (targets_pending_ && !samples.empty()) {
      RegisterPending(ToUnixMillis(samples.front().sent_at));
    }
    EnsureConnected();
    SQLite::Transaction tx(conn_->db());
    std::vector<RollupInput> inputs;
    inputs.reserve(samples.size());
    std::uint64_t unknown = 0, duplicates = 0;
    std::int64_t newest = newest_ms_;
    for (const Sample& s : samples) {
      if (s.target >= rows_.size()) {
        ++unknown;
        continue;
      }
      const std::int64_t row = rows_[s.target];
      if (!conn_->InsertSample(s, row)) {
        ++duplicates;
        continue;
      }
      const std::int64_t ts = ToUnixMillis(s.sent_at);
      inputs.push_back({ts, row, s.ok, s.rtt_ms});
      newest = std::max(newest, ts);
    }
    RollupBook::Cells staged =
        book_.Stage(inputs, [this](const RollupKey& key) { return conn_->LoadRollup(key); });
    for (const auto& [key, cell] : staged) conn_->UpsertRollup(key, cell);
    for (const DropRecord& d : drops) conn_->UpsertDrop(d);
    for (const UplinkMinuteRecord& m : minutes) conn_->UpsertUplinkMinute(m);
    tx.commit();

    book_.Install(std::move(staged));
    newest_ms_ = newest;
    book_.EvictClosed(newest_ms_, tuning_.rollup_grace_ms);
    if (unknown > 0 && stats_.unknown_target == 0) {
      spdlog::warn("database {}: samples for unregistered targets are discarded", path_.string());
    }
    stats_.unknown_target += unknown;
    stats_.duplicates += duplicates;
    stats_.samples_written += inputs.size();
    return Status::Ok();
  } catch (const std::exception& e) {
    return Fail("write failed", e);
  }
}

Result<int> BatchWriter::CloseInterruptedDrops() {
  try {
    EnsureConnected();
    return conn_->CloseInterruptedDrops();
  } catch (const std::exception& e) {
    return Fail("closing interrupted drops", e);
  }
}

Result<bool> BatchWriter::RetentionSlice(std::int64_t raw_cutoff_ms,
                                         std::int64_t rollup_cutoff_ms) {
  try {
    EnsureConnected();
    for (int n = 0; n < tuning_.retention_statements_per_slice; ++n) {
      if (retention_table_ >= std::size(kRetentionTables)) break;
      const RetentionTable& t = kRetentionTables[retention_table_];
      const RetentionStep step =
          conn_->DeleteOldest(t.table, t.column, t.raw ? raw_cutoff_ms : rollup_cutoff_ms,
                              tuning_.retention_rows_per_statement);
      if (!step.more) ++retention_table_;
    }
    if (retention_table_ < std::size(kRetentionTables)) return true;
    retention_table_ = 0;
    return false;
  } catch (const std::exception& e) {
    return Fail("retention failed", e);
  }
}

}  // namespace ww
