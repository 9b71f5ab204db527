"""GET /api/health of the real daemon, black-box, in a private network
namespace that holds only loopback: every check with its figures and types,
the Hermes fields, `ok` true once the first uplink minute is stored, the
isp-status seed's curl | jq example, and a degraded daemon (world-writable
data dir) that still answers 200 with the problem named."""
import json
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

CHECKS = {
    "history_freshness": {"ok": bool, "newest_minute": (str, type(None)),
                          "age_seconds": (int, type(None)), "limit_seconds": int,
                          "starting": bool, "detail": str},
    "history_gaps": {"ok": bool, "largest_gap_minutes": int, "limit_minutes": int,
                     "window_hours": int, "uplinks": list, "detail": str},
    "sqlite": {"ok": bool, "open": bool, "writable": bool, "quick_check": (str, type(None)),
               "quick_check_at": (str, type(None)), "last_error": (str, type(None)),
               "write_errors": int, "queue_dropped": int, "schema_version": int,
               "db_bytes": int, "detail": str},
    "disk": {"ok": bool, "path": str, "free_bytes": int, "total_bytes": int,
             "free_pct": (int, float), "limit_free_pct": (int, float), "limit_free_bytes": int,
             "detail": str},
    "memory": {"ok": bool, "total_bytes": int, "available_bytes": int,
               "available_pct": (int, float), "detail": str},
    "process": {"ok": bool, "rss_bytes": int, "limit_bytes": int, "detail": str},
    "permissions": {"ok": bool, "data_dir": str, "writable": bool, "mode": str,
                    "owner_uid": int, "world_writable": bool, "detail": str},
    "scheduler": {"ok": bool, "running": bool, "round": int,
                  "last_round_age_seconds": (int, float, type(None)),
                  "limit_seconds": (int, float), "detail": str},
}


def is_type(value, types):
    # bool is an int in Python: an int field must not be a bool.
    if isinstance(value, bool) and types in (int, (int, float)):
        return False
    return isinstance(value, types)


class HealthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = harness.Daemon(BIN, harness.loopback_config(interval_ms=200)).start()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()
        cls.daemon.tmp.cleanup()

    def health(self, path="/api/health"):
        status, headers, body = self.daemon.request(path)
        self.assertEqual(status, 200, body)
        self.assertTrue(headers["content-type"].startswith("application/json"), headers)
        return json.loads(body)

    def test_every_field_and_check_with_its_type(self):
        h = self.health()
        self.assertIsInstance(h["ok"], bool)
        self.assertIn(h["status"], ("healthy", "degraded"))
        self.assertEqual(h["status"] == "healthy", h["ok"])
        self.assertIs(h["scheduler_running"], True)
        self.assertTrue(is_type(h["uptime_seconds"], int))
        self.assertIsNone(h["last_test_timestamp"])
        self.assertRegex(h["checked_at"], ISO)
        self.assertIsInstance(h["problems"], list)
        self.assertEqual(h["ok"], not h["problems"], h["problems"])
        for check, fields in CHECKS.items():
            for name, types in fields.items():
                self.assertIn(name, h[check], check)
                self.assertTrue(is_type(h[check][name], types),
                                "%s.%s = %r" % (check, name, h[check][name]))
        self.assertEqual(h["history_freshness"]["limit_seconds"], 120)
        self.assertEqual(h["history_gaps"]["limit_minutes"], 5)
        self.assertEqual(h["process"]["limit_bytes"], 512 << 20)
        self.assertEqual(h["permissions"]["data_dir"], self.daemon.data_dir)
        self.assertEqual(h["disk"]["path"], self.daemon.data_dir)
        self.assertRegex(h["permissions"]["mode"], r"^[0-7]{4}$")
        self.assertTrue(h["sqlite"]["open"])
        self.assertGreater(h["process"]["rss_bytes"], 0)
        self.assertGreater(h["memory"]["total_bytes"], 0)
        names = [c["name"] for c in h["components"]]
        self.assertEqual(names, ["engine_queue", "csv_logs", "outages", "alerts"])
        for c in h["components"]:
            self.assertIsInstance(c["ok"], bool)
            self.assertIsInstance(c["detail"], str)
            self.assertTrue(is_type(c["failures"], int))

    def test_ok_once_the_first_minute_is_stored(self):
        def stored_and_ok():
            h = self.health()
            fresh = h["history_freshness"]
            return h["ok"] and fresh["newest_minute"] is not None and not fresh["starting"] and h
        h = harness.wait_until(stored_and_ok, 150, "a stored minute and ok",
                               check=self.daemon.check_alive, interval=1)
        self.assertEqual(h["status"], "healthy")
        self.assertEqual(h["problems"], [])
        self.assertRegex(h["history_freshness"]["newest_minute"], ISO)
        self.assertLessEqual(h["history_freshness"]["age_seconds"], 120)
        self.assertTrue(h["scheduler"]["ok"])
        self.assertGreaterEqual(h["scheduler"]["round"], 0)
        self.assertIsNotNone(h["sqlite"]["last_commit"])

    def test_served_under_v1_too(self):
        h = self.health("/api/v1/health")
        self.assertIn("ok", h)
        self.assertIn("history_freshness", h)

    def test_the_seeds_curl_jq_example_yields_both_keys(self):
        # isp-status seed §5: curl -s http://HOST:PORT/api/health | jq '{ok, history_freshness}'
        command = "curl -s http://127.0.0.1:%d/api/health | jq '{ok, history_freshness}'" % (
            self.daemon.port)
        out = subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=20,
                             check=True).stdout
        shown = json.loads(out)
        self.assertEqual(sorted(shown), ["history_freshness", "ok"])
        self.assertIsInstance(shown["ok"], bool)
        self.assertIn("limit_seconds", shown["history_freshness"])


class DegradedHealthTest(unittest.TestCase):
    def test_world_writable_data_dir_is_degraded_and_still_200(self):
        daemon = harness.Daemon(BIN, harness.loopback_config(interval_ms=200))
        self.addCleanup(daemon.tmp.cleanup)
        os.makedirs(daemon.data_dir)
        os.chmod(daemon.data_dir, 0o777)
        with daemon:
            status, _, body = daemon.request("/api/health")
            self.assertEqual(status, 200)
            h = json.loads(body)
            self.assertIs(h["ok"], False)
            self.assertEqual(h["status"], "degraded")
            self.assertIs(h["permissions"]["ok"], False)
            self.assertIs(h["permissions"]["world_writable"], True)
            self.assertEqual(h["permissions"]["mode"], "0777")
            self.assertTrue(any(p.startswith("permissions: ") and "world-writable" in p
                                for p in h["problems"]), h["problems"])


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
