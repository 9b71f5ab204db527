"""Hermes's analysis endpoints on the real daemon, black-box, in a private
network namespace that holds only loopback.

The daemon creates its database on a first start; the test then fills it with
sqlite3 (speed test results over the last months, hourly ping rollups of its
target with one bad hour), starts the daemon again on it, and checks
/api/analysis/anomalies, /time-of-day, /trends and the ping variants against
values this file computes independently with Python's statistics module, and
every parameter's 400.
"""
import datetime
import json
import os
import sqlite3
import statistics
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")
UTC = datetime.timezone.utc
HOUR_MS = 3_600_000
TARGET = "127.0.0.1"


def ms(t):
    return int(t.timestamp() * 1000)


def month_start(t, back):
    """First instant of the calendar month `back` months before t's."""
    n = t.year * 12 + t.month - 1 - back
    return datetime.datetime(n // 12, n % 12 + 1, 1, tzinfo=UTC)


def speed_rows(now):
    """(time, download, upload, ping) of the results the test stores."""
    rows = []
    # Trends: one result in each of the last 5 calendar months, download
    # falling 10 Mbit/s a month (400 → 360); plus one 8 months back (outside
    # months=6).
    for back in range(4, -1, -1):
        start = month_start(now, back)
        t = start + (now - start) / 2 if back == 0 else start + datetime.timedelta(days=3)
        rows.append((t, 360.0 + 10 * back, 40.0, 15.0 + back))
    rows.append((month_start(now, 8) + datetime.timedelta(days=1), 900.0, 90.0, 9.0))
    # Anomalies: 24 hourly results ending an hour ago, the last one a slump.
    for i in range(24):
        t = now - datetime.timedelta(hours=24 - i)
        download = 300.0 + (7 * i) % 11 - 5
        rows.append((t, 12.3 if i == 23 else download, 35.0 + (i % 3) * 0.5, 15.0 + (i % 4)))
    return sorted(rows)


def ping_buckets(now):
    """(bucket start, count, lost, sum_ms, min, max) of 12 closed hours; the
    newest of them is slow and lossy."""
    top = now.replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=2)
    out = []
    for i in range(12):
        start = top - datetime.timedelta(hours=11 - i)
        if i == 11:
            out.append((start, 3600, 360, 3240 * 45.0, 30.0, 90.0))
        else:
            avg = 10.0 + (i % 3) * 0.2
            out.append((start, 3600, 0, 3600 * avg, 9.0, 14.0))
    return out


def close(a, b):
    """Equal up to the last decimal's rounding (Python rounds halves to even,
    the daemon away from zero)."""
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        return abs(a - b) <= 0.0051
    return a == b


def expected_anomalies(rows, limit, window, threshold):
    """The SEMANTICS.md §3 rule, computed here independently."""
    out = []
    for i in range(len(rows) - 1, max(-1, len(rows) - 1 - limit), -1):
        flags = []
        for m, name in ((1, "download_mbps"), (2, "upload_mbps"), (3, "ping_ms")):
            base = [r[m] for r in rows[max(0, i - window):i]]
            if len(base) < 3 or statistics.stdev(base) == 0:
                continue
            mean, sd = statistics.fmean(base), statistics.stdev(base)
            z = (rows[i][m] - mean) / sd
            if abs(z) > threshold:
                flags.append({"metric": name, "value": round(rows[i][m], 2),
                              "baseline_mean": round(mean, 2), "baseline_stdev": round(sd, 2),
                              "z_score": round(z, 2)})
        out.append(flags)
    return out


class AnalysisTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        config = harness.loopback_config(targets=(TARGET,), interval_ms=500)
        cls.d = harness.Daemon(BIN, config)
        cls.d.start()  # creates and migrates the database
        cls.d.stop()
        cls.now = datetime.datetime.now(UTC)
        db = sqlite3.connect(os.path.join(cls.d.data_dir, "wanwatch.db"))
        with db:
            cls.speed = speed_rows(cls.now)
            for t, down, up, ping in cls.speed:
                db.execute(
                    "INSERT INTO speedtest_results (ts_ms, ok, engine, triggered_by, server_name,"
                    " server_location, isp, download_mbps, upload_mbps, ping_ms, jitter_ms)"
                    " VALUES (?, 1, 'librespeed', 'scheduled', 'speed.example', 'Berlin, DE',"
                    " 'Example ISP', ?, ?, ?, 1.5)", (ms(t), down, up, ping))
            # A failed test: no figures, never analysed.
            db.execute("INSERT INTO speedtest_results (ts_ms, ok, error) VALUES (?, 0, 'refused')",
                       (ms(cls.now - datetime.timedelta(minutes=30)),))
            row = db.execute("SELECT id FROM targets WHERE name = ?", (TARGET,)).fetchone()
            cls.buckets = ping_buckets(cls.now)
            for start, count, lost, total, lo, hi in cls.buckets:
                # hist: an empty blob; the analysis reads no histogram, and the
                # writer never reopens a bucket hours old.
                db.execute("INSERT INTO rollup_1h (bucket_ms, target_id, count, lost, sum_ms,"
                           " min_ms, max_ms, sumsq_ms, hist) VALUES (?, ?, ?, ?, ?, ?, ?, 0, x'')",
                           (ms(start), row[0], count, lost, total, lo, hi))
        db.close()
        cls.d.start()

    @classmethod
    def tearDownClass(cls):
        cls.d.stop()
        cls.d.tmp.cleanup()

    def get(self, path):
        status, _, body = self.d.request(path)
        return status, json.loads(body)

    def test_anomalies_match_an_independent_computation(self):
        status, rows = self.get("/api/analysis/anomalies?limit=24&window=20&threshold=2.5")
        self.assertEqual(status, 200, rows)
        self.assertEqual(len(rows), 24)
        flat = [(t, d, u, p) for t, d, u, p in self.speed]
        expected = expected_anomalies([(None, d, u, p) for _, d, u, p in flat], 24, 20, 2.5)
        got = [r["anomaly_flags"] for r in rows]
        self.assertTrue(close(got, expected), "%s\n!=\n%s" % (got, expected))
        self.assertEqual([r["is_anomaly"] for r in rows], [bool(f) for f in expected])
        newest = rows[0]
        self.assertTrue(newest["is_anomaly"])
        self.assertEqual(newest["download_mbps"], 12.3)
        self.assertLess(newest["anomaly_flags"][0]["z_score"], -2.5)  # a slump is negative
        for field in ("id", "timestamp", "upload_mbps", "ping_ms", "jitter_ms", "isp_name",
                      "server_name", "server_location"):
            self.assertIn(field, newest)
        self.assertEqual(newest["server_location"], "Berlin, DE")
        stamps = [r["timestamp"] for r in rows]
        self.assertEqual(stamps, sorted(stamps, reverse=True))  # newest first
        status, v1 = self.get("/api/v1/analysis/anomalies?limit=24&window=20&threshold=2.5")
        self.assertEqual((status, v1), (200, rows))
        status, default = self.get("/api/analysis/anomalies")
        self.assertEqual(len(default), len(self.speed))  # limit 50 > all successful results

    def test_time_of_day_groups_the_last_days_by_utc_hour(self):
        status, hours = self.get("/api/analysis/time-of-day?days=30")
        self.assertEqual(status, 200, hours)
        since = self.now - datetime.timedelta(days=30)
        groups = {}
        for t, d, u, p in self.speed:
            if t >= since:
                groups.setdefault(t.hour, []).append((d, u, p))
        self.assertEqual([h["hour"] for h in hours], sorted(groups))
        for h in hours:
            g = groups[h["hour"]]
            self.assertEqual(h["sample_count"], len(g))
            for field, k in (("avg_download_mbps", 0), ("avg_upload_mbps", 1), ("avg_ping_ms", 2)):
                self.assertAlmostEqual(h[field], statistics.fmean(x[k] for x in g), delta=0.0051)
            self.assertEqual(h["min_download_mbps"], min(x[0] for x in g))
            self.assertEqual(h["max_download_mbps"], max(x[0] for x in g))
        status, everything = self.get("/api/analysis/time-of-day?days=0")
        self.assertEqual(sum(h["sample_count"] for h in everything), len(self.speed))

    def test_trends_over_calendar_months(self):
        status, t = self.get("/api/analysis/trends?months=6")
        self.assertEqual(status, 200, t)
        months = {}
        since = month_start(self.now, 5)
        for when, d, u, p in self.speed:
            if when >= since:
                months.setdefault(when.strftime("%Y-%m"), []).append((d, u, p))
        self.assertEqual([m["month"] for m in t["monthly_stats"]], sorted(months))
        self.assertEqual(t["months_available"], len(months))
        xs, ys = [], []
        first = month_start(self.now, 4)
        for m in t["monthly_stats"]:
            g = months[m["month"]]
            self.assertEqual(m["sample_count"], len(g))
            self.assertEqual(m["avg_download_mbps"], round(statistics.fmean(x[0] for x in g), 2))
            y, mo = map(int, m["month"].split("-"))
            xs.append((y * 12 + mo - 1) - (first.year * 12 + first.month - 1))
            ys.append(statistics.fmean(x[0] for x in g))
        slope = statistics.linear_regression(xs, ys).slope
        self.assertAlmostEqual(t["download_slope"], slope, delta=0.00006)
        self.assertLess(t["download_slope"], 0)
        self.assertTrue(t["degradation_detected"])
        self.assertIn("download_mbps", t["degraded_metrics"])
        status, one = self.get("/api/analysis/trends?months=1")
        self.assertEqual(one["months_available"], 1)
        self.assertIsNone(one["download_slope"])
        self.assertFalse(one["degradation_detected"])
        status, all_time = self.get("/api/analysis/trends?months=0")
        self.assertEqual(all_time["months_available"], 6)

    def test_ping_anomalies_and_time_of_day_per_target(self):
        status, groups = self.get("/api/analysis/ping/anomalies?target=%s&limit=40&window=10"
                                  % TARGET)
        self.assertEqual(status, 200, groups)
        self.assertEqual(len(groups), 1)
        self.assertEqual((groups[0]["target"], groups[0]["resolution"]), (TARGET, "1h"))
        by_time = {b["timestamp"]: b for b in groups[0]["buckets"]}
        slow = self.buckets[-1][0].strftime("%Y-%m-%dT%H:%M:%S+00:00")
        self.assertIn(slow, by_time)
        bad = by_time[slow]
        self.assertEqual((bad["sample_count"], bad["lost"], bad["loss_pct"], bad["avg_latency_ms"]),
                         (3600, 360, 10.0, 45.0))
        latencies = [b[3] / (b[1] - b[2]) for b in self.buckets[:-1]][-10:]
        z = (45.0 - statistics.fmean(latencies)) / statistics.stdev(latencies)
        self.assertTrue(close(bad["anomaly_flags"][0],
                              {"metric": "avg_latency_ms", "value": 45.0,
                               "baseline_mean": statistics.fmean(latencies),
                               "baseline_stdev": statistics.stdev(latencies), "z_score": z}),
                        bad)
        # Loss was 0 in every baseline hour: stdev 0, not judged.
        self.assertEqual(len(bad["anomaly_flags"]), 1)

        status, tod = self.get("/api/analysis/ping/time-of-day?target=%s&days=2" % TARGET)
        self.assertEqual(status, 200, tod)
        hours = {h["hour"]: h for h in tod[0]["hours"]}
        start, count, lost, total, lo, hi = self.buckets[-1]
        h = hours[start.hour]
        self.assertGreaterEqual(h["sample_count"], count)
        self.assertEqual(h["max_latency_ms"], 90.0)
        status, every = self.get("/api/analysis/ping/time-of-day")
        self.assertEqual([g["target"] for g in every], [TARGET])

        status, missing = self.get("/api/analysis/ping/anomalies?target=192.0.2.1")
        self.assertEqual(status, 404)
        self.assertIn("192.0.2.1", missing["detail"])

    def test_every_bad_parameter_is_400_naming_it(self):
        cases = [("anomalies?limit=0", "limit"), ("anomalies?limit=501", "limit"),
                 ("anomalies?limit=ten", "limit"), ("anomalies?limit=", "limit"),
                 ("anomalies?window=2", "window"), ("anomalies?window=201", "window"),
                 ("anomalies?threshold=0.1", "threshold"), ("anomalies?threshold=10.01", "threshold"),
                 ("anomalies?threshold=1e1", "threshold"), ("anomalies?threshold=", "threshold"),
                 ("time-of-day?days=-1", "days"), ("time-of-day?days=3651", "days"),
                 ("time-of-day?days=1.5", "days"), ("trends?months=121", "months"),
                 ("trends?months=-2", "months"), ("trends?months=six", "months"),
                 ("ping/anomalies?window=1", "window"), ("ping/anomalies?resolution=1d", "resolution"),
                 ("ping/time-of-day?days=9999", "days")]
        for query, name in cases:
            status, headers, body = self.d.request("/api/analysis/" + query)
            self.assertEqual(status, 400, query)
            self.assertEqual(headers["content-type"], "application/json")
            self.assertIn("'%s'" % name, json.loads(body)["detail"], query)
        self.d.check_alive()


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
