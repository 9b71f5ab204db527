#!/usr/bin/env python3
"""Request cost of Hermes's speed test API on a full results table.

Starts the daemon (loopback-only config, in a private network namespace) once
to create the schema, stops it, inserts ROWS results (one a day would take 27
years to reach 10,000), restarts it and times each request over one kept-alive
connection: median and p95 wall time seen by the client.

  sudo bench/speedtest_api_bench.py BUILD_DIR [ROWS]
  (or WANWATCH_BIN=path/to/wanwatch instead of BUILD_DIR)
"""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "integration"))
import harness  # noqa: E402
from api_timing import print_timing_table  # noqa: E402

REQUESTS = 300


def paths(rows):
    last = (rows + 49) // 50  # the deepest OFFSET
    return ["/api/results/latest", "/api/results?page=1&page_size=50",
            "/api/results?page=1&page_size=500", "/api/results?page=%d&page_size=50" % last,
            "/api/config", "/api/trigger/status", "/api/health"]


def fill(db_path, rows):
    db = sqlite3.connect(db_path)
    start_ms = 1_800_000_000_000
    db.executemany(
        "INSERT INTO speedtest_results (ts_ms, ok, engine, triggered_by, server_url, server_name,"
        " isp, download_mbps, upload_mbps, download_line_mbps, upload_line_mbps, ping_ms,"
        " jitter_ms, packet_loss_pct, download_latency_ms, upload_latency_ms, bufferbloat_grade,"
        " bytes_downloaded, bytes_uploaded, streams, duration_seconds)"
        " VALUES (?, 1, 'librespeed', 'scheduled', 'http://192.0.2.1/', '192.0.2.1', 'Example',"
        " ?, 35.2, 262.1, 36.8, 15.3, 2.1, 0, 40.5, 60.2, 'B', 5000000000, 700000000, 4, 23.4)",
        [(start_ms + i * 3_600_000, 200 + i % 50) for i in range(rows)])
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
        print("%d results; %d requests each, one kept-alive connection" % (rows, REQUESTS))
        print_timing_table(d.port, paths(rows), REQUESTS, timeout=10)
    finally:
        d.stop()
        d.tmp.cleanup()


if __name__ == "__main__":
    main()
