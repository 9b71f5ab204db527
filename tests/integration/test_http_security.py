"""The HTTP security layer of the real daemon, black-box: API key (401),
rate limits (429 with a computed Retry-After), the limit on failed keys, CORS
pre-flight, the CIDR gate with X-Forwarded-For, security headers on every
status, malformed requests, and configuration errors (exit 2).

Runs in its own network namespace (harness.enter_private_netns); extra
addresses from the documentation ranges are added to that namespace's
loopback so that a client can come from outside the allowed networks."""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")
KEY = "it-key-0123456789abcdef0123456789abcdef"
OUTSIDE = "203.0.113.1"  # not in the default allowed networks
ORIGIN = "https://app.example"
SECURITY_HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "cross-origin-resource-policy": "same-origin",
    "referrer-policy": "strict-origin-when-cross-origin",
}


def config(extra_web="", extra_security=""):
    return harness.loopback_config(targets=("127.0.0.1",), extra="""
[web]
%s
[security]
cors_origins = ["%s"]
%s
""" % (extra_web, ORIGIN, extra_security))


class _Daemon(harness.Daemon):
    """harness.Daemon that also removes its temporary directory when stopped."""

    def __exit__(self, *exc):
        try:
            return super().__exit__(*exc)  # prints the log on failure first
        finally:
            self.tmp.cleanup()


def daemon(extra_web="", extra_security="", key=KEY):
    env = dict(os.environ)
    env.pop("API_KEY", None)
    if key:
        env["API_KEY"] = key
    return _Daemon(BIN, config(extra_web, extra_security), env=env)


def raw_exchange(port, data, host="127.0.0.1", timeout=5):
    """Sends raw bytes, returns everything the server sends until it closes."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def request_from(source, port, method, path, headers=None, body=None):
    """One request from a chosen source address: (status, headers, body)."""
    import http.client
    conn = http.client.HTTPConnection(source, port, timeout=5, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


class SecurityTestCase(unittest.TestCase):
    def assert_security_headers(self, headers, what):
        for name, value in SECURITY_HEADERS.items():
            self.assertEqual(headers.get(name), value, "%s: %s" % (what, name))

    def assert_detail(self, body, expected):
        self.assertEqual(json.loads(body)["detail"], expected)


class ApiKeyTest(SecurityTestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = daemon().start()

    @classmethod
    def tearDownClass(cls):
        cls.d.__exit__(None, None, None)

    def test_post_without_key_is_401_before_routing(self):
        status, headers, body = self.d.request("/api/status", "POST", b"{}")
        self.assertEqual(status, 401)
        self.assert_detail(body, "Missing API key")
        self.assertIn("X-Api-Key", headers.get("www-authenticate", ""))
        self.assert_security_headers(headers, "401")

    def test_wrong_key_is_401(self):
        for wrong in (KEY[:-1], KEY + "x", "x" * len(KEY)):
            status, _, body = self.d.request("/api/status", "PUT", b"{}", {"X-Api-Key": wrong})
            self.assertEqual(status, 401, wrong)
            self.assert_detail(body, "Invalid API key")

    def test_right_key_reaches_the_router(self):
        status, headers, _ = self.d.request("/api/status", "POST", b"{}", {"X-Api-Key": KEY})
        self.assertEqual(status, 405)
        self.assertIn("GET", headers.get("allow", ""))
        self.assert_security_headers(headers, "405")
        status, headers, _ = self.d.request("/api/nothing-here", "DELETE", None,
                                            {"X-Api-Key": KEY})
        self.assertEqual(status, 404)
        self.assert_security_headers(headers, "404")

    def test_reads_need_no_key(self):
        status, headers, _ = self.d.request("/api/status")
        self.assertEqual(status, 200)
        self.assert_security_headers(headers, "200")

    def test_oversized_body_is_413_with_headers(self):
        status, headers, body = self.d.request("/api/status", "POST", b"x" * ((1 << 20) + 1),
                                               {"X-Api-Key": KEY})
        self.assertEqual(status, 413)
        self.assert_detail(body, "request body too large")
        self.assert_security_headers(headers, "413")

    def test_chunked_body_over_one_mebibyte_is_413(self):
        chunk = b"10000\r\n" + b"c" * 0x10000 + b"\r\n"
        head = b"POST /api/status HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
        reply = raw_exchange(self.d.port, head + chunk * 17 + b"0\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 413 "), reply[:200])
        self.assertIn(b"X-Frame-Options: DENY", reply)

    def test_cors_preflight(self):
        headers = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                   "Access-Control-Request-Headers": "x-api-key, content-type"}
        status, h, body = self.d.request("/api/status", "OPTIONS", None, headers)
        self.assertEqual(status, 204)
        self.assertEqual(body, b"")
        self.assertEqual(h.get("access-control-allow-origin"), ORIGIN)
        self.assertEqual(h.get("access-control-allow-methods"), "GET, POST, PUT")
        self.assertEqual(h.get("access-control-allow-headers"), "Content-Type, X-Api-Key")
        self.assertTrue(h.get("access-control-max-age", "").isdigit())
        self.assertEqual(h.get("vary"), "Origin")
        self.assert_security_headers(h, "204")
        headers["Origin"] = "https://evil.example"
        status, h, body = self.d.request("/api/status", "OPTIONS", None, headers)
        self.assertEqual(status, 403)
        self.assert_detail(body, "CORS origin not allowed")
        self.assertNotIn("access-control-allow-origin", h)
        self.assertEqual(h.get("vary"), "Origin")

    def test_cors_headers_on_simple_requests(self):
        _, h, _ = self.d.request("/api/status", headers={"Origin": ORIGIN})
        self.assertEqual(h.get("access-control-allow-origin"), ORIGIN)
        self.assertEqual(h.get("vary"), "Origin")
        _, h, _ = self.d.request("/api/status", headers={"Origin": "https://evil.example"})
        self.assertNotIn("access-control-allow-origin", h)
        self.assertEqual(h.get("vary"), "Origin")
        status, h, _ = self.d.request("/api/status", "POST", b"", {"Origin": ORIGIN})
        self.assertEqual(status, 401)
        self.assertEqual(h.get("access-control-allow-origin"), ORIGIN)


class RateLimitTest(SecurityTestCase):
    def test_sixty_protected_calls_then_429_with_computed_retry_after(self):
        with daemon() as d:
            first = time.monotonic()
            for i in range(60):
                status, _, _ = d.request("/api/status", "POST", b"", {"X-Api-Key": KEY})
                self.assertEqual(status, 405, "call %d" % i)
            status, h, body = d.request("/api/status", "POST", b"", {"X-Api-Key": KEY})
            elapsed = time.monotonic() - first
            self.assertEqual(status, 429)
            self.assert_security_headers(h, "429")
            retry = int(h["retry-after"])
            # The first call leaves the window 60 s after it was made.
            self.assertGreaterEqual(retry, 1)
            self.assertLessEqual(retry, 60)
            self.assertAlmostEqual(retry, 60 - elapsed, delta=2)
            self.assert_detail(body, "Rate limit exceeded. Try again in %d seconds." % retry)
            status, _, _ = d.request("/api/status")
            self.assertEqual(status, 200, "reads are not limited")

    def test_failed_keys_block_the_client_even_with_the_right_key(self):
        with daemon() as d:
            for i in range(10):
                status, _, _ = d.request("/api/status", "POST", b"", {"X-Api-Key": "guess%d" % i})
                self.assertEqual(status, 401)
            status, h, body = d.request("/api/status", "POST", b"", {"X-Api-Key": KEY})
            self.assertEqual(status, 429)
            retry = int(h["retry-after"])
            self.assertTrue(1 <= retry <= 60, retry)
            self.assertIn("failed authentication", json.loads(body)["detail"])
            self.assert_security_headers(h, "429")

    def test_zero_turns_the_limit_off(self):
        with daemon(extra_security="rate_limit_per_minute = 0") as d:
            for i in range(70):
                status, _, _ = d.request("/api/status", "POST", b"", {"X-Api-Key": KEY})
                self.assertEqual(status, 405, "call %d" % i)


class ConnectionLimitsTest(SecurityTestCase):
    def test_max_connections_and_header_timeout_from_config(self):
        # One HTTP thread: the test needs the silent client counted before the next connects.
        with daemon(extra_web="max_connections = 1\nheader_timeout_ms = 3000\nthreads = 1") as d:
            with socket.create_connection(("127.0.0.1", d.port), timeout=10) as silent:
                # The silent client holds the only slot: the next one is refused.
                reply = raw_exchange(d.port, b"GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n")
                self.assertTrue(reply.startswith(b"HTTP/1.1 503"), reply[:80])
                # It is dropped once header_timeout_ms has passed without headers.
                started = time.monotonic()
                self.assertEqual(silent.recv(1024), b"")
                self.assertLess(time.monotonic() - started, 9)
            harness.wait_until(lambda: d.request("/api/status")[0] == 200, 10,
                               "a new client is served once the slot is free")


class CidrGateTest(SecurityTestCase):
    @classmethod
    def setUpClass(cls):
        subprocess.run(["ip", "addr", "add", OUTSIDE + "/32", "dev", "lo"], check=True)

    @classmethod
    def tearDownClass(cls):
        subprocess.run(["ip", "addr", "del", OUTSIDE + "/32", "dev", "lo"], check=False)

    def test_outside_clients_get_403_on_restricted_paths(self):
        with daemon() as d:
            for path in ("/logs", "/reports/", "/api/history.csv", "/api/v1/history.csv"):
                status, h, body = request_from(OUTSIDE, d.port, "GET", path)
                self.assertEqual(status, 403, path)
                self.assert_detail(body, "Forbidden: %s is only available from allowed networks"
                                   % path)
                self.assert_security_headers(h, "403")
                status, _, _ = d.request(path)
                self.assertNotEqual(status, 403, "loopback may read " + path)
            status, _, _ = request_from(OUTSIDE, d.port, "GET", "/api/status")
            self.assertEqual(status, 200, "other paths stay public")

    def test_ipv4_mapped_peers_on_a_dual_stack_listener(self):
        with daemon(extra_web='bind = "::"') as d:
            status, _, _ = d.request("/logs")
            self.assertNotEqual(status, 403, "::ffff:127.0.0.1 is loopback")
            status, _, _ = request_from(OUTSIDE, d.port, "GET", "/logs")
            self.assertEqual(status, 403, "::ffff:203.0.113.1 is outside")

    def test_forwarded_for_only_through_a_trusted_proxy(self):
        with daemon(extra_web='trusted_proxies = ["127.0.0.1"]') as d:
            status, _, _ = d.request("/logs", headers={"X-Forwarded-For": "203.0.113.9"})
            self.assertEqual(status, 403, "the proxy forwards an outside client")
            status, _, _ = d.request("/logs", headers={"X-Forwarded-For": "203.0.113.9, 192.168.1.5"})
            self.assertNotEqual(status, 403, "rightmost untrusted hop is inside")
            status, _, _ = request_from(OUTSIDE, d.port, "GET", "/logs",
                                        {"X-Forwarded-For": "127.0.0.1"})
            self.assertEqual(status, 403, "an untrusted peer cannot claim to be inside")


class MalformedRequestTest(SecurityTestCase):
    CASES = [
        ("bad request line", b"GET /api/status HTTP/1.1 x\r\nHost: t\r\n\r\n", 400),
        ("HTTP/0.9", b"GET /api/status\r\n\r\n", 400),
        ("unknown version", b"GET /api/status HTTP/3.0\r\nHost: t\r\n\r\n", 400),
        ("duplicate Content-Length", b"POST /api/status HTTP/1.1\r\nHost: t\r\n"
         b"Content-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
        ("Content-Length with Transfer-Encoding", b"POST /api/status HTTP/1.1\r\nHost: t\r\n"
         b"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400),
        ("Transfer-Encoding not chunked", b"POST /api/status HTTP/1.1\r\nHost: t\r\n"
         b"Transfer-Encoding: gzip\r\n\r\nGET /api/status HTTP/1.1\r\nHost: t\r\n\r\n", 400),
        ("bad chunk size", b"POST /api/status HTTP/1.1\r\nHost: t\r\n"
         b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 400),
        ("invalid header character", b"GET /api/status HTTP/1.1\r\nHost: t\r\nX: a\x01b\r\n\r\n",
         400),
        ("absurdly long URL", b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: t\r\n\r\n", 431),
    ]

    def test_each_is_refused_and_the_daemon_keeps_serving(self):
        with daemon() as d:
            for name, data, expected in self.CASES:
                reply = raw_exchange(d.port, data)
                m = re.match(rb"HTTP/1\.1 (\d{3}) ", reply)
                self.assertTrue(m, "%s: no status line in %r" % (name, reply[:100]))
                self.assertEqual(int(m.group(1)), expected, name)
                self.assertIn(b"X-Content-Type-Options: nosniff", reply, name)
                self.assertEqual(reply.count(b"HTTP/1.1 "), 1, name + ": smuggled a second request")
                status, _, _ = d.request("/api/status")
                self.assertEqual(status, 200, "after " + name)


class ConfigErrorTest(unittest.TestCase):
    def run_binary(self, config_text, env_extra):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "c.toml")
            with open(path, "w") as f:
                f.write(config_text)
            data = os.path.join(tmp, "data")
            env = {"PATH": os.environ.get("PATH", ""), "HOME": tmp, "XDG_STATE_HOME": data}
            env.update(env_extra)
            p = subprocess.run([BIN, "--headless", "--config", path, "--data-dir", data],
                               capture_output=True, text=True, timeout=30, env=env)
            return p.returncode, p.stderr, os.path.exists(data)

    def test_short_api_key_exits_2_naming_the_key_and_variable(self):
        code, err, created = self.run_binary(config(), {"API_KEY": "x" * 31})
        self.assertEqual(code, 2, err)
        self.assertIn("security.api_key: must be at least 32 characters (got 31)", err)
        self.assertIn("API_KEY", err)
        self.assertNotIn("x" * 31, err, "the key itself is never printed")
        self.assertFalse(created)

    def test_bad_network_exits_2_naming_the_key_and_entry(self):
        code, err, created = self.run_binary(
            config(extra_web='allowed_networks = ["10.0.0.0/8", "10.1.0.0/8"]\n'
                             'trusted_proxies = ["proxy"]'), {})
        self.assertEqual(code, 2, err)
        self.assertIn('web.allowed_networks[1]: "10.1.0.0/8" has host bits set', err)
        self.assertIn('web.trusted_proxies[0]: "proxy" is not an IP network', err)
        self.assertFalse(created)


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
