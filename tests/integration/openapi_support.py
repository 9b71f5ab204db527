"""Helpers of test_openapi.py: the daemon it runs (two uplinks on loopback and
a report fixture), requests from an address outside the allowed networks,
and $ref resolution in the OpenAPI document."""
import http.client
import http.server
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")
OUTSIDE = "203.0.113.1"  # added to lo inside the private namespace: not an allowed network
UP = "Liquid (BGP01)"
DOWN = "LTE (NAT)"
REPORT = "report_2026-01-01_daily.html"


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
