"""isp-status uplinks through the real daemon, in a namespace holding only
loopback: a configured uplink bound to `lo` that answers, a NAT uplink whose
targets are unroutable (DOWN), the implicit-uplink default, ?live=1, and the
minute history kept across a restart. The two-router scenarios live in
tests/lab/test_scenario_uplinks.py."""
import json
import os
import sys
import threading
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")

# 192.0.2.0/24 has no route in the test's namespace: probes fail at once.
UPLINKS = """
[uplink_defaults]
live_min_interval_ms = 3000

[[uplinks]]
name = "Liquid (BGP01)"
interface = "lo"
gateway = "127.0.0.1"
ping_targets = ["127.0.0.2", "127.0.0.3"]

[[uplinks]]
name = "LTE (NAT)"
interface = "lo"
gateway = "none"
nat = true
ping_targets = ["192.0.2.10", "192.0.2.11"]
"""


def by_name(status):
    return {u["name"]: u for u in status["uplinks"]}


class UplinksTest(unittest.TestCase):
    def test_configured_uplinks_states_live_rounds_and_history(self):
        config = harness.loopback_config(targets=("127.0.0.1",), interval_ms=200) + UPLINKS
        daemon = harness.Daemon(BIN, config).start()
        try:
            def settled():
                u = by_name(daemon.get_json("/api/status"))
                return (u["Liquid (BGP01)"]["state"] == 2 and u["LTE (NAT)"]["state"] == 0
                        and u["LTE (NAT)"]["checked_at"] and u)
            u = harness.wait_until(settled, 30, "Liquid UP and LTE DOWN", check=daemon.check_alive)
            liquid, lte = u["Liquid (BGP01)"], u["LTE (NAT)"]
            self.assertEqual(liquid["state_label"], "UP")
            self.assertEqual(liquid["state_reason"], "all_checks_passed")
            self.assertEqual(liquid["iface"], "lo")
            self.assertEqual(liquid["gw_ping"]["target"], "127.0.0.1")
            self.assertTrue(liquid["gw_ping"]["ok"])
            self.assertEqual([p["target"] for p in liquid["ping"]], ["127.0.0.2", "127.0.0.3"])
            self.assertTrue(all(p["ok"] and p["rtt_ms"] is not None for p in liquid["ping"]))
            self.assertEqual(lte["state_reason"], "no_external_reachability")
            self.assertIsNone(lte["gw_ping"])
            self.assertTrue(lte["nat"])
            self.assertTrue(all(not p["ok"] and p["error"] for p in lte["ping"]))

            # Live: concurrent calls share one round; a later one reuses it.
            answers = []
            calls = [threading.Thread(target=lambda: answers.append(
                daemon.get_json("/api/status?live=1"))) for _ in range(3)]
            for t in calls:
                t.start()
            for t in calls:
                t.join(30)
            self.assertEqual(len(answers), 3)
            for a in answers:
                self.assertTrue(a["live"]["ok"], a["live"])
                self.assertEqual(by_name(a)["Liquid (BGP01)"]["state"], 2)
                self.assertEqual(by_name(a)["LTE (NAT)"]["state"], 0)
            owners = [a for a in answers if not a["live"]["shared"] and not a["live"]["reused"]]
            self.assertEqual(len(owners), 1, [a["live"] for a in answers])
            again = daemon.get_json("/api/status?live=1")
            self.assertTrue(again["live"]["reused"])
            status, _, body = daemon.request("/api/status?live=maybe")
            self.assertEqual(status, 400)
            self.assertIn("live", json.loads(body)["detail"])

            # The minute in progress is stored within ~15 s (freshness for /api/health).
            name = urllib.parse.quote("Liquid (BGP01)")

            def stored_minutes():
                h = daemon.get_json("/api/history?range=24h&name=" + name)
                return h and h.get("summary") is not None and h
            history = harness.wait_until(stored_minutes, 30, "the history to answer")
            self.assertEqual(len(history["buckets"]), 288)
        finally:
            daemon.stop()

    def test_without_uplinks_one_implicit_uplink_named_after_the_default_route(self):
        # The namespace has no default route: the implicit uplink is "default"
        # and DOWN because there is no interface to the internet.
        config = harness.loopback_config(targets=("127.0.0.1",), interval_ms=200)
        with harness.Daemon(BIN, config) as daemon:
            def judged():
                s = daemon.get_json("/api/status")
                return s["uplinks"] and s["uplinks"][0]["checked_at"] and s["uplinks"]
            uplinks = harness.wait_until(judged, 30, "the implicit uplink's first round",
                                         check=daemon.check_alive)
            self.assertEqual(len(uplinks), 1)
            self.assertEqual(uplinks[0]["name"], "default")
            self.assertEqual(uplinks[0]["state"], 0)
            self.assertEqual(uplinks[0]["state_reason"], "iface_down")
            self.assertEqual(uplinks[0]["state_reason_text"],
                             "no network interface (no default route)")
            self.assertEqual([p["target"] for p in uplinks[0]["ping"]], ["127.0.0.1"])


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
