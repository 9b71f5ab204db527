// Schema of wanwatch.db. Times are Unix milliseconds (UTC), latencies
// milliseconds unless the column says otherwise.
//
//  meta       key/value settings (key PRIMARY KEY).
//  targets    id, name UNIQUE (the stable identity across restarts and config
//             edits), kind ('icmp'...), role ('external'|'gateway'),
//             connectivity (1 = counts toward drop detection), created_ms.
//  samples    one row per probe: ts_ms (sent), target_id, ok, rtt_us (NULL
//             when no timing), error (ProbeError value), code (rcode, HTTP
//             status, ICMP type*256+code). PRIMARY KEY (ts_ms, target_id)
//             WITHOUT ROWID: half the size of a rowid table plus a ts index,
//             equally fast to append and to scan by time (bench/RESULTS.md).
//  rollup_1m, rollup_5m, rollup_1h
//             bucket_ms (start), target_id, count (probes), lost (failed),
//             sum_ms, min_ms, max_ms (NULL when nothing succeeded), sumsq_ms
//             (all over successful probes), hist (LatencyHistogram blob).
//             PRIMARY KEY (bucket_ms, target_id) WITHOUT ROWID.
//  drops      id, start_ms (first failed round), end_ms (NULL while ongoing),
//             duration_sec, diagnosis (text), diagnosis_code ('upstream'...),
//             detail, uplink ('' = default), failed_rounds;
//             UNIQUE (start_ms, uplink): the engine reports a drop twice.
//  uplink_minutes
//             isp-status minute history: uplink (UplinkSpec::name, '' = the
//             implicit uplink), minute_ms (start), state (worst of the minute:
//             0 DOWN, 1 DEGRADED, 2 UP), samples, lost, sum_ms (answered
//             probes), min_ms, max_ms (NULL when none answered).
//             PRIMARY KEY (uplink, minute_ms) WITHOUT ROWID: a range of one
//             uplink is one contiguous read. Index on minute_ms for retention
//             and the newest minute of any uplink (/api/health freshness).
//  speedtest_results
//             one row per speed test (speedtest/speedtest_result.h): id, ts_ms
//             (start), ok, error, engine, triggered_by ('scheduled'|'manual'|
//             'cli'), attempt, the server and client texts ('' = unknown), the
//             figures (NULL when not measured: a failed test has no speeds),
//             byte counts, streams, duration_seconds. Index on ts_ms (newest
//             first pages). Kept without retention: a row a hour is 9k a year.
//  settings   key/value set at run time through the API (PUT /api/config),
//             updated_ms; they override the config file's start values.
//  outage_events
//             Hermes outage events (engine/outage_detector.h): event_type
//             outage_start|outage_end, event_kind connectivity_lost|_restored,
//             duration_seconds (end only), outage_start_ms (end: its start),
//             probe_results (JSON object string "host:port" -> bool), the
//             uplink and diagnosis seen at the time, and the optional
//             enrichment (NULL when its source is not configured);
//             probe_details (step 6): [{target, ok, rtt_ms, error}].
//  alert_log  one row per alert delivery per provider (src/notify): kind,
//             phase (start|end|change|test), ok, attempts, HTTP status, error.
//
// Adding a table or column: append one string to kMigrations. Never edit a
// step that has shipped; databases in the field have already run it.

#include "store/schema.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

namespace ww {
namespace {

constexpr const char* kMigrations[] = {
    // 1: targets, raw samples, drops, settings.
    R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE targets (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, role TEXT NOT NULL,
  connectivity INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL);
CREATE TABLE samples (
  ts_ms INTEGER NOT NULL, target_id INTEGER NOT NULL, ok INTEGER NOT NULL, rtt_us INTEGER,
  error INTEGER NOT NULL DEFAULT 0, code INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (ts_ms, target_id)) WITHOUT ROWID;
CREATE TABLE drops (
  id INTEGER PRIMARY KEY, start_ms INTEGER NOT NULL, end_ms INTEGER,
  duration_sec REAL NOT NULL DEFAULT 0, diagnosis TEXT NOT NULL DEFAULT '',
  diagnosis_code TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '',
  uplink TEXT NOT NULL DEFAULT '', failed_rounds INTEGER NOT NULL DEFAULT 0,
  UNIQUE (start_ms, uplink));
)sql",
    // 2: rollups with latency histograms.
    R"sql(
CREATE TABLE rollup_1m (
  bucket_ms INTEGER NOT NULL, target_id INTEGER NOT NULL, count INTEGER NOT NULL,
  lost INTEGER NOT NULL, sum_ms REAL NOT NULL, min_ms REAL, max_ms REAL, sumsq_ms REAL NOT NULL,
  hist BLOB NOT NULL, PRIMARY KEY (bucket_ms, target_id)) WITHOUT ROWID;
CREATE TABLE rollup_5m (
  bucket_ms INTEGER NOT NULL, target_id INTEGER NOT NULL, count INTEGER NOT NULL,
  lost INTEGER NOT NULL, sum_ms REAL NOT NULL, min_ms REAL, max_ms REAL, sumsq_ms REAL NOT NULL,
  hist BLOB NOT NULL, PRIMARY KEY (bucket_ms, target_id)) WITHOUT ROWID;
CREATE TABLE rollup_1h (
  bucket_ms INTEGER NOT NULL, target_id INTEGER NOT NULL, count INTEGER NOT NULL,
  lost INTEGER NOT NULL, sum_ms REAL NOT NULL, min_ms REAL, max_ms REAL, sumsq_ms REAL NOT NULL,
  hist BLOB NOT NULL, PRIMARY KEY (bucket_ms, target_id)) WITHOUT ROWID;
)sql",
    // 3: isp-status per-uplink minutes.
    R"sql(
CREATE TABLE uplink_minutes (
  uplink TEXT NOT NULL, minute_ms INTEGER NOT NULL, state INTEGER NOT NULL,
  samples INTEGER NOT NULL DEFAULT 0, lost INTEGER NOT NULL DEFAULT 0,
  sum_ms REAL NOT NULL DEFAULT 0, min_ms REAL, max_ms REAL,
  PRIMARY KEY (uplink, minute_ms)) WITHOUT ROWID;
CREATE INDEX uplink_minutes_by_minute ON uplink_minutes (minute_ms);
)sql",
    // 4: speed test results and the settings changed through the API.
    R"sql(
CREATE TABLE speedtest_results (
  id INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, ok INTEGER NOT NULL,
  error TEXT NOT NULL DEFAULT '', engine TEXT NOT NULL DEFAULT '',
  triggered_by TEXT NOT NULL DEFAULT '', attempt INTEGER NOT NULL DEFAULT 1,
  server_url TEXT NOT NULL DEFAULT '', server_name TEXT NOT NULL DEFAULT '',
  server_location TEXT NOT NULL DEFAULT '', server_id TEXT NOT NULL DEFAULT '',
  isp TEXT NOT NULL DEFAULT '', client_ip TEXT NOT NULL DEFAULT '',
  download_mbps REAL, upload_mbps REAL, download_line_mbps REAL, upload_line_mbps REAL,
  ping_ms REAL, jitter_ms REAL, packet_loss_pct REAL,
  download_latency_ms REAL, upload_latency_ms REAL,
  bufferbloat_grade TEXT NOT NULL DEFAULT '',
  bytes_downloaded INTEGER NOT NULL DEFAULT 0, bytes_uploaded INTEGER NOT NULL DEFAULT 0,
  streams INTEGER NOT NULL DEFAULT 0, duration_seconds REAL NOT NULL DEFAULT 0);
CREATE INDEX speedtest_results_by_time ON speedtest_results (ts_ms);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_ms INTEGER NOT NULL)
  WITHOUT ROWID;
)sql",
    // 5: Hermes outage events and the alert log.
    R"sql(
CREATE TABLE outage_events (
  id INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, event_type TEXT NOT NULL,
  event_kind TEXT NOT NULL DEFAULT '', duration_seconds REAL, outage_start_ms INTEGER,
  probe_results TEXT NOT NULL DEFAULT '{}', uplink TEXT NOT NULL DEFAULT '',
  diagnosis TEXT NOT NULL DEFAULT '', diagnosis_code TEXT NOT NULL DEFAULT '',
  isp_name TEXT, asn TEXT, bgp_unstable INTEGER, cloudflare_outage_desc TEXT);
CREATE INDEX outage_events_by_time ON outage_events (ts_ms);
CREATE TABLE alert_log (
  id INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, kind TEXT NOT NULL, phase TEXT NOT NULL,
  provider TEXT NOT NULL, ok INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 1,
  http_status INTEGER, error TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '');
CREATE INDEX alert_log_by_time ON alert_log (ts_ms);
)sql",
    // 6: per-probe evidence of an outage event (ok, rtt_ms, error as a JSON array).
    R"sql(
ALTER TABLE outage_events ADD COLUMN probe_details TEXT NOT NULL DEFAULT '[]';
)sql",
};

constexpr int kBusyTimeoutMs = 5000;

}  // namespace

std::span<const char* const> SchemaMigrations() { return kMigrations; }
std::int64_t LatestSchemaVersion() { return static_cast<std::int64_t>(std::size(kMigrations)); }

Result<std::int64_t> Migrate(SQLite::Database& db, std::span<const char* const> steps) {
  const auto latest = static_cast<std::int64_t>(steps.size());
  std::int64_t version = 0;
  try {
    version = db.execAndGet("PRAGMA user_version").getInt64();
  } catch (const SQLite::Exception& e) {
    return Result<std::int64_t>::Error("database " + db.getFilename() +
                                       ": cannot read schema version: " + e.what());
  }
  if (version > latest) {
    return Result<std::int64_t>::Error(
        "database " + db.getFilename() + ": schema version " + std::to_string(version) +
        " is newer than this build supports (" + std::to_string(latest) + ")");
  }
  for (; version < latest; ++version) {
    try {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      db.exec(steps[static_cast<std::size_t>(version)]);
      db.exec("PRAGMA user_version = " + std::to_string(version + 1));
      tx.commit();
    } catch (const SQLite::Exception& e) {
      return Result<std::int64_t>::Error("database " + db.getFilename() +
                                         ": migration to version " + std::to_string(version + 1) +
                                         " failed: " + e.what());
    }
  }
  return version;
}

Status ConfigureWriteConnection(SQLite::Database& db) {
  try {
    db.setBusyTimeout(kBusyTimeoutMs);
    const std::string mode = db.execAndGet("PRAGMA journal_mode = WAL").getString();
    if (mode != "wal") {
      return Status::Error("database " + db.getFilename() + ": cannot enable WAL (journal_mode " +
                           mode + ")");
    }
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA temp_store = MEMORY");
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return Status::Error("database " + db.getFilename() + ": " + e.what());
  }
}

Status ConfigureReadConnection(SQLite::Database& db) {
  try {
    db.setBusyTimeout(kBusyTimeoutMs);
    db.exec("PRAGMA query_only = 1");
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return Status::Error("database " + db.getFilename() + ": " + e.what());
  }
}

}  // namespace ww
