"""The speed test endpoints (the test point), black-box: `wanwatch speedtest-server`
alone, and the daemon with [speedtest_server] on (and off: 404). Exact byte
counts for __down and garbage (with and without .php, under /backend/), uploads
of 50 MB read and discarded, keep-alive across many requests, the caps (413 per
request, 503 + Retry-After over the concurrent transfers, held open by clients
that do not read), 400 on bad counts, CORS and security headers, and an API key
that does not apply to these paths.

Runs in its own network namespace (harness.enter_private_netns)."""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")
KEY = "it-key-0123456789abcdef0123456789abcdef"
MIB = 1 << 20
CAP_MB = 64
SECURITY_HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "cross-origin-resource-policy": "same-origin",
    "referrer-policy": "strict-origin-when-cross-origin",
}
LIBRESPEED_PREFIXES = ("/", "/backend/")
LIBRESPEED_SUFFIXES = ("", ".php")


class Standalone:
    """`wanwatch speedtest-server` on port 0; the port is read from its first line."""

    def __init__(self, *args, listen="127.0.0.1:0"):
        self.tmp = tempfile.TemporaryDirectory(prefix="ww-st-")
        self.out_path = os.path.join(self.tmp.name, "out.log")
        self.cmd = [BIN, "speedtest-server", "--listen", listen] + list(args)
        self.host = listen.rsplit(":", 1)[0].strip("[]")
        self.proc = None
        self.port = None

    def start(self):
        self.out = open(self.out_path, "wb")
        self.proc = subprocess.Popen(self.cmd, stdout=self.out, stderr=subprocess.STDOUT)
        line = harness.wait_until(self._listening_line, 20, "speedtest-server to listen",
                                  check=self._check_alive)
        self.port = int(line.split("listening on http://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])
        return self

    def _listening_line(self):
        with open(self.out_path, "rb") as f:
            for line in f.read().decode("utf-8", "replace").splitlines():
                if "listening on http://" in line:
                    return line
        return None

    def _check_alive(self):
        if self.proc.poll() is not None:
            raise AssertionError("speedtest-server exited with %s: %s" %
                                 (self.proc.returncode, self.output()))

    def output(self):
        with open(self.out_path, "rb") as f:
            return f.read().decode("utf-8", "replace")[-4000:]

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("speedtest-server did not stop on SIGTERM")
        self.out.close()
        self.tmp.cleanup()
        return self.proc.returncode


def fetch(host, port, method, path, body=None, headers=None, timeout=30):
    """One request on a fresh connection: (status, lower-case headers, body)."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def curl(*args):
    """curl's -w output (stdout) for a transfer; -o /dev/null unless given."""
    out = subprocess.run(["curl", "-sS", "--max-time", "60"] + list(args), check=True,
                         capture_output=True, timeout=90)
    return out.stdout.decode()


def chunks(total, piece=MIB):
    """A generator body: http.client sends it chunked (no Content-Length)."""
    block = b"u" * piece
    sent = 0
    while sent < total:
        n = min(piece, total - sent)
        yield block[:n]
        sent += n


class EndpointChecks:
    """The endpoint contract, run against the standalone server and the daemon."""
    host = "127.0.0.1"
    port = None

    def get(self, path, **kw):
        return fetch(self.host, self.port, "GET", path, **kw)

    def url(self, path):
        return "http://%s:%d%s" % (self.host, self.port, path)

    def assert_test_point_headers(self, headers, what):
        for name, value in SECURITY_HEADERS.items():
            self.assertEqual(headers.get(name), value, "%s: %s" % (what, name))
        self.assertEqual(headers.get("access-control-allow-origin"), "*", what)

    def test_down_sends_exactly_the_bytes_asked_for(self):
        for n in (0, 1, 12345, MIB - 1, MIB, MIB + 1, 5 * MIB + 3):
            status, headers, body = self.get("/__down?bytes=%d" % n)
            self.assertEqual(status, 200, n)
            self.assertEqual(len(body), n)
            self.assertEqual(headers.get("content-length"), str(n))
            self.assertEqual(headers.get("content-type"), "application/octet-stream")
            self.assertNotIn("content-encoding", headers)
            self.assertIn("no-store", headers.get("cache-control", ""))
            self.assert_test_point_headers(headers, "__down %d" % n)
        # The same through curl, counted by curl.
        self.assertEqual(curl("-o", "/dev/null", "-w", "%{http_code} %{size_download}",
                              self.url("/__down?bytes=33554431")), "200 33554431")

    def test_the_bytes_are_random(self):
        _, _, body = self.get("/__down?bytes=%d" % (2 * MIB))
        # Incompressible: deflate cannot shrink it (zeros would shrink ~1000×).
        self.assertGreater(len(zlib.compress(body, 6)), len(body) * 0.99)

    def test_garbage_sends_cksize_mib_at_every_librespeed_path(self):
        for prefix in LIBRESPEED_PREFIXES:
            for suffix in LIBRESPEED_SUFFIXES:
                path = "%sgarbage%s" % (prefix, suffix)
                status, headers, body = self.get(path + "?ckSize=3&r=0.42")
                self.assertEqual((status, len(body)), (200, 3 * MIB), path)
                self.assertEqual(headers.get("content-type"), "application/octet-stream")
                self.assert_test_point_headers(headers, path)
                self.assertEqual(curl("-o", "/dev/null", "-w", "%{http_code} %{size_download}",
                                      self.url(path)), "200 %d" % (4 * MIB), path + " default")

    def test_uploads_of_50_mb_are_read_and_answered(self):
        with tempfile.NamedTemporaryFile(prefix="ww-up-") as f:
            f.write(os.urandom(MIB) * 50)
            f.flush()
            for path in ("/__up", "/empty.php"):
                out = curl("-o", "/dev/null", "-w", "%{http_code} %{size_upload}",
                           "--data-binary", "@" + f.name, self.url(path))
                self.assertEqual(out, "200 %d" % (50 * MIB), path)
        for path in ("/empty", "/backend/empty", "/backend/empty.php"):
            status, _, body = fetch(self.host, self.port, "POST", path, body=b"e" * (4 * MIB))
            self.assertEqual((status, body), (200, b""), path)
        # Chunked (no Content-Length) is read to its end just as well.
        status, headers, body = fetch(self.host, self.port, "POST", "/__up",
                                      body=chunks(20 * MIB))
        self.assertEqual((status, body), (200, b""))
        self.assert_test_point_headers(headers, "__up")

    def test_getip_and_latency_gets(self):
        status, headers, body = self.get("/getIP")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), {"processedString": "127.0.0.1 - localhost IPv4 access",
                                            "rawIspInfo": ""})
        self.assert_test_point_headers(headers, "getIP")
        for path in ("/backend/getIP.php", "/getIP.php?isp=true&distance=km"):
            self.assertEqual(json.loads(self.get(path)[2])["rawIspInfo"], "", path)
        status, _, body = self.get("/empty.php?r=0.1")
        self.assertEqual((status, body), (200, b""))

    def test_keep_alive_serves_many_requests_on_one_connection(self):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.connect()
            sock = conn.sock
            sizes = []
            for i in range(4):
                conn.request("GET", "/__down?bytes=%d" % (MIB + i))
                sizes.append(len(conn.getresponse().read()))
                conn.request("POST", "/empty.php", body=b"x" * (3 * MIB))
                r = conn.getresponse()
                self.assertEqual((r.status, r.read()), (200, b""))
                conn.request("GET", "/garbage.php?ckSize=1")
                sizes.append(len(conn.getresponse().read()))
                conn.request("GET", "/getIP")
                r = conn.getresponse()
                self.assertEqual((r.status, json.loads(r.read())["rawIspInfo"]), (200, ""))
            self.assertIs(conn.sock, sock, "the connection was replaced")
            self.assertEqual(sizes, [MIB, MIB, MIB + 1, MIB, MIB + 2, MIB, MIB + 3, MIB])
        finally:
            conn.close()
        out = curl("-w", "%{num_connects} ", "-o", "/dev/null", "-o", "/dev/null", "-o",
                   "/dev/null", self.url("/__down?bytes=100"), self.url("/getIP"),
                   self.url("/garbage?ckSize=1"))
        self.assertEqual(out.split(), ["1", "0", "0"])

    def test_bad_counts_are_400(self):
        for path in ("/__down", "/__down?bytes=", "/__down?bytes=abc", "/__down?bytes=-5",
                     "/__down?bytes=1e6", "/garbage?ckSize=x", "/garbage.php?ckSize=-1"):
            status, headers, body = self.get(path)
            self.assertEqual(status, 400, path)
            self.assertTrue(json.loads(body)["detail"], path)
            self.assert_test_point_headers(headers, path)

    def test_over_the_cap_is_413(self):
        for path in ("/__down?bytes=%d" % (CAP_MB * MIB + 1), "/garbage?ckSize=%d" % (CAP_MB + 1),
                     "/__down?bytes=999999999999999999999999"):
            status, headers, body = self.get(path)
            self.assertEqual(status, 413, path)
            self.assertEqual(json.loads(body)["detail"],
                             "download larger than this test point's limit of %d MiB per request"
                             % CAP_MB)
            self.assert_test_point_headers(headers, path)
        status, headers, _ = fetch(self.host, self.port, "HEAD", "/__down?bytes=%d" % (CAP_MB * MIB))
        self.assertEqual((status, headers.get("content-length")), (200, str(CAP_MB * MIB)))
        # A declared upload over the cap is refused before its body is sent.
        with socket.create_connection((self.host, self.port), timeout=10) as s:
            s.sendall(b"POST /__up HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n"
                      b"Expect: 100-continue\r\n\r\n" % (CAP_MB * MIB + 1))
            answer = s.recv(65536)
            self.assertTrue(answer.startswith(b"HTTP/1.1 413 "), answer[:100])
            self.assertIn(b"limit of %d MiB" % CAP_MB, answer)
        # A chunked upload is cut off where it passes the cap.
        status, _, body = fetch(self.host, self.port, "POST", "/empty.php",
                                body=chunks(CAP_MB * MIB + MIB))
        self.assertEqual(status, 413)
        self.assertIn("upload larger", json.loads(body)["detail"])

    def test_preflight_and_wrong_methods(self):
        status, headers, _ = fetch(self.host, self.port, "OPTIONS", "/empty.php",
                                   headers={"Origin": "https://other.example",
                                            "Access-Control-Request-Method": "POST"})
        self.assertEqual(status, 204)
        self.assert_test_point_headers(headers, "OPTIONS")
        self.assertIn("POST", headers.get("access-control-allow-methods", ""))
        status, headers, body = self.get("/__up")
        self.assertEqual(status, 405)
        self.assertEqual(headers.get("allow"), "OPTIONS, POST")
        self.assertIn("detail", json.loads(body))

    def hold_transfers(self, n):
        """n downloads whose clients never read: they stay in progress."""
        held = []
        for _ in range(n):
            s = socket.create_connection((self.host, self.port), timeout=10)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.sendall(b"GET /__down?bytes=%d HTTP/1.1\r\nHost: x\r\n\r\n" % (CAP_MB * MIB))
            held.append(s)
        return held

    def test_concurrent_transfers_over_the_cap_are_503_with_retry_after(self):
        held = self.hold_transfers(self.max_concurrent)
        try:
            def busy():
                status, headers, body = self.get("/__down?bytes=1000", timeout=10)
                return (status, headers, body) if status == 503 else None
            status, headers, body = harness.wait_until(busy, 20, "a 503 with every slot held")
            self.assertEqual(headers.get("retry-after"), "1")
            self.assertIn("too many speed test transfers", json.loads(body)["detail"])
            self.assert_test_point_headers(headers, "503")
            self.assertEqual(fetch(self.host, self.port, "POST", "/__up", body=b"y" * 5000)[0], 503)
            # Latency probes and getIP move no body: never refused.
            self.assertEqual(self.get("/empty.php?r=1")[0], 200)
            self.assertEqual(self.get("/getIP")[0], 200)
        finally:
            for s in held:
                s.close()
        harness.wait_until(lambda: self.get("/__down?bytes=1000", timeout=10)[0] == 200, 20,
                           "the slots to be freed when the clients left")


class StandaloneTest(EndpointChecks, unittest.TestCase):
    max_concurrent = 3

    @classmethod
    def setUpClass(cls):
        cls.server = Standalone("--max-request-mb", str(CAP_MB), "--max-concurrent",
                                str(cls.max_concurrent), "--threads", "2").start()
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        assert code == 0, "exit code %s after SIGTERM" % code

    def test_other_paths_are_404(self):
        for path in ("/", "/api/status", "/garbage/x", "/backend/__down"):
            status, headers, body = self.get(path)
            self.assertEqual(status, 404, path)
            self.assertIn("Not Found", json.loads(body)["detail"])
            for name, value in SECURITY_HEADERS.items():
                self.assertEqual(headers.get(name), value)


class StandaloneCommandTest(unittest.TestCase):
    def test_ipv6_listen_address(self):
        server = Standalone("--threads", "1", listen="[::1]:0").start()
        try:
            status, _, body = fetch("::1", server.port, "GET", "/getIP")
            self.assertEqual(json.loads(body)["processedString"], "::1 - localhost IPv6 access")
            self.assertEqual(len(fetch("::1", server.port, "GET", "/__down?bytes=777")[2]), 777)
        finally:
            self.assertEqual(server.stop(), 0)

    def test_bad_values_name_the_flag_and_exit_2(self):
        for args, flag in ((["--listen", "127.0.0.1:1", "--max-concurrent", "0"], "--max-concurrent"),
                           (["--listen", "localhost:1"], "--listen"),
                           (["--listen", "127.0.0.1:1", "--max-request-mb", "big"],
                            "--max-request-mb")):
            r = subprocess.run([BIN, "speedtest-server"] + args, capture_output=True, timeout=20)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(flag, r.stderr.decode(), args)

    def test_a_port_in_use_is_exit_1(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen()
            port = s.getsockname()[1]
            r = subprocess.run([BIN, "speedtest-server", "--listen", "127.0.0.1:%d" % port],
                               capture_output=True, timeout=20)
        self.assertEqual(r.returncode, 1)
        self.assertIn("port %d" % port, r.stderr.decode())


def daemon_config(enabled):
    return harness.loopback_config(targets=("127.0.0.1",), extra="""
[speedtest_server]
enabled = %s
max_request_mb = %d
max_concurrent_transfers = 2
""" % ("true" if enabled else "false", CAP_MB))


class DaemonTest(EndpointChecks, unittest.TestCase):
    """The daemon's web port with the option on and an API key set."""
    max_concurrent = 2

    @classmethod
    def setUpClass(cls):
        env = dict(os.environ, API_KEY=KEY)
        cls.d = harness.Daemon(BIN, daemon_config(True), env=env).start()
        cls.port = cls.d.port

    @classmethod
    def tearDownClass(cls):
        cls.d.__exit__(None, None, None)
        cls.d.tmp.cleanup()

    def test_the_api_is_still_guarded_and_limited_beside_the_endpoints(self):
        status, _, _ = self.d.request("/api/status", "POST", b"{}")
        self.assertEqual(status, 401)  # the key applies to the API...
        status, _, _ = self.d.request("/__up", "POST", b"z" * (2 * MIB))
        self.assertEqual(status, 200)  # ...not to the test point, nor the 1 MiB body limit
        status, _, _ = self.d.request("/api/status", "POST", b"x" * (2 * MIB),
                                      {"X-Api-Key": KEY})
        self.assertEqual(status, 413)  # which still holds for everything else
        self.assertEqual(self.d.get_json("/api/status") is not None, True)


class DaemonOffTest(unittest.TestCase):
    def test_endpoints_are_404_when_not_enabled(self):
        d = harness.Daemon(BIN, daemon_config(False))
        with d:
            for path in ("/__down?bytes=10", "/garbage.php?ckSize=1", "/getIP", "/empty.php",
                         "/backend/garbage"):
                status, _, body = d.request(path)
                self.assertEqual(status, 404, path)
                self.assertIn("detail", json.loads(body))
        d.tmp.cleanup()


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
