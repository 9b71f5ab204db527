#!/usr/bin/env python3
"""Request cost of the analysis endpoints (/api/analysis/*) on a full database.

Starts the daemon (loopback-only config, in a private network namespace) once
to create the schema, stops it, inserts ROWS speed test results (one an hour,
ending now: 10,000 are 14 months) and 90 days of 1-hour and 5-minute rollups
for 3 probed targets plus one target last seen 85 days ago (its newest-buckets
read scans back through the whole rollup table: the worst case), restarts it
and times each request over one kept-alive connection: median and p95 wall
time seen by the client.

  sudo bench/analysis_api_bench.py BUILD_DIR [ROWS]
  (or WANWATCH_BIN=path/to/wanwatch instead of BUILD_DIR)
"""
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "integration"))
import harness  # noqa: E402
from api_timing import print_timing_table  # noqa: E402

REQUESTS = 50
HOUR_MS = 3_600_000
DAYS = 90
TARGETS = ("192.0.2.1", "192.0.2.2", "192.0.2.3")  # rows only: nothing is probed
GONE = "192.0.2.99"

PATHS = [
    "/api/analysis/anomalies",
    "/api/analysis/anomalies?limit=500&window=200&threshold=2.5",
    "/api/analysis/time-of-day?days=30",
    "/api/analysis/time-of-day?days=0",
    "/api/analysis/trends?months=6",
    "/api/analysis/trends?months=0",
    "/api/analysis/ping/anomalies",
    "/api/analysis/ping/anomalies?resolution=5m",
    "/api/analysis/ping/anomalies?target=%s&resolution=5m" % GONE,
    "/api/analysis/ping/time-of-day?days=90",
    "/api/analysis/ping/time-of-day?target=192.0.2.1&days=0",
]


def fill(db_path, rows):
    now_ms = int(time.time() * 1000) // HOUR_MS * HOUR_MS
    db = sqlite3.connect(db_path)
    db.executemany(
        "INSERT INTO speedtest_results (ts_ms, ok, engine, triggered_by, server_name, isp,"
        " server_location, download_mbps, upload_mbps, ping_ms, jitter_ms)"
        " VALUES (?, 1, 'librespeed', 'scheduled', '192.0.2.1', 'Example', 'Berlin, DE',"
        " ?, ?, ?, 2.1)",
        [(now_ms - (rows - i) * HOUR_MS, 200 + (i * 7) % 50, 35 + (i % 5), 15 + (i % 3))
         for i in range(rows)])
    ids = []
    for name in TARGETS + (GONE,):
        cur = db.execute("INSERT INTO targets (name, kind, role, connectivity, created_ms)"
                         " VALUES (?, 'icmp', 'external', 1, 0)", (name,))
        ids.append(cur.lastrowid)
    for table, width, start in (("rollup_1h", HOUR_MS, now_ms - DAYS * 24 * HOUR_MS),
                                ("rollup_5m", 300_000, now_ms - DAYS * 24 * HOUR_MS)):
        cells = []
        for t in range(start, now_ms, width):
            for k, target in enumerate(ids):
                if target == ids[-1] and t > start + 5 * 24 * HOUR_MS:
                    continue  # the gone target: only its first 5 days
                count = width // 1000
                lost = count // 100 if (t // width) % 17 == 0 else 0
                avg = 10.0 + k + ((t // width) % 7) * 0.3
                cells.append((t, target, count, lost, avg * (count - lost), avg - 2, avg + 9))
        db.executemany("INSERT INTO %s (bucket_ms, target_id, count, lost, sum_ms, min_ms, max_ms,"
                       " sumsq_ms, hist) VALUES (?, ?, ?, ?, ?, ?, ?, 0, x'')" % table, cells)
    db.commit()
    db.close()


def main():
    harness.enter_private_netns()
    args = sys.argv[1:]
    binary = os.environ.get("WANWATCH_BIN", "")
    if args and not args[0].isdigit():
        binary = os.path.join(args.pop(0), "src", "app", "wanwatch")
    rows = int(args[0]) if args else 10_000
    config = harness.loopback_config(targets=("127.0.0.1",), interval_ms=1000)
    d = harness.Daemon(binary, config).start()
    d.stop()
    fill(os.path.join(d.data_dir, "wanwatch.db"), rows)
    d = harness.Daemon(binary, config, data_dir=d.data_dir).start()
    try:
        print("%d results, %d days of rollups for %d targets; %d requests each" %
              (rows, DAYS, len(TARGETS) + 1, REQUESTS))
        print_timing_table(d.port, PATHS, REQUESTS, timeout=30)
    finally:
        d.stop()
        d.tmp.cleanup()


if __name__ == "__main__":
    main()
