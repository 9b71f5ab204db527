"""The Connectivity Monitor API of the real daemon, black-box, on loopback
targets inside a private network namespace."""
import datetime
import json
import re
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")
SECURITY_HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "cross-origin-resource-policy": "same-origin",
    "referrer-policy": "strict-origin-when-cross-origin",
}


def parse_iso(text):
    return datetime.datetime.fromisoformat(text)


class ApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = harness.Daemon(BIN, harness.loopback_config()).start()
        harness.wait_until(lambda: cls.daemon.get_json("/api/status")["total_pings"] >= 30, 30,
                           "30 probes", check=cls.daemon.check_alive)

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def get(self, path):
        status, headers, body = self.daemon.request(path)
        self.assertEqual(status, 200, body)
        self.assertTrue(headers["content-type"].startswith("application/json"))
        return json.loads(body)

    def assert_error(self, path, status, method="GET"):
        code, headers, body = self.daemon.request(path, method=method)
        self.assertEqual(code, status, body)
        self.assertTrue(headers["content-type"].startswith("application/json"))
        self.assertIsInstance(json.loads(body)["detail"], str)
        for name, value in SECURITY_HEADERS.items():
            self.assertEqual(headers.get(name), value, name)
        return headers

    def test_status_has_every_seed_field_with_its_type(self):
        s = self.get("/api/status")
        numbers = ["uptime_pct", "packet_loss_pct", "avg_latency", "min_latency", "max_latency",
                   "jitter", "total_pings"]
        for key in numbers:
            self.assertIsInstance(s[key], (int, float), key)
            self.assertNotIsInstance(s[key], bool, key)
        self.assertIsInstance(s["health_score"], int)
        self.assertTrue(0 <= s["health_score"] <= 100)
        self.assertIn(s["health_grade"], ["A+", "A", "B", "C", "D", "F"])
        self.assertIn(s["trend"], ["improving", "stable", "degrading"])
        self.assertEqual(s["diagnosis"], "All clear")
        self.assertEqual(s["diagnosis_code"], "all_clear")
        self.assertEqual(s["packet_loss_pct"], 0)
        self.assertEqual(s["uptime_pct"], 100)
        self.assertLess(s["avg_latency"], 5)
        self.assertGreater(s["max_latency"], 0)

    def test_status_keeps_the_originals_aliases(self):
        s = self.get("/api/status")
        for key in ["uptime", "loss", "p95", "p99", "total_success", "drops_count", "baseline",
                    "is_down", "public_ip", "isp", "session_start", "session_duration"]:
            self.assertIn(key, s)
        self.assertIs(s["is_down"], False)
        self.assertEqual(s["uptime"], s["uptime_pct"])
        self.assertEqual(s["loss"], s["packet_loss_pct"])
        parse_iso(s["session_start"])

    def test_every_endpoint_answers_under_v1_too(self):
        for name in ["status", "history", "drops", "targets", "heatmap"]:
            plain = self.get("/api/" + name)
            v1 = self.get("/api/v1/" + name)
            self.assertEqual(type(plain), type(v1), name)
            if isinstance(plain, dict):
                self.assertEqual(set(plain), set(v1), name)

    def test_history_arrays_line_up_and_gateway_is_null_without_gateway(self):
        h = self.get("/api/history?minutes=5")
        self.assertGreater(len(h["timestamps"]), 0)
        self.assertEqual(len(h["timestamps"]), len(h["latencies"]))
        self.assertEqual(len(h["timestamps"]), len(h["gateway_latencies"]))
        times = [parse_iso(t) for t in h["timestamps"]]
        self.assertEqual(times, sorted(times))
        self.assertTrue(all(t.utcoffset() == datetime.timedelta(0) for t in times))
        self.assertTrue(any(isinstance(v, (int, float)) for v in h["latencies"]))
        self.assertTrue(all(v is None for v in h["gateway_latencies"]))

    def test_history_rejects_bad_parameters(self):
        for query in ["minutes=0", "minutes=abc", "minutes=10081", "step=0", "minutes=-5"]:
            self.assert_error("/api/history?" + query, 400)

    def test_targets_lists_each_target(self):
        targets = self.get("/api/targets")
        self.assertIsInstance(targets, list)
        by_target = {t["target"]: t for t in targets}
        for address in ["127.0.0.1", "127.0.0.2", "127.0.0.3"]:
            t = by_target[address]
            self.assertEqual(t["loss_pct"], 0)
            for key in ["avg_ms", "min_ms", "max_ms"]:
                self.assertIsInstance(t[key], (int, float))
            self.assertGreaterEqual(t["total_pings"], 10)

    def test_heatmap_has_all_24_hours_and_the_current_one_filled(self):
        hours = self.get("/api/heatmap")["hours"]
        self.assertEqual(set(hours), {str(h) for h in range(24)})
        now_hour = str(datetime.datetime.now(datetime.timezone.utc).hour)
        harness.wait_until(lambda: self.get("/api/heatmap")["hours"][now_hour] is not None, 10,
                           "the current hour in the heatmap")

    def test_drops_is_an_empty_list_on_a_healthy_line(self):
        self.assertEqual(self.get("/api/drops"), [])
        self.assert_error("/api/drops?limit=0", 400)

    def test_unknown_path_is_404_json_with_security_headers(self):
        self.assert_error("/api/nope", 404)
        self.assert_error("/nothing/here", 404)

    def test_wrong_method_is_405_with_allow(self):
        headers = self.assert_error("/api/status", 405, method="POST")
        self.assertIn("GET", headers["allow"])

    def test_front_page_is_the_embedded_dashboard_with_a_csp(self):
        status, headers, body = self.daemon.request("/")
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("text/html"))
        self.assertIn("script-src 'self'", headers["content-security-policy"])
        self.assertNotIn(b"<script>", body)  # no inline script: only <script src=...>
        scripts = re.findall(rb'src="/?(assets/app-[0-9A-Za-z]+\.js)"', body)
        self.assertEqual(len(scripts), 1, body[:400])
        status, headers, js = self.daemon.request("/" + scripts[0].decode())
        self.assertEqual(status, 200)
        self.assertIn("immutable", headers["cache-control"])
        self.assertIn(b"api/status", js)
        self.assertEqual(self.daemon.request("/dashboard")[0], 200)

    def test_head_answers_without_body(self):
        status, headers, body = self.daemon.request("/api/status", method="HEAD")
        self.assertEqual(status, 200)
        self.assertEqual(body, b"")


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
