"""The isp-status lab: two uplinks out of the host namespace, each with its own router,
its own targets and its own [[uplinks]] entry in the daemon's config.

    host ns          router ns "r" (answers pings)    internet ns (responder)
    eth0 10.77.0.2 ─ 10.77.0.1 │ 203.0.113.1 ──────── 203.0.113.10-.12 (Liquid's)
    eth1 10.78.0.2 ─ 10.78.0.1 │ 198.51.100.1 ─────── 198.51.100.10-.12 (LTE's)
                     router ns "r2" (silent gateway: icmp_echo_ignore_all)

"Liquid (BGP01)" probes through eth0 (gateway "auto": the default route's), "LTE (NAT)"
through eth1 (explicit gateway 10.78.0.1, which never answers: a NAT uplink). Each uplink's
targets sit behind its own router only, so cutting one router's upstream leaves the other
uplink's evidence untouched; loss is scripted per target address at the responder.
"""
import time
import urllib.parse

from daemon_config import default_daemon_config
from scenario_case import ScenarioCase, parse_iso

LIQUID = "Liquid (BGP01)"
LTE = "LTE (NAT)"
LIQUID_TARGETS = ("203.0.113.10", "203.0.113.11", "203.0.113.12")
LTE_TARGETS = ("198.51.100.10", "198.51.100.11", "198.51.100.12")
LIQUID_UPLINK, LTE_UPLINK = 0, 1  # Lab.uplinks indices
UP, DEGRADED, DOWN = 2, 1, 0


def uplinks_daemon_config(live_min_interval_ms=10_000):
    config = default_daemon_config()
    config["probe"].update({
        "icmp_timeout_ms": 1000,
        "http_interval_ms": 1000,
        "http_timeout_ms": 2000,
    })
    config["uplink_defaults"] = {"live_min_interval_ms": live_min_interval_ms}
    config["uplinks"] = [
        {
            "name": LIQUID,
            "interface": "eth0",
            "source": "10.77.0.2",
            "gateway": "auto",
            "nat": False,
            "ping_targets": list(LIQUID_TARGETS),
            "http_urls": [f"http://{LIQUID_TARGETS[0]}/"],
        },
        {
            "name": LTE,
            "interface": "eth1",
            "source": "10.78.0.2",
            "gateway": "10.78.0.1",
            "nat": True,
            "ping_targets": list(LTE_TARGETS),
            "http_urls": [f"http://{LTE_TARGETS[0]}/"],
        },
    ]
    return config


def quoted(name):
    """An uplink name for a query string ("Liquid (BGP01)" -> "Liquid%20%28BGP01%29")."""
    return urllib.parse.quote(name, safe="")


class UplinksCase(ScenarioCase):
    """A ScenarioCase whose lab has both uplinks and whose daemon watches them."""

    def start_uplinks_lab(self, config=None):
        self.lab = self.start_lab()
        self.lab.add_uplink(target_addrs=LTE_TARGETS)
        self.lab.gateway_silent(LTE_UPLINK)  # the NAT uplink's gateway never answers
        self.lab.start_daemon(self.wanwatch_bin, config=config or uplinks_daemon_config())
        self.t_daemon_started = time.time()
        return self.lab

    def uplinks(self, status=None):
        """{name: uplink} from /api/status (or from the status given)."""
        status = status if status is not None else self.status()
        return {u["name"]: u for u in status["uplinks"]}

    def wait_uplinks(self, predicate, timeout, what, path="/api/status"):
        """Polls `path` until predicate({name: uplink}) holds; returns that dict."""
        s = self.lab.wait_until(lambda s: predicate(self.uplinks(s)), timeout, what, path=path)
        return self.uplinks(s)

    def wait_states(self, states, timeout, what=None, reasons=None):
        """Waits until each named uplink has its state (and reason, if given in
        `reasons`): wait_states({LIQUID: DOWN, LTE: UP}, 20, reasons={LIQUID: (...)})."""
        reasons = reasons or {}

        def ok(ups):
            return all(n in ups and ups[n]["state"] == st and
                       (n not in reasons or ups[n]["state_reason"] in reasons[n])
                       for n, st in states.items())
        what = what or ", ".join(f"{n} state {st}" + (f" ({'/'.join(reasons[n])})"
                                                      if n in reasons else "")
                                 for n, st in states.items())
        return self.wait_uplinks(ok, timeout, what)

    def assert_up_with_evidence(self, u):
        """UP with fresh ICMP and HTTP evidence: every check has a result, all ok."""
        self.assertEqual(u["state"], UP, u)
        self.assertEqual(u["state_label"], "UP", u)
        self.assertIn(u["state_reason"], ("all_checks_passed", "sufficient_reachability"), u)
        self.assertTrue(u["ping"], u)
        self.assertTrue(u["http"], u)
        for c in u["ping"] + u["http"]:
            self.assertTrue(c["ok"], c)
            self.assertIsNotNone(c["at"], c)
        for c in u["ping"]:
            self.assertIsInstance(c["rtt_ms"], (int, float), c)
        for c in u["http"]:
            self.assertEqual(c["status"], 200, c)
        self.assertIsNotNone(u["checked_at"], u)
        self.assertLess(abs(parse_iso(u["checked_at"]) - time.time()), 10, u)
