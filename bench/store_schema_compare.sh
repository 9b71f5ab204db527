#!/bin/sh
# Compares the two layouts considered for the samples table with the sqlite3
# shell: PRIMARY KEY (ts_ms, target_id) WITHOUT ROWID versus a rowid table with
# an index on ts_ms. 24 h of 1 s samples for 4 targets (345,600 rows), inserted
# in time order in one transaction, then the History(1 s) scan.
# Usage: bench/store_schema_compare.sh   (needs the sqlite3 package)
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM

run() {  # $1 name, $2 table DDL
  db="$dir/$1.db"
  sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
$2
SQL
  echo "== $1"
  sqlite3 "$db" <<SQL
PRAGMA synchronous=NORMAL;
.timer on
INSERT INTO samples (ts_ms, target_id, ok, rtt_us, error, code)
  SELECT 1800000000000 + (value / 4) * 1000 + value % 4, 1 + value % 4, 1, 10000 + value % 977, 0, 0
  FROM generate_series(0, 345599);
SELECT count(*), sum(rtt_us) FROM samples
  WHERE ts_ms >= 1800000000000 AND ts_ms < 1800086400000 AND ok = 1 AND rtt_us IS NOT NULL
  AND target_id IN (1, 2, 3, 4);
.timer off
PRAGMA wal_checkpoint(TRUNCATE);
SQL
  echo "file bytes: $(stat -c %s "$db")"
}

run without_rowid "CREATE TABLE samples (ts_ms INTEGER NOT NULL, target_id INTEGER NOT NULL,
  ok INTEGER NOT NULL, rtt_us INTEGER, error INTEGER NOT NULL, code INTEGER NOT NULL,
  PRIMARY KEY (ts_ms, target_id)) WITHOUT ROWID;"
run rowid_plus_index "CREATE TABLE samples (ts_ms INTEGER NOT NULL, target_id INTEGER NOT NULL,
  ok INTEGER NOT NULL, rtt_us INTEGER, error INTEGER NOT NULL, code INTEGER NOT NULL);
  CREATE UNIQUE INDEX samples_ts ON samples (ts_ms, target_id);"
