"""Helpers of test_openapi.py: the daemon it runs (two uplinks on loopback, a
report fixture, speed tests against its own test point), requests from an
address outside the allowed networks, $ref resolution in the OpenAPI
document, and the speed test API's cases."""
import http.client
import http.server
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

try:
    import jsonschema
except ImportError:  # test_openapi.py reports it
    jsonschema = None

BIN = os.environ.get("WANWATCH_BIN", "")
OUTSIDE = "203.0.113.1"  # added to lo inside the private namespace: not an allowed network
UP = "Liquid (BGP01)"
DOWN = "LTE (NAT)"
REPORT = "report_2026-01-01_daily.html"


def speedtest_config(web_port):
    """Speed tests against the daemon's own test point: loopback only, short."""
    return """
[speedtest]
servers = ["http://127.0.0.1:%d/"]
protocol = "librespeed"
streams = 2
duration_seconds = 2
warmup_ms = 500

[speedtest_server]
enabled = true
""" % web_port


def config(http_port, probe_targets):
    """Two uplinks on lo: one whose checks answer (its HTTP check is the
    test's own server), one whose ping targets have no route (192.0.2.0/24 is
    not routed in the namespace: probes fail at once, nothing leaves it) and
    whose HTTP check goes to a closed loopback port (refused at once)."""
    return harness.loopback_config(targets=probe_targets, interval_ms=200) + """
[uplink_defaults]
live_min_interval_ms = 2000

[[uplinks]]
name = "%s"
interface = "lo"
gateway = "127.0.0.1"
ping_targets = ["127.0.0.2", "127.0.0.3"]
http_urls = ["http://127.0.0.1:%d/"]

[[uplinks]]
name = "%s"
interface = "lo"
gateway = "none"
nat = true
ping_targets = ["192.0.2.10", "192.0.2.11"]
http_urls = ["http://127.0.0.1:%d/"]
""" % (UP, http_port, DOWN, harness.free_port())


class _Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def start_http_check_server():
    """The UP uplink's HTTP check target, on loopback in the namespace."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start_daemon(http_port, probe_targets):
    d = harness.Daemon(BIN, config(http_port, probe_targets))
    with open(d.config_path, "a") as f:  # the web port is known once the Daemon exists
        f.write(speedtest_config(d.port))
    reports = os.path.join(d.data_dir, "reports")
    os.makedirs(reports)
    with open(os.path.join(reports, REPORT), "w") as f:
        f.write("<!DOCTYPE html><title>report</title><p>fixture</p>\n")
    return d.start()


def request_from(source, port, path, headers=None):
    """One GET from a chosen source address: (status, headers, body)."""
    conn = http.client.HTTPConnection(source, port, timeout=20, source_address=(source, 0))
    try:
        conn.request("GET", path, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def resolve(doc, node):
    """`node` with every local $ref replaced by its target (the document has no cycles)."""
    if isinstance(node, list):
        return [resolve(doc, n) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise AssertionError("non-local $ref " + ref)
        target = doc
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        merged = dict(resolve(doc, target))
        merged.update({k: resolve(doc, v) for k, v in node.items() if k != "$ref"})
        return merged
    return {k: resolve(doc, v) for k, v in node.items()}


def media_matches(documented, actual):
    actual = actual.split(";")[0].strip().lower()
    if documented == "*/*":
        return True
    if documented.endswith("/*"):
        return actual.startswith(documented[:-1])
    return actual == documented


# Answers fetched before the first speed test: the 404s of an empty results table.
BEFORE_FIRST_TEST = ["/api/results", "/api/results/latest"]


def record_before_first_test(d):
    """{url: (status, headers, body)} for BEFORE_FIRST_TEST and their /api/v1/ aliases."""
    urls = BEFORE_FIRST_TEST + ["/api/v1/" + u[len("/api/"):] for u in BEFORE_FIRST_TEST]
    return {u: d.request(u) for u in urls}


def run_speed_test(d):
    """POST /api/trigger, then wait (deadline) until /api/trigger/status says it ended."""
    status, _, body = d.request("/api/trigger", "POST")
    assert status == 200 and json.loads(body)["status"] == "started", (status, body)
    harness.wait_until(lambda: d.get_json("/api/trigger/status")["running"] is False, 60,
                       "the speed test to end", check=d.check_alive, interval=0.5)


def assert_documented(doc, op, status, h, body):
    """The answer's status, headers, content type and body are as the operation
    `op` documents them; returns the decoded body (JSON or text)."""
    assert str(status) in op["responses"], "status %s not documented" % status
    response = resolve(doc, op["responses"][str(status)])
    for name in response.get("headers", {}):
        assert name.lower() in h, "documented header %s missing" % name
    content = response.get("content")
    if not content:
        assert body == b"", "an answer without documented content has no body"
        return None
    media = [m for m in content if media_matches(m, h.get("content-type", ""))]
    assert media, "content type %r not documented (%s)" % (h.get("content-type"), list(content))
    schema = resolve(doc, content[media[0]]["schema"])
    decoded = json.loads(body) if media[0] == "application/json" else body.decode("utf-8")
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(decoded),
                    key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join("%s: %s" % ("/".join(map(str, e.absolute_path)), e.message)
                                 for e in errors[:10])
    return decoded


def check_measured(body):
    """A speed test against the own test point measured real figures."""
    assert body["status"] == "ok" and body["download_mbps"] > 0 and body["upload_mbps"] > 0, body


def speedtest_cases(case):
    """The speed test API's GET cases (`case` is test_openapi's Case)."""
    return [
        case("/api/results", "/api/results", 404, before=True),
        case("/api/results/latest", "/api/results/latest", 404, before=True),
        case("/api/results", "/api/results", 200),
        case("/api/results", "/api/results?page=1&page_size=500", 200),
        case("/api/results", "/api/results?page=2&page_size=1", 404),
        case("/api/results", "/api/results?page=0", 400),
        case("/api/results", "/api/results?page_size=501", 400),
        case("/api/results/latest", "/api/results/latest", 200, check=check_measured),
        case("/api/config", "/api/config", 200),
        case("/api/trigger/status", "/api/trigger/status", 200),
    ]


def outage_cases(case):
    """The outage API's GET cases (`case` is test_openapi's Case)."""
    return [
        case("/api/outages", "/api/outages", 200),
        case("/api/outages", "/api/outages?page=1&page_size=500", 200),
        case("/api/outages", "/api/outages?page=999", 200),
        case("/api/outages", "/api/outages?page=0", 400),
        case("/api/outages", "/api/outages?page_size=501", 400),
        case("/api/outage-status", "/api/outage-status", 200),
    ]


# PUT and POST: (method, path, body, status). The daemon has no API key: 401 is
# exercised by test_speedtest_api.py and test_http_security.py.
WRITE_CASES = [
    ("PUT", "/api/config", {"speedtest_interval_minutes": 30, "scanning_enabled": True}, 200),
    ("PUT", "/api/config", {"interval_minutes": 4}, 400),
    ("PUT", "/api/config", {"interval_minutes": 60}, 200),
    ("POST", "/api/trigger", None, 200),
    ("PUT", "/api/alerts", {"cooldown_minutes": 30, "providers": {"ntfy": {"priority": 4}}}, 200),
    ("PUT", "/api/alerts", {"cooldown_minutes": 0}, 400),
    ("PUT", "/api/alerts", {"providers": {"ntfy": {"priority": 6}}}, 400),
    ("POST", "/api/alerts/test", None, 200),
]
