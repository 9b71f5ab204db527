"""A small speed test server for the client's tests, written from the two
protocols' descriptions (not from wanwatch's own server): LibreSpeed
(garbage?ckSize=N MiB, empty, getIP) and Cloudflare-style (__down?bytes=N, __up),
HTTP/1.1 with keep-alive on 127.0.0.1. It counts the payload bytes it sent and
received, so a test can compare them with what the client reports.

Modes: "both" (all names), "php" (only the .php LibreSpeed names: the bare ones
answer 404, as on a PHP-only backend), "fail" (every request 500), "cap" (downloads
and uploads above 8 MiB answer 413), "lossy" (every 4th GET of empty answers after
3 s: a latency probe that gets no answer in time)."""
import http.server
import json
import os
import threading
import time
import urllib.parse

_BLOCK = os.urandom(1 << 20)
_MIB = 1 << 20


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent = 0
        self.received = 0
        self.requests = {}

    def add(self, attr, n):
        with self.lock:
            setattr(self, attr, getattr(self, attr) + n)

    def hit(self, path):
        with self.lock:
            self.requests[path] = self.requests.get(path, 0) + 1


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _route(self):
        url = urllib.parse.urlsplit(self.path)
        name = url.path.rsplit("/", 1)[-1]
        mode = self.server.mode
        if mode == "php" and name in ("garbage", "empty", "getIP"):
            return None, url
        if mode != "php" or name.endswith(".php"):
            name = name[:-4] if name.endswith(".php") else name
        return name, url

    def _reply(self, code, body=b"", headers=()):
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _send_random(self, n):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(n))
        self.end_headers()
        left = n
        while left > 0:
            piece = _BLOCK if left >= len(_BLOCK) else _BLOCK[:left]
            self.wfile.write(piece)
            self.server.counters.add("sent", len(piece))
            left -= len(piece)

    def _too_big(self, n):
        return self.server.mode == "cap" and n > 8 * _MIB

    def do_GET(self):
        name, url = self._route()
        self.server.counters.hit(name)
        query = urllib.parse.parse_qs(url.query)
        if self.server.mode == "fail":
            return self._reply(500, b"broken")
        if name == "garbage":
            n = int(query.get("ckSize", ["4"])[0]) * _MIB
            return self._reply(413) if self._too_big(n) else self._send_random(n)
        if name == "__down":
            n = int(query.get("bytes", ["0"])[0])
            if self._too_big(n):
                return self._reply(413)
            if n == 0:
                return self._reply(200, b"", [("cf-meta-ip", "127.0.0.1"), ("cf-meta-asn", "64500"),
                                              ("cf-ray", "0123456789abcdef-TST")])
            return self._send_random(n)
        if name == "empty":
            if self.server.mode == "lossy" and self.server.counters.requests["empty"] % 4 == 0:
                time.sleep(3)  # the client has given up on this probe by then
            return self._reply(200)
        if name == "getIP":
            body = json.dumps({"processedString": "127.0.0.1 - Test ISP, ZZ (1 km)",
                               "rawIspInfo": ""}).encode()
            return self._reply(200, body, [("Content-Type", "application/json")])
        return self._reply(404, b"not found")

    def do_POST(self):
        name, _ = self._route()
        self.server.counters.hit(name)
        length = int(self.headers.get("Content-Length", "0"))
        if self.server.mode == "fail" or name not in ("empty", "__up"):
            self.close_connection = True
            return self._reply(500 if self.server.mode == "fail" else 404)
        if self._too_big(length):
            self.close_connection = True
            return self._reply(413)
        left = length
        while left > 0:
            chunk = self.rfile.read(min(left, _MIB))
            if not chunk:
                return
            self.server.counters.add("received", len(chunk))
            left -= len(chunk)
        self._reply(200)

    def handle(self):
        try:
            super().handle()
        except (ConnectionError, BrokenPipeError):
            pass  # the client ends transfers it no longer needs


class SpeedtestPeer:
    """Serves on 127.0.0.1:<free port> in a thread until stop()."""

    def __init__(self, mode="both"):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.mode = mode
        self.server.counters = Counters()
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    @property
    def counters(self):
        return self.server.counters

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
