"""Hermes outage events end to end, black-box, in a private network namespace
that holds only loopback: the daemon's outage monitor connects every 5 s to
three TCP listeners this test runs on 127.0.0.1.

- closing two listeners gives one outage_start naming them false in
  probe_results; reopening gives one outage_end with its duration;
- /api/outages pages newest first, 400s name the parameter, a page past the
  end is empty; /api/outage-status follows (in progress, start time, state);
- enrichment from local stubs of an IP service, RIPEstat and Cloudflare Radar
  fills isp_name, asn, bgp_unstable and cloudflare_outage_desc;
- each start and end reaches the alert web hook (a local stub) through the
  notifier, with the outage's title, message and duration;
- kill -9 during an outage and a restart: still in progress with the stored
  start, then closed by the next good round with the duration from it; the
  restarted daemon has no enrichment configured: its end's fields are null.
"""
import http.server
import json
import os
import signal
import socket
import sys
import threading
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")
INTERVAL_S = 5
TOKEN = "radar-test-token"


class Listener:
    """A TCP listener on 127.0.0.1 that accepts and closes; close() makes its
    port refuse connections, open() listens on the same port again."""

    def __init__(self, port=0):
        self.port = port
        self.sock = None
        self.open()

    def open(self):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", self.port))
        s.listen(16)
        self.port = s.getsockname()[1]
        self.sock = s
        threading.Thread(target=self._accept, args=(s,), daemon=True).start()

    def _accept(self, s):
        while True:
            try:
                c, _ = s.accept()
                c.close()
            except OSError:
                return

    def close(self):
        if self.sock:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.sock.close()
            self.sock = None

    @property
    def target(self):
        return "127.0.0.1:%d" % self.port


class Stubs(http.server.BaseHTTPRequestHandler):
    """An IP service, RIPEstat and Cloudflare Radar, answering in their
    documented shapes (src/probe/outage_enrichment.h cites them), and an alert
    web hook that keeps what it was sent."""
    requests = []
    alerts = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/webhook":
            Stubs.alerts.append(json.loads(body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        Stubs.requests.append((url.path, query, self.headers.get("Authorization")))
        if url.path == "/ip":
            body = {"ip": "198.51.100.7", "org": "AS64501 Example Networks"}
        elif url.path == "/ripe/data/network-info/data.json":
            body = {"status": "ok", "data": {"asns": ["64500"], "prefix": "198.51.100.0/24"}}
        elif url.path == "/ripe/data/bgp-updates/data.json":
            body = {"status": "ok", "data": {"updates": [
                {"type": "W", "timestamp": "2026-01-01T00:00:00",
                 "attrs": {"target_prefix": "198.51.100.0/24"}}]}}
        elif url.path == "/radar/annotations/outages":
            if self.headers.get("Authorization") != "Bearer " + TOKEN:
                self.send_response(401)
                self.end_headers()
                return
            body = {"success": True, "result": {"annotations": [
                {"id": "1", "description": "Test outage in the lab", "startDate": "2026-01-01T00:00:00Z",
                 "outage": {"outageCause": "POWER_OUTAGE", "outageType": "REGIONAL"}}]}}
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def config(targets, stub_port=None):
    quoted = ", ".join('"%s"' % t for t in targets)
    outages = """
[outages]
targets = [%s]
interval_seconds = %d
timeout_ms = 1000
""" % (quoted, INTERVAL_S)
    if stub_port:
        base = "http://127.0.0.1:%d" % stub_port
        outages += """public_ip_url = "%s/ip"
ripestat_url = "%s/ripe"
cloudflare_radar_url = "%s/radar"
cloudflare_radar_token = "%s"
[alerts]
allow_cidrs = ["127.0.0.0/8"]
on_drops = false
on_uplink_changes = false
[alerts.webhook]
enabled = true
url = "%s/webhook"
""" % (base, base, base, TOKEN, base)
    return harness.loopback_config(extra=outages)


def events(d, query=""):
    return d.get_json("/api/outages" + query)["events"]


def parse_time(text):
    import datetime
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class OutagesTest(unittest.TestCase):
    def setUp(self):
        self.listeners = [Listener() for _ in range(3)]
        self.stubs = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stubs)
        threading.Thread(target=self.stubs.serve_forever, daemon=True).start()
        Stubs.requests = []
        Stubs.alerts = []

    def tearDown(self):
        for l in self.listeners:
            l.close()
        self.stubs.shutdown()
        self.stubs.server_close()

    def targets(self):
        return [l.target for l in self.listeners]

    def wait_events(self, d, n, what):
        return harness.wait_until(lambda: len(events(d, "?page_size=500")) >= n and
                                  events(d, "?page_size=500"),
                                  INTERVAL_S * 6, what, check=d.check_alive, interval=0.5)

    def test_outage_start_end_enrichment_pages_and_restart(self):
        first = harness.Daemon(BIN, config(self.targets(), self.stubs.server_address[1]))
        first.start()
        try:
            self.first_outage(first)
            self.check_pages(first)
            # A second outage; the daemon dies in it.
            for l in self.listeners[:2]:
                l.close()
            evs = self.wait_events(first, 3, "the second outage_start")
            second_start = evs[0]
            self.assertEqual(second_start["event_type"], "outage_start")
            first.proc.kill()  # SIGKILL: no clean shutdown
            first.proc.wait()
            first.log.close()
        except BaseException:
            first.stop(signal.SIGKILL)
            sys.stderr.write("---- daemon log ----\n%s\n" % first.log_text())
            raise
        self.restart_during_outage(first.data_dir, second_start)

    def first_outage(self, d):
        status = harness.wait_until(
            lambda: (lambda s: s if s and s["last_round_at"] else None)(
                d.get_json("/api/outage-status")),
            INTERVAL_S * 3, "the first round", check=d.check_alive)
        self.assertEqual(status["outage_in_progress"], False)
        self.assertIsNone(status["outage_start_time"])
        self.assertEqual(status["state"], "up")
        self.assertEqual([t["target"] for t in status["targets"]], self.targets())
        self.assertTrue(all(t["ok"] for t in status["targets"]), status)
        self.assertEqual(events(d), [])

        closed_at = time.time()
        for l in self.listeners[:2]:
            l.close()
        evs = self.wait_events(d, 1, "an outage_start")
        self.assertEqual(len(evs), 1, evs)
        start = evs[0]
        self.assertEqual(start["event_type"], "outage_start")
        self.assertEqual(start["event_kind"], "connectivity_lost")
        self.assertIsNone(start["duration_seconds"])
        results = json.loads(start["probe_results"])  # the seed's JSON object string
        self.assertEqual(results, {self.targets()[0]: False, self.targets()[1]: False,
                                   self.targets()[2]: True})
        details = {p["target"]: p for p in start["probe_details"]}
        self.assertEqual(details[self.targets()[0]]["error"], "connection refused")
        self.assertIsNotNone(details[self.targets()[2]]["rtt_ms"])
        # Dated at the first failed round: after the close, before the confirming one.
        self.assertGreaterEqual(parse_time(start["timestamp"]), closed_at - 1)
        status = d.get_json("/api/outage-status")
        self.assertEqual(status["outage_in_progress"], True)
        self.assertEqual(status["state"], "down")
        self.assertEqual(parse_time(status["outage_start_time"]), parse_time(start["timestamp"]))
        self.assertGreaterEqual(status["consecutive_failed_rounds"], 2)
        self.assertFalse(status["targets"][0]["ok"])

        for l in self.listeners[:2]:
            l.open()
        evs = self.wait_events(d, 2, "an outage_end")
        self.assertEqual(len(evs), 2, evs)
        end = evs[0]
        self.assertEqual(end["event_type"], "outage_end")
        self.assertEqual(end["event_kind"], "connectivity_restored")
        self.assertGreater(end["duration_seconds"], INTERVAL_S - 1)
        self.assertAlmostEqual(end["duration_seconds"],
                               parse_time(end["timestamp"]) - parse_time(start["timestamp"]),
                               delta=0.2)
        self.assertEqual(parse_time(end["outage_start_time"]), parse_time(start["timestamp"]))
        self.assertEqual(json.loads(end["probe_results"]),
                         {t: True for t in self.targets()})
        status = d.get_json("/api/outage-status")
        self.assertEqual(status["outage_in_progress"], False)
        self.assertIsNone(status["outage_start_time"])

        # Enrichment comes after the end, on both events of the outage.
        evs = harness.wait_until(
            lambda: (lambda e: e if e[0]["isp_name"] and e[1]["isp_name"] else None)(events(d)),
            30, "the enrichment", check=d.check_alive, interval=0.5)
        for e in evs:
            self.assertEqual(e["isp_name"], "Example Networks")
            self.assertEqual(e["asn"], "AS64500")  # RIPEstat's, over the IP service's AS64501
            self.assertEqual(e["bgp_unstable"], True)
            self.assertEqual(e["cloudflare_outage_desc"], "Test outage in the lab")
        paths = [r[0] for r in Stubs.requests]
        self.assertEqual(paths, ["/ip", "/ripe/data/network-info/data.json",
                                 "/ripe/data/bgp-updates/data.json", "/radar/annotations/outages"])
        bgp = Stubs.requests[2][1]
        self.assertEqual(bgp["resource"], ["198.51.100.0/24"])
        self.assertLess(int(bgp["starttime"][0]), parse_time(start["timestamp"]))
        self.assertGreater(int(bgp["endtime"][0]), parse_time(end["timestamp"]))
        self.assertEqual(Stubs.requests[3][1]["asn"], ["64500"])

        # Both events went to the alert web hook through the notifier.
        alerts = harness.wait_until(
            lambda: (lambda a: a if len(a) >= 2 else None)(
                [a for a in Stubs.alerts if a["kind"] == "outage"]),
            30, "the outage alerts", check=d.check_alive, interval=0.5)
        self.assertEqual([a["phase"] for a in alerts], ["start", "end"])
        self.assertTrue(alerts[0]["title"].startswith("Internet outage"), alerts[0])
        self.assertIn("2 of 3 targets failed", alerts[0]["message"])
        self.assertAlmostEqual(alerts[1]["duration_seconds"], end["duration_seconds"], delta=0.1)

    def check_pages(self, d):
        both = d.get_json("/api/outages")
        self.assertEqual((both["total"], both["page"], both["page_size"]), (2, 1, 50))
        self.assertEqual([e["event_type"] for e in both["events"]], ["outage_end", "outage_start"])
        second = d.get_json("/api/outages?page=2&page_size=1")
        self.assertEqual(second["total"], 2)
        self.assertEqual([e["event_type"] for e in second["events"]], ["outage_start"])
        past = d.get_json("/api/outages?page=3&page_size=1")
        self.assertEqual(past["events"], [])
        self.assertEqual(d.get_json("/api/v1/outages")["total"], 2)
        for query, name in [("page=0", "page"), ("page=x", "page"), ("page_size=0", "page_size"),
                            ("page_size=501", "page_size"), ("page=1.5", "page")]:
            status, _, body = d.request("/api/outages?" + query)
            self.assertEqual(status, 400, query)
            self.assertIn(name, json.loads(body)["detail"], query)

    def restart_during_outage(self, data_dir, stored_start):
        # Same data dir, no enrichment configured; the two listeners are still closed.
        second = harness.Daemon(BIN, config(self.targets()), data_dir=data_dir)
        with second:
            status = second.get_json("/api/outage-status")
            self.assertEqual(status["outage_in_progress"], True)
            self.assertEqual(status["state"], "down")
            self.assertEqual(parse_time(status["outage_start_time"]),
                             parse_time(stored_start["timestamp"]))
            # Failed rounds after the restart do not start it again.
            rounds = harness.wait_until(
                lambda: (lambda s: s if s["rounds"] >= 2 else None)(
                    second.get_json("/api/outage-status")),
                INTERVAL_S * 4, "two rounds after the restart", check=second.check_alive)
            self.assertTrue(rounds["outage_in_progress"])
            self.assertEqual(second.get_json("/api/outages")["total"], 3)
            for l in self.listeners[:2]:
                l.open()
            evs = self.wait_events(second, 4, "the resumed outage's end")
            end = evs[0]
            self.assertEqual(end["event_type"], "outage_end")
            self.assertAlmostEqual(
                end["duration_seconds"],
                parse_time(end["timestamp"]) - parse_time(stored_start["timestamp"]), delta=0.2)
            self.assertGreater(end["duration_seconds"], 2 * INTERVAL_S - 1)
            self.assertEqual(parse_time(end["outage_start_time"]),
                             parse_time(stored_start["timestamp"]))
            # Not configured: null, and no source was asked (only the first outage's four).
            for field in ("isp_name", "asn", "bgp_unstable", "cloudflare_outage_desc"):
                self.assertIsNone(end[field], field)
            self.assertEqual(len(Stubs.requests), 4)
            status = second.get_json("/api/outage-status")
            self.assertFalse(status["outage_in_progress"])
            health = second.get_json("/api/health")
            self.assertIn("outages", json.dumps(health))


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
