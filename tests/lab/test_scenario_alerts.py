"""Outage events and their alerts in the lab, end to end.

The daemon's outage monitor connects every 5 s to the responder's three
addresses on port 443 (quorum 2, confirmed after 2 failed rounds); alerts go to
a web hook and an ntfy receiver this test runs on 127.0.0.1 inside the daemon's
namespace (allow_cidrs 127.0.0.0/8), cooldown 10 minutes.

- Cutting the router's upstream link until the outage is recorded gives one
  outage_start row (every probe false, diagnosis upstream: correlated with the
  connectivity engine), and restoring it one outage_end row with the duration.
  Each provider gets exactly one outage start alert and one recovery notice
  carrying that duration, and likewise one drop start and one drop end.
- A second outage within the cooldown is recorded (two more rows) but sends
  nothing: its start and end are held back (the alerts health counts four).
- POST /api/alerts/test after PUT adds a Gotify pointing at a receiver that
  answers 500: partial, web hook and ntfy true, Gotify false with its error.
"""
import json
import re

from alert_receiver import AlertReceiver
from daemon_config import default_daemon_config
from lab import wait_until
from scenario_case import ScenarioCase, parse_iso

KEY = "lab-alerts-key-0123456789abcdef0123"
PORT = 443
INTERVAL_S = 5
OUTAGE_TIMEOUT_S = 60  # two 5 s rounds to confirm, with room for a slow sanitizer build


class AlertScenarioTest(ScenarioCase):
    def config(self, receiver_base):
        c = default_daemon_config()
        c["security"] = {"api_key": KEY}
        c["outages"] = {
            "enabled": True,
            "targets": [f"{t}:{PORT}" for t in self.lab_targets],
            "interval_seconds": INTERVAL_S,
            "timeout_ms": 1000,
            "quorum": 2,
            "confirm_rounds": 2,
        }
        c["alerts"] = {
            "enabled": True,
            "cooldown_minutes": 10,
            "on_drops": True,
            "on_outages": True,
            "on_uplink_changes": False,
            "allow_cidrs": ["127.0.0.0/8"],
            "timeout_seconds": 5,
        }
        c["alerts.webhook"] = {"enabled": True, "url": f"{receiver_base}/hook"}
        c["alerts.ntfy"] = {"enabled": True, "url": f"{receiver_base}/ntfy", "topic": "wan_lab",
                            "priority": 4}
        return c

    def outages(self):
        return self.lab.api("/api/outages?page_size=50")["events"]

    def wait_outage_rows(self, count, what):
        return self.lab.wait_until(lambda o: o["total"] >= count, OUTAGE_TIMEOUT_S, what,
                                   path="/api/outages?page_size=50")["events"]

    def alerts_health(self):
        h = self.lab.api("/api/health")
        return next(c for c in h["components"] if c["name"] == "alerts")

    def held_back(self, component):
        m = re.search(r"(\d+) held back by the cooldown", component["detail"])
        self.assertIsNotNone(m, component)
        return int(m.group(1))

    def wait_types(self, counts, timeout=30):
        """Until the web hook got at least these counts of each `type`, and ntfy as many
        requests (each event goes to both; either may be delivered first)."""
        wait_until(
            lambda: (self.receiver.webhook_types("/hook"), len(self.receiver.requests("/ntfy/"))),
            lambda got: (all(got[0].count(t) >= n for t, n in counts.items()) and
                         got[1] >= sum(counts.values())),
            timeout, f"web hook types {counts} and as many ntfy requests")

    def outage_cycle(self, n):
        """Cuts the upstream until outage number n is recorded, then restores it; returns
        the start and end rows."""
        self.lab.upstream_down()
        self.wait_outage_rows(2 * n - 1, f"outage {n}'s outage_start row")
        self.lab.upstream_up()
        rows = self.wait_outage_rows(2 * n, f"outage {n}'s outage_end row")
        return rows[1], rows[0]  # newest first

    def post(self, path, body, method="POST"):
        status, headers, raw = self.lab.request(
            path, timeout=30, method=method, body=json.dumps(body) if body is not None else None,
            headers={"X-Api-Key": KEY, "Content-Type": "application/json"})
        return status, headers, json.loads(raw)

    def test_outage_alerts_once_then_cooldown_then_test_alert(self):
        self.lab = self.start_lab()
        self.lab_targets = self.lab.targets
        self.receiver = AlertReceiver(self.lab.host)
        self.addCleanup(self.receiver.close)
        self.lab.start_daemon(self.wanwatch_bin, config=self.config(self.receiver.base()))
        self.wait_all_clear()
        self.lab.wait_until(
            lambda s: s["rounds"] >= 1 and all(t["ok"] for t in s["targets"]), 3 * INTERVAL_S,
            "a good outage round", path="/api/outage-status")
        self.assertEqual(self.outages(), [])

        # 1. An outage: one row each way, one alert each way per provider.
        start, end = self.outage_cycle(1)
        self.assertEqual(start["event_type"], "outage_start", start)
        self.assertEqual(end["event_type"], "outage_end", end)
        self.assertEqual(start["diagnosis_code"], "upstream", start)
        # Hermes's shape: a JSON object as a string, target -> connected.
        probes_at_start = json.loads(start["probe_results"])
        self.assertEqual(sorted(probes_at_start), sorted(f"{t}:{PORT}" for t in self.lab_targets),
                         start)
        self.assertFalse(any(probes_at_start.values()), start)
        self.assertTrue(all(json.loads(end["probe_results"]).values()), end)
        span = parse_iso(end["timestamp"]) - parse_iso(start["timestamp"])
        self.assertAlmostEqual(end["duration_seconds"], span, delta=1.0, msg=str(end))
        self.assertGreaterEqual(end["duration_seconds"], INTERVAL_S, end)

        self.wait_types({"outage_start": 1, "outage_end": 1, "drop_start": 1, "drop_end": 1})
        hooks = self.receiver.requests("/hook")
        by_type = {}
        for r in hooks:
            by_type.setdefault(r["json"]["type"], []).append(r["json"])
        self.assertEqual({t: len(v) for t, v in by_type.items()},
                         {"outage_start": 1, "outage_end": 1, "drop_start": 1, "drop_end": 1},
                         [r["json"] for r in hooks])
        recovery = by_type["outage_end"][0]
        self.assertAlmostEqual(recovery["duration_seconds"], end["duration_seconds"], delta=1.0,
                               msg=str(recovery))
        self.assertTrue(by_type["drop_start"][0]["diagnosis"], by_type)
        ntfy = self.receiver.requests("/ntfy/wan_lab")
        self.assertEqual(len(ntfy), 4, [r["headers"].get("title") for r in ntfy])
        self.assertTrue(all(r["headers"].get("priority") == "4" for r in ntfy), ntfy)
        self.assertEqual(sum("white_check_mark" in r["headers"].get("tags", "") for r in ntfy), 2,
                         [r["headers"] for r in ntfy])
        held_before = self.held_back(self.alerts_health())

        # 2. Within the cooldown: rows, but nothing sent; both kinds' start and end held back.
        start2, end2 = self.outage_cycle(2)
        self.assertEqual((start2["event_type"], end2["event_type"]),
                         ("outage_start", "outage_end"))
        component = wait_until(
            self.alerts_health, lambda c: self.held_back(c) >= held_before + 4, 30,
            "the second outage's and drop's start and end held back")
        self.assertEqual(self.held_back(component), held_before + 4, component)
        self.assertIn(" 0 pending", component["detail"], component)
        self.assertEqual(len(self.receiver.requests("/hook")), 4,
                         self.receiver.webhook_types("/hook"))
        self.assertEqual(len(self.receiver.requests("/ntfy/")), 4)
        self.assertTrue(component["ok"], component)

        # 3. The test alert reports each provider: Gotify's receiver answers 500.
        status, _, put = self.post("/api/alerts", {"providers": {"gotify": {
            "enabled": True, "url": f"{self.receiver.base()}/fail/gotify", "token": "Agotifylab0123"}}},
            method="PUT")
        self.assertEqual(status, 200, put)
        status, _, result = self.post("/api/alerts/test", None)
        self.assertEqual(status, 200, result)
        self.assertEqual(result["status"], "partial", result)
        self.assertEqual(result["results"]["webhook"], True, result)
        self.assertEqual(result["results"]["ntfy"], True, result)
        self.assertEqual(result["results"]["gotify"], False, result)
        self.assertIn("gotify", result["errors"], result)
        self.assertIn("500", json.dumps(result["errors"]["gotify"]), result)
        self.assertEqual(self.receiver.webhook_types("/hook")[-1], "test")
        self.assertEqual(len(self.receiver.requests("/fail/gotify")), 1)
        # A failed test alert is its caller's answer, not a health problem.
        self.assertTrue(self.alerts_health()["ok"], self.alerts_health())
        print(f"outage 1: {end['duration_seconds']} s (rows {start['timestamp']} .. "
              f"{end['timestamp']}); outage 2 held back; test alert: {result['status']}")
