"""Hermes's speed test API on the real daemon, black-box, in a private network
namespace that holds only loopback.

The daemon measures against its own test point ([speedtest_server] enabled on
its web port, [speedtest] servers = that port), with an API key set:
no results → 404s; POST /api/trigger without the key → 401, with it →
started, again → already_running; /api/trigger/status polled (deadline) until
the test ends; /api/results/latest has real numbers; pagination and its
400/404s; PUT /api/config validation (400s name the field, nothing changes)
and a valid change that survives a restart; /api/health's Hermes fields; the
results CSV with Hermes's columns first, listed by /logs. POST and PUT count
against the key's rate limit (429 with Retry-After), GETs do not.

A second daemon measures against a closed port: a failed result with its
error and null speeds, then the one retry (attempt 2), both stored.
"""
import csv
import io
import json
import os
import socket
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")
KEY = "it-key-0123456789abcdef0123456789abcdef"
HERMES_CSV_COLUMNS = ["timestamp", "download_mbps", "upload_mbps", "ping_ms", "jitter_ms",
                      "isp_name", "server_name", "server_location", "server_id"]


def speedtest_config(server_url, extra=""):
    return harness.loopback_config(targets=("127.0.0.1",), extra="""
[speedtest]
servers = ["%s"]
protocol = "librespeed"
streams = 2
duration_seconds = 2
warmup_ms = 500
%s
""" % (server_url, extra))


def own_test_point_config(port):
    """The daemon measures against the test point on its own web port."""
    return speedtest_config("http://127.0.0.1:%d/" % port, "[speedtest_server]\nenabled = true\n")


def start_daemon(config_for_port, data_dir=None):
    """A daemon whose config may name its own web port (the test point)."""
    env = dict(os.environ, API_KEY=KEY)
    d = harness.Daemon(BIN, "", env=env, data_dir=data_dir)
    with open(d.config_path, "w") as f:
        f.write(config_for_port(d.port))
    return d.start()


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when this returns: connections are refused


class Client:
    def __init__(self, daemon):
        self.d = daemon

    def call(self, method, path, body=None, key=KEY):
        headers = {"Content-Type": "application/json"}
        if key:
            headers["X-Api-Key"] = key
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        status, _, raw = self.d.request(path, method, data, headers, timeout=10)
        return status, json.loads(raw) if raw else None

    def wait_not_running(self, timeout):
        return harness.wait_until(
            lambda: self.call("GET", "/api/trigger/status")[1]["running"] is False, timeout,
            "the speed test to end", check=self.d.check_alive, interval=0.5)


class SpeedtestApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = start_daemon(own_test_point_config)
        cls.c = Client(cls.d)

    @classmethod
    def tearDownClass(cls):
        cls.d.stop()
        cls.d.tmp.cleanup()

    def test_1_nothing_measured_yet(self):
        for path in ("/api/results", "/api/results/latest", "/api/v1/results"):
            status, body = self.c.call("GET", path)
            self.assertEqual(status, 404, path)
            self.assertEqual(body, {"detail": "No results available"})
        status, body = self.c.call("GET", "/api/config")
        self.assertEqual(status, 200)
        self.assertEqual(body["interval_minutes"], 60)
        self.assertEqual(body["speedtest_interval_minutes"], 60)
        self.assertEqual(body["servers"], ["http://127.0.0.1:%d/" % self.d.port])
        self.assertIsNotNone(body["next_run"], "scanning: the first test one interval after start")
        health = self.c.call("GET", "/api/health")[1]
        self.assertIs(health["scheduler_running"], True)
        self.assertIsNone(health["last_test_timestamp"])
        self.assertIsNotNone(health["next_run"])
        status = self.c.call("GET", "/api/trigger/status")[1]
        self.assertEqual((status["is_running"], status["running"]), (False, False))

    def test_2_trigger_measures_and_stores_a_result(self):
        self.assertEqual(self.c.call("POST", "/api/trigger", key=None)[0], 401)
        self.assertEqual(self.c.call("POST", "/api/trigger", key="wrong" * 8)[0], 401)
        self.assertEqual(self.c.call("POST", "/api/trigger"), (200, {"status": "started"}))
        self.assertEqual(self.c.call("POST", "/api/trigger"), (200, {"status": "already_running"}))
        status = self.c.call("GET", "/api/trigger/status")[1]
        self.assertIs(status["is_running"], True)
        self.assertEqual(status["trigger"], "manual")
        self.c.wait_not_running(60)

        status, latest = self.c.call("GET", "/api/results/latest")
        self.assertEqual(status, 200)
        self.assertEqual(latest["status"], "ok", latest)
        self.assertEqual(latest["trigger"], "manual")
        self.assertEqual(latest["attempt"], 1)
        self.assertGreater(latest["download_mbps"], 1)
        self.assertGreater(latest["upload_mbps"], 1)
        self.assertIsNotNone(latest["ping_ms"])
        self.assertGreater(latest["bytes_downloaded"], 0)
        self.assertEqual(latest["streams"], 2)

        status, page = self.c.call("GET", "/api/results?page=1&page_size=1")
        self.assertEqual(status, 200)
        self.assertEqual(page["results"], [latest])
        self.assertEqual(page["pagination"], {"page": 1, "page_size": 1, "total": 1,
                                              "total_pages": 1})
        self.assertEqual((page["source"], page["total"], page["page"], page["page_size"]),
                         ("sqlite", 1, 1, 1))
        self.assertEqual(self.c.call("GET", "/api/results?page=2&page_size=1")[0], 404)
        for query, name in (("page=0", "'page'"), ("page=x", "'page'"),
                            ("page_size=501", "'page_size'"), ("page_size=0", "'page_size'")):
            status, body = self.c.call("GET", "/api/results?" + query)
            self.assertEqual(status, 400, query)
            self.assertIn(name, body["detail"])

        health = self.c.call("GET", "/api/health")[1]
        self.assertIsNotNone(health["last_test_timestamp"])
        self.assertIsNotNone(health["last_run"])

        csv_path = os.path.join(self.d.data_dir, "logs", "speedtest_results.csv")
        with open(csv_path, newline="") as f:
            rows = list(csv.reader(f))
        self.assertEqual(rows[0][:9], HERMES_CSV_COLUMNS)
        self.assertEqual(len(rows), 2)
        row = dict(zip(rows[0], rows[1]))
        self.assertAlmostEqual(float(row["download_mbps"]), latest["download_mbps"], places=1)
        self.assertEqual(row["trigger"], "manual")
        listing = self.d.request("/logs")[2].decode()
        self.assertIn("speedtest_results.csv", listing)
        served = self.d.request("/logs/speedtest_results.csv")[2].decode()
        self.assertEqual(next(csv.reader(io.StringIO(served)))[:9], HERMES_CSV_COLUMNS)

    def test_3_put_config_validates_and_survives_a_restart(self):
        self.assertEqual(self.c.call("PUT", "/api/config", {"interval_minutes": 30}, key=None)[0],
                         401)
        bad = [({"interval_minutes": 4}, "interval_minutes"),
               ({"speedtest_interval_minutes": 2000}, "speedtest_interval_minutes"),
               ({"interval_minutes": "30"}, "interval_minutes"),
               ({"enabled_exporters": ["csv", "graphite"]}, "enabled_exporters"),
               ({"enabled_exporters": "csv"}, "enabled_exporters"),
               ({"scanning_enabled": "no"}, "scanning_enabled"),
               ({"interval_minutes": 30, "colour": "red"}, "colour"),
               ([30], "JSON object"),
               (b"{not json", "JSON")]
        for body, field in bad:
            status, answer = self.c.call("PUT", "/api/config", body)
            self.assertEqual(status, 400, body)
            self.assertIn(field, answer["detail"], body)
        self.assertEqual(self.c.call("GET", "/api/config")[1]["interval_minutes"], 60,
                         "nothing changed by a rejected PUT")

        status, body = self.c.call("PUT", "/api/config", {
            "speedtest_interval_minutes": 30, "enabled_exporters": ["csv", "sqlite", "loki"],
            "scanning_enabled": False})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["interval_minutes"], 30)
        self.assertEqual(body["speedtest_interval_minutes"], 30)
        self.assertEqual(body["enabled_exporters"], ["csv", "sqlite", "loki"])
        self.assertIs(body["scanning_enabled"], False)
        self.assertIsNone(body["next_run"])
        self.assertIs(self.c.call("GET", "/api/health")[1]["scheduler_running"], False)

        # Killed, not stopped: the stored settings must not depend on a clean shutdown.
        self.d.stop(sig=9)
        again = start_daemon(own_test_point_config, data_dir=self.d.data_dir)
        try:
            c = Client(again)
            body = c.call("GET", "/api/config")[1]
            self.assertEqual((body["interval_minutes"], body["speedtest_interval_minutes"],
                              body["scanning_enabled"], body["enabled_exporters"]),
                             (30, 30, False, ["csv", "sqlite", "loki"]))
            self.assertEqual(c.call("GET", "/api/results")[1]["total"], 1)
            self.assertIs(c.call("GET", "/api/health")[1]["scheduler_running"], False)
            status, body = c.call("PUT", "/api/config", {"interval_minutes": 45,
                                                         "scanning_enabled": True})
            self.assertEqual((status, body["speedtest_interval_minutes"]), (200, 45))
        finally:
            again.stop()
            again.tmp.cleanup()


class RateLimitTest(unittest.TestCase):
    def test_trigger_and_put_count_against_the_key_reads_do_not(self):
        env = dict(os.environ, API_KEY=KEY, RATE_LIMIT_PER_MINUTE="3")
        d = harness.Daemon(BIN, "", env=env)
        with open(d.config_path, "w") as f:
            f.write(own_test_point_config(d.port))
        d.start()
        try:
            c = Client(d)
            self.assertEqual(c.call("POST", "/api/trigger"), (200, {"status": "started"}))
            self.assertEqual(c.call("POST", "/api/trigger")[0], 200)
            self.assertEqual(c.call("PUT", "/api/config", {"scanning_enabled": True})[0], 200)
            for _ in range(5):
                self.assertEqual(c.call("GET", "/api/trigger/status")[0], 200)
            status, headers, _ = d.request("/api/trigger", "POST", None, {"X-Api-Key": KEY})
            self.assertEqual(status, 429)
            self.assertGreater(int(headers["retry-after"]), 0)
        finally:
            d.stop()
            d.tmp.cleanup()


class FailingServerTest(unittest.TestCase):
    def test_a_failed_test_is_stored_as_failed_and_retried_once(self):
        port = closed_port()
        d = start_daemon(lambda _: speedtest_config("http://127.0.0.1:%d/" % port))
        try:
            c = Client(d)
            self.assertEqual(c.call("POST", "/api/trigger"), (200, {"status": "started"}))
            # The retry waits 30 s after the first failure.
            harness.wait_until(lambda: c.call("GET", "/api/results")[1]["total"] == 2
                               if c.call("GET", "/api/results")[0] == 200 else False, 90,
                               "two failed results", check=d.check_alive, interval=0.5)
            c.wait_not_running(30)
            results = c.call("GET", "/api/results")[1]["results"]
            self.assertEqual([r["attempt"] for r in results], [2, 1])
            for r in results:
                self.assertEqual(r["status"], "failed")
                self.assertTrue(r["error"])
                self.assertEqual(r["trigger"], "manual")
                for field in ("download_mbps", "upload_mbps", "ping_ms", "jitter_ms"):
                    self.assertIsNone(r[field], field)
            latest = c.call("GET", "/api/results/latest")[1]
            self.assertEqual(latest["attempt"], 2)
            with open(os.path.join(d.data_dir, "logs", "speedtest_results.csv")) as f:
                rows = list(csv.DictReader(f))
            self.assertEqual([r["status"] for r in rows], ["failed", "failed"])
            self.assertEqual([r["download_mbps"] for r in rows], ["", ""], "never zeros")
        finally:
            d.stop()
            d.tmp.cleanup()


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
