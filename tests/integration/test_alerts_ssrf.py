"""The SSRF guard on the real daemon, black-box, in a private network namespace
that holds only loopback.

A daemon without alerts.allow_cidrs refuses a table of URLs at PUT /api/alerts
(400, detail naming the field): every numeric notation of loopback, private,
link-local, metadata, CGNAT, documentation, multicast and reserved addresses,
IPv4-embedding IPv6 forms, userinfo and fragment tricks, localhost names and
other schemes; the settings stay unchanged.

A daemon allowing 127.0.0.0/8 sends a test alert: the webhook's receiver answers
302 to a second server, which sees nothing (redirects are not followed); Slack's
URL and Gotify's (set by PUT: stored) name hosts that cannot be resolved,
refused at send; Discord's
reaches its receiver. Errors name the scheme and host, never the path.
"""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from recording_http_server import RecordingHttpServer  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")
KEY = "it-key-0123456789abcdef0123456789abcdef"

REFUSED = [
    "http://127.0.0.1/", "http://2130706433/", "http://0177.0.0.1/", "http://0x7f.1/",
    "http://0x7f000001/", "http://127.1/", "http://0177.0x0.1/", "http://127.0.0.1./",
    "HTTP://127.0.0.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/",
    "http://[0:0:0:0:0:ffff:127.0.0.1]/", "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/",
    "http://evil@127.0.0.1/", "http://example.com@127.0.0.1/", "http://127.0.0.1#@example.com/",
    "http://127.0.0.1\\@example.com/", "http://localhost/", "http://localhost./",
    "http://api.localhost/", "http://10.0.0.1/", "http://10.1/", "http://167772161/",
    "http://172.16.5.4/", "http://192.168.0.1/", "http://0xc0.0xa8.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://0xa9fea9fe/", "http://169.254.1.1/",
    "http://100.64.0.1/", "http://[fd00:ec2::254]/", "http://[fc00::1]/", "http://[fe80::1]/",
    "http://[fe80::1%25eth0]/", "http://0.0.0.0/", "http://0/", "http://[::]/",
    "http://224.0.0.1/", "http://[ff02::1]/", "http://240.0.0.1/", "http://255.255.255.255/",
    "http://192.0.2.1/", "http://198.51.100.7/", "http://203.0.113.9/", "http://[2001:db8::1]/",
    "http://198.18.0.1/", "file:///etc/passwd", "ftp://ftp.example.com/", "gopher://127.0.0.1:25/",
    "data:text/plain,hello", "javascript:alert(1)", "http://ntfy.example.com:0/",
    "http://ntfy.example.com:65536/", "http://1.2.3.4.5/", "http:///path",
]


class Recorder(RecordingHttpServer):
    """An HTTP server on 127.0.0.1 recording every request; answers `status`
    (with Location when set)."""

    def __init__(self, status=200, location=None):
        headers = {"Location": location} if location else {}
        super().__init__(reply=lambda _path: (status, b"", headers))

    def url(self, path):
        return self.base() + path

    def seen(self):
        return [r["target"] for r in self.requests()]


def start_daemon(alerts_toml):
    config = harness.loopback_config(targets=("127.0.0.1",), extra="""
[outages]
enabled = false
""" + alerts_toml)
    env = dict(os.environ, API_KEY=KEY, RATE_LIMIT_PER_MINUTE="0")
    return harness.Daemon(BIN, config, env=env).start()


def call(d, method, path, body=None):
    headers = {"Content-Type": "application/json", "X-Api-Key": KEY}
    data = None if body is None else json.dumps(body).encode()
    status, _, raw = d.request(path, method, data, headers, timeout=30)
    return status, json.loads(raw) if raw else None


class RefusedAtPutTest(unittest.TestCase):
    def test_every_url_of_the_table_is_refused(self):
        self.assertGreaterEqual(len(REFUSED), 40)
        d = start_daemon("""
[alerts]
on_drops = false
on_outages = false
on_uplink_changes = false
""")
        try:
            before = call(d, "GET", "/api/alerts")[1]
            for url in REFUSED:
                status, body = call(d, "PUT", "/api/alerts",
                                    {"providers": {"webhook": {"enabled": True, "url": url}}})
                self.assertEqual(status, 400, (url, body))
                self.assertTrue(body["detail"].startswith("providers.webhook.url: "), (url, body))
            self.assertEqual(call(d, "GET", "/api/alerts")[1], before)
            d.check_alive()
        finally:
            d.stop()
            d.tmp.cleanup()


class SendTimeGuardTest(unittest.TestCase):
    def test_redirects_unresolvable_names_and_an_allowed_delivery(self):
        target = Recorder()
        redirector = Recorder(status=302, location=target.url("/stolen"))
        d = start_daemon("""
[alerts]
on_drops = false
on_outages = false
on_uplink_changes = false
allow_cidrs = ["127.0.0.0/8"]
[alerts.webhook]
enabled = true
url = "%s"
[alerts.slack]
enabled = true
url = "https://hooks.unresolvable.example/services/slack-secret-token"
[alerts.discord]
enabled = true
url = "%s"
""" % (redirector.url("/hook-secret-path"), target.url("/discord/ok")))
        try:
            # A name that does not resolve now is stored: it is judged at each send.
            status, body = call(d, "PUT", "/api/alerts", {"providers": {"gotify": {
                "enabled": True, "url": "https://gotify.unresolvable.example", "token": "t"}}})
            self.assertEqual(status, 200, body)
            status, body = call(d, "POST", "/api/alerts/test")
            self.assertEqual(status, 200, body)
            self.assertEqual(body["status"], "partial", body)
            self.assertIs(body["results"]["discord"], True, body)
            self.assertIs(body["results"]["webhook"], False, body)
            self.assertIs(body["results"]["slack"], False, body)
            self.assertIs(body["results"]["gotify"], False, body)
            self.assertIn("cannot resolve gotify.unresolvable.example", body["errors"]["gotify"])
            self.assertIn("redirect not followed", body["errors"]["webhook"])
            self.assertIn("cannot resolve hooks.unresolvable.example", body["errors"]["slack"])
            for error in body["errors"].values():
                self.assertNotIn("secret", error)
            self.assertEqual(redirector.seen(), ["/hook-secret-path"])
            self.assertEqual(target.seen(), ["/discord/ok"], "the redirect was not followed")
        finally:
            d.stop()
            d.tmp.cleanup()
            target.close()
            redirector.close()


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
