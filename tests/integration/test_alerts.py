"""Hermes's alert API on the real daemon, black-box, in a private network
namespace that holds only loopback.

Receivers for all six providers run in this test on 127.0.0.1 (one HTTP server,
one path per provider; the daemon's config allows 127.0.0.0/8). POST
/api/alerts/test reaches each with the exact request (method, path and query,
headers, body fields); a receiver answering 500 makes that provider false and
the status partial; a second test within 10 s is 429 with Retry-After. GET
masks secrets; a table of bad PUT bodies is refused with 400 naming the field
and changes nothing; a valid PUT survives kill -9 and a restart; POST and PUT
need the API key.

A second daemon without allow_cidrs refuses a loopback URL at PUT (400), and
its config file's loopback URL is refused at send time by the SSRF guard.

A third measures against a speed test server that fails: with
failure_threshold = 2, two failed runs (each a test and its retry) raise
exactly one webhook "speedtest_failure"; a later success raises the recovery.
"""
import json
import os
import signal
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from recording_http_server import RecordingHttpServer, ok_unless_fail  # noqa: E402
from speedtest_peer import SpeedtestPeer  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")
KEY = "it-key-0123456789abcdef0123456789abcdef"
NTFY_TOKEN = "tk_ntfy_0123456789abcdef"
GOTIFY_TOKEN = "Agotify0123456789"
SIX = ["webhook", "gotify", "ntfy", "apprise", "discord", "slack"]


class Receivers(RecordingHttpServer):
    """One HTTP server standing in for every provider: it records each request
    and answers 500 under /fail/, else 200."""

    def __init__(self):
        super().__init__(reply=ok_unless_fail)

    def matching(self, prefix):
        return self.requests(prefix)


def providers_toml(base, allow=True):
    return """
[outages]
enabled = false
[alerts]
failure_threshold = 3
cooldown_minutes = 60
on_drops = false
on_outages = false
on_uplink_changes = false
%s
[alerts.webhook]
enabled = true
url = "%s/webhook/hook-secret-path"
[alerts.ntfy]
enabled = true
url = "%s/ntfy"
topic = "wan_alerts"
token = "%s"
priority = 4
tags = "warning,rotating_light"
[alerts.gotify]
enabled = true
url = "%s/gotify"
token = "%s"
priority = 7
[alerts.apprise]
enabled = true
url = "%s/apprise"
urls = ["tgram://bottoken123456/chat42"]
[alerts.discord]
enabled = true
url = "%s/discord/api/webhooks/1/discord-secret-token"
[alerts.slack]
enabled = true
url = "%s/slack/services/T0/B0/slack-secret-token"
""" % ('allow_cidrs = ["127.0.0.0/8"]' if allow else "", base, base, NTFY_TOKEN, base,
       GOTIFY_TOKEN, base, base, base)


def start_daemon(config_text, data_dir=None):
    d = harness.Daemon(BIN, harness.loopback_config(targets=("127.0.0.1",), extra=config_text),
                       env=dict(os.environ, API_KEY=KEY), data_dir=data_dir)
    return d.start()


def call(d, method, path, body=None, key=KEY, timeout=30):
    headers = {"Content-Type": "application/json"}
    if key:
        headers["X-Api-Key"] = key
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    status, h, raw = d.request(path, method, data, headers, timeout=timeout)
    return status, h, json.loads(raw) if raw else None


def find_component(node, name):
    """The /api/health component called `name`, wherever the body nests it."""
    if isinstance(node, dict):
        if node.get("name") == name and "failures" in node:
            return node
        node = list(node.values())
    if isinstance(node, list):
        for item in node:
            found = find_component(item, name)
            if found is not None:
                return found
    return None


def wait_for_test_slot(d):
    """POST /api/alerts/test until the 10 s cooldown lets one through (deadline 15 s)."""
    found = {}

    def attempt():
        status, h, body = call(d, "POST", "/api/alerts/test")
        if status == 429:
            return False
        found.update(status=status, body=body)
        return True
    harness.wait_until(attempt, 15, "the test alert cooldown to pass", check=d.check_alive,
                       interval=0.5)
    return found["status"], found["body"]


class AlertsApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rx = Receivers()
        cls.d = start_daemon(providers_toml(cls.rx.base()))
        cls.older = []

    @classmethod
    def tearDownClass(cls):
        cls.d.stop()
        cls.d.tmp.cleanup()
        for d in cls.older:
            d.tmp.cleanup()
        cls.rx.close()

    def test_1_get_masks_secrets(self):
        for path in ("/api/alerts", "/api/v1/alerts"):
            status, _, body = call(self.d, "GET", path, key=None)
            self.assertEqual(status, 200, path)
            self.assertEqual(set(body["providers"]), set(SIX))
            for field in ("enabled", "failure_threshold", "cooldown_minutes", "on_drops",
                          "on_outages", "on_uplink_changes", "min_download_mbps",
                          "min_upload_mbps", "max_ping_ms"):
                self.assertIn(field, body)
            self.assertNotIn("allow_cidrs", body)
            p = body["providers"]
            self.assertEqual(p["ntfy"]["token"], "****" + NTFY_TOKEN[-4:])
            self.assertEqual(p["gotify"]["token"], "****" + GOTIFY_TOKEN[-4:])
            self.assertEqual(p["ntfy"]["topic"], "wan_alerts")
            self.assertEqual(p["webhook"]["url"], self.rx.base() + "/****path")
            self.assertEqual(p["discord"]["url"], self.rx.base() + "/****oken")
            self.assertEqual(p["apprise"]["urls"], ["tgram://****at42"])
            text = json.dumps(body)
            for secret in (NTFY_TOKEN, GOTIFY_TOKEN, "hook-secret-path", "discord-secret-token",
                           "slack-secret-token", "bottoken123456"):
                self.assertNotIn(secret, text)

    def test_2_test_alert_reaches_every_provider_exactly(self):
        self.rx.take()
        status, body = wait_for_test_slot(self.d)
        self.assertEqual(status, 200)
        self.assertEqual(body["status"], "success", body)
        self.assertEqual(body["message"], "Test alert sent successfully to 6 provider(s)")
        self.assertEqual(body["results"], {name: True for name in SIX})
        self.assertEqual(body["errors"], {})
        got = {r["target"].split("/")[1].split("?")[0]: r for r in self.rx.take()}
        self.assertEqual(sorted(got), sorted(SIX))
        for r in got.values():
            self.assertEqual(r["method"], "POST")

        hook = got["webhook"]
        self.assertEqual(hook["target"], "/webhook/hook-secret-path")
        self.assertEqual(hook["headers"]["content-type"], "application/json")
        j = json.loads(hook["body"])
        self.assertEqual(j["type"], "test")
        self.assertEqual(j["title"], "wanwatch test alert")
        for field in ("consecutive_failures", "failure_count", "error", "last_error", "timestamp"):
            self.assertIn(field, j)
        self.assertRegex(j["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")

        ntfy = got["ntfy"]
        self.assertEqual(ntfy["target"], "/ntfy/wan_alerts")
        self.assertEqual(ntfy["headers"]["title"], "wanwatch test alert")
        self.assertEqual(ntfy["headers"]["priority"], "4")
        self.assertEqual(ntfy["headers"]["tags"], "warning,rotating_light")
        self.assertEqual(ntfy["headers"]["authorization"], "Bearer " + NTFY_TOKEN)
        self.assertIn(b"test notification", ntfy["body"])

        gotify = got["gotify"]
        self.assertEqual(gotify["target"], "/gotify/message?token=" + GOTIFY_TOKEN)
        j = json.loads(gotify["body"])
        self.assertEqual((j["title"], j["priority"]), ("wanwatch test alert", 7))
        self.assertIn("message", j)
        self.assertEqual(j["extras"], {"client::display": {"contentType": "text/markdown"}})

        apprise = got["apprise"]
        self.assertEqual(apprise["target"], "/apprise/notify")
        j = json.loads(apprise["body"])
        self.assertEqual((j["title"], j["type"], j["urls"]),
                         ("wanwatch test alert", "info", "tgram://bottoken123456/chat42"))
        self.assertIn("body", j)

        discord = got["discord"]
        self.assertEqual(discord["target"], "/discord/api/webhooks/1/discord-secret-token")
        j = json.loads(discord["body"])
        self.assertEqual(j["embeds"][0]["title"], "wanwatch test alert")

        slack = got["slack"]
        self.assertEqual(slack["target"], "/slack/services/T0/B0/slack-secret-token")
        j = json.loads(slack["body"])
        self.assertIn("wanwatch test alert", j["text"])
        self.assertEqual(j["blocks"][0]["type"], "header")

        # A second test within 10 s: 429 with the seconds left.
        status, h, body = call(self.d, "POST", "/api/alerts/test")
        self.assertEqual(status, 429)
        self.assertTrue(1 <= int(h["retry-after"]) <= 10, h.get("retry-after"))
        self.assertIn("cooldown", body["detail"])
        self.assertEqual(self.rx.take(), [], "a refused test sends nothing")

    def test_3_put_validation_table_changes_nothing(self):
        before = call(self.d, "GET", "/api/alerts")[2]
        bad = [
            ({"failure_threshold": -1}, "failure_threshold: "),
            ({"failure_threshold": "3"}, "failure_threshold: "),
            ({"cooldown_minutes": 0}, "cooldown_minutes: "),
            ({"cooldown_minutes": 10081}, "cooldown_minutes: "),
            ({"enabled": "yes"}, "enabled: "),
            ({"unknown_key": 1}, "unknown_key: unknown field"),
            ({"allow_cidrs": ["0.0.0.0/0"]}, "allow_cidrs: "),
            ({"providers": {"ntfy": {"priority": 6}}}, "providers.ntfy.priority: "),
            ({"providers": {"gotify": {"priority": 11}}}, "providers.gotify.priority: "),
            ({"providers": {"ntfy": {"topic": ""}}}, "providers.ntfy.topic: required"),
            ({"providers": {"gotify": {"token": ""}}}, "providers.gotify.token: required"),
            ({"providers": {"webhook": {"url": "ftp://example.com/x"}}},
             "providers.webhook.url: "),
            ({"providers": {"webhook": {"url": "http://10.1.2.3/x"}}}, "providers.webhook.url: "),
            ({"providers": {"slack": {"url": "http://169.254.169.254/latest"}}},
             "providers.slack.url: "),
            ({"providers": {"pager": {"enabled": True}}}, "providers.pager: "),
            ({"providers": {"ntfy": {"tags": "a\r\nX-Injected: 1"}}}, "providers.ntfy.tags: "),
            ({"min_download_mbps": -3}, "min_download_mbps: "),
            (b"{not json", "body must be a JSON object"),
            ([1, 2], "body: "),
        ]
        for body, detail in bad:
            with self.subTest(body=body):
                status, _, answer = call(self.d, "PUT", "/api/alerts", body)
                self.assertEqual(status, 400, answer)
                self.assertTrue(answer["detail"].startswith(detail), answer)
        self.assertEqual(call(self.d, "GET", "/api/alerts")[2], before)

    def test_4_key_is_required(self):
        for method, path in (("PUT", "/api/alerts"), ("POST", "/api/alerts/test"),
                             ("PUT", "/api/v1/alerts")):
            status, _, body = call(self.d, method, path, {"enabled": False}, key=None)
            self.assertEqual(status, 401, path)
            self.assertIn("detail", body)
        self.assertEqual(call(self.d, "GET", "/api/alerts")[2]["enabled"], True)

    def test_5_failing_receiver_makes_the_test_partial(self):
        status, _, body = call(self.d, "PUT", "/api/alerts", {
            "providers": {"gotify": {"url": self.rx.base() + "/fail/gotify"}}})
        self.assertEqual((status, body), (200, {"status": "success", "message":
                                                "Alert configuration updated successfully"}))
        self.rx.take()
        status, body = wait_for_test_slot(self.d)
        self.assertEqual(status, 200)
        self.assertEqual(body["status"], "partial", body)
        self.assertEqual(body["message"], "Test alert sent to 5 of 6 provider(s)")
        self.assertIs(body["results"]["gotify"], False)
        self.assertEqual(sum(body["results"].values()), 5)
        self.assertEqual(list(body["errors"]), ["gotify"])
        self.assertNotIn(GOTIFY_TOKEN, body["errors"]["gotify"], "errors never hold secrets")
        self.assertEqual(len(self.rx.matching("/fail/gotify/message?token=")), 1,
                         "one attempt per provider for a test")
        status, _, health = call(self.d, "GET", "/api/health")
        alerts = find_component(health, "alerts")
        self.assertIsNotNone(alerts, health)
        # A failed test is answered to its caller: counted apart, never a health problem.
        self.assertEqual(alerts["failures"], 0, alerts)
        self.assertTrue(alerts["ok"], alerts)
        self.assertRegex(alerts["detail"], r"\d+ test alerts \([1-9]\d* failed\)")
        self.assertIn("deliveries sent", alerts["detail"])

    def test_6_put_survives_kill_and_restart(self):
        change = {"failure_threshold": 5, "cooldown_minutes": 15, "on_drops": False,
                  "max_ping_ms": 80.5,
                  "providers": {"ntfy": {"priority": 2, "token": "new-ntfy-token-9876"},
                                "slack": {"enabled": False}}}
        self.assertEqual(call(self.d, "PUT", "/api/alerts", change)[0], 200)
        expected = call(self.d, "GET", "/api/alerts")[2]
        self.assertEqual(expected["providers"]["ntfy"]["token"], "****9876")
        self.assertEqual(expected["providers"]["ntfy"]["topic"], "wan_alerts", "partial update")
        old = self.d
        old.stop(sig=signal.SIGKILL)
        with open(old.config_path) as f:
            config_text = f.read()
        restarted = harness.Daemon(BIN, config_text, env=dict(os.environ, API_KEY=KEY),
                                   data_dir=old.data_dir)
        type(self).older.append(old)  # its temp dir holds the data dir: cleaned at the end
        type(self).d = restarted.start()
        after = call(self.d, "GET", "/api/alerts")[2]
        self.assertEqual(after, expected)
        self.assertEqual(after["failure_threshold"], 5)
        self.assertIs(after["providers"]["slack"]["enabled"], False)


class NoAllowlistTest(unittest.TestCase):
    def test_loopback_urls_are_refused_without_allow_cidrs(self):
        rx = Receivers()
        d = start_daemon(providers_toml(rx.base(), allow=False))
        try:
            before = call(d, "GET", "/api/alerts")[2]
            for url in (rx.base() + "/webhook/x", "http://localhost:%d/x" % rx.port,
                        "http://2130706433/x", "http://[::ffff:127.0.0.1]/x", "http://10.0.0.1/"):
                status, _, body = call(d, "PUT", "/api/alerts",
                                       {"providers": {"webhook": {"url": url}}})
                self.assertEqual(status, 400, (url, body))
                self.assertTrue(body["detail"].startswith("providers.webhook.url: "), body)
            self.assertEqual(call(d, "GET", "/api/alerts")[2], before)
            # The file's loopback URLs are refused at send time by the guard.
            status, _, body = call(d, "POST", "/api/alerts/test")
            self.assertEqual(status, 200)
            self.assertEqual(body["status"], "failed", body)
            self.assertEqual(body["results"], {name: False for name in SIX})
            self.assertEqual(sorted(body["errors"]), sorted(SIX))
            self.assertEqual(rx.take(), [], "nothing reached the receivers")
        finally:
            d.stop()
            d.tmp.cleanup()
            rx.close()


class SpeedtestFailureAlertTest(unittest.TestCase):
    def test_two_failed_runs_alert_once_and_a_success_recovers(self):
        rx = Receivers()
        peer = SpeedtestPeer(mode="fail")
        peer.__enter__()
        d = start_daemon("""
[speedtest]
servers = ["%s"]
protocol = "librespeed"
streams = 1
duration_seconds = 2
warmup_ms = 500
[outages]
enabled = false
[alerts]
failure_threshold = 2
on_drops = false
on_outages = false
on_uplink_changes = false
allow_cidrs = ["127.0.0.0/8"]
[alerts.webhook]
enabled = true
url = "%s/webhook/st"
""" % (peer.url, rx.base()))
        try:
            def results_total():
                status, _, body = call(d, "GET", "/api/results")
                return body["total"] if status == 200 else 0

            def run(expected_total):
                self.assertEqual(call(d, "POST", "/api/trigger")[2], {"status": "started"})
                # A failed test is retried once, 30 s later: one run, two results.
                harness.wait_until(lambda: results_total() >= expected_total, 90,
                                   "%d results" % expected_total, check=d.check_alive,
                                   interval=0.5)
                harness.wait_until(
                    lambda: call(d, "GET", "/api/trigger/status")[2]["running"] is False, 30,
                    "the run to end", check=d.check_alive, interval=0.5)

            run(2)
            self.assertEqual(rx.matching("/webhook/st"), [])
            run(4)
            hooks = harness.wait_until(lambda: rx.matching("/webhook/st"), 15,
                                       "the failure webhook", check=d.check_alive)
            self.assertEqual(len(hooks), 1)
            j = json.loads(hooks[0]["body"])
            self.assertEqual(j["type"], "speedtest_failure")
            self.assertEqual(j["consecutive_failures"], 2)
            self.assertEqual(j["failure_count"], 2)
            self.assertTrue(j["error"])
            self.assertEqual(j["last_error"], j["error"])

            peer.server.mode = "both"
            self.assertEqual(call(d, "POST", "/api/trigger")[2], {"status": "started"})
            hooks = harness.wait_until(lambda: len(rx.matching("/webhook/st")) >= 2 and
                                       rx.matching("/webhook/st"), 60, "the recovery webhook",
                                       check=d.check_alive, interval=0.5)
            types = [json.loads(h["body"])["type"] for h in hooks]
            self.assertEqual(types, ["speedtest_failure", "speedtest_recovery"])
        finally:
            d.stop()
            d.tmp.cleanup()
            peer.__exit__(None, None, None)
            rx.close()


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
