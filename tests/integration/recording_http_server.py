"""An HTTP server on 127.0.0.1 for tests that stand in for what the daemon
sends to (alert providers, redirecting hosts): it records every request and
answers what `reply(path)` says. Standard library only; the integration and
lab suites share it."""
import contextlib
import http.server
import json
import threading


def ok_json(_path):
    return 200, b'{"ok":true}', {"Content-Type": "application/json"}


def ok_unless_fail(path):
    """A provider that works, except under /fail/ where it answers 500."""
    if path.startswith("/fail/"):
        return 500, b'{"error":"scripted"}', {"Content-Type": "application/json"}
    return ok_json(path)


class RecordingHttpServer:
    """Records {method, target, headers (lower-case names), body, json} per request.

    reply(path) -> (status, body bytes, {header: value}). `bind_in` is a context
    manager to create the listening socket in (e.g. netns.in_netns(ns)): the socket
    stays there, so a daemon in that namespace reaches it on 127.0.0.1."""

    def __init__(self, reply=ok_json, bind_in=None):
        self._lock = threading.Lock()
        self._requests = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n)
                try:
                    parsed = json.loads(body) if body else None
                except ValueError:
                    parsed = None
                with outer._lock:
                    outer._requests.append({
                        "method": self.command, "target": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body, "json": parsed})
                status, data, headers = reply(self.path)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_PUT = do_GET = do_POST

        with bind_in if bind_in is not None else contextlib.nullcontext():
            self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def base(self):
        return "http://127.0.0.1:%d" % self.port

    def requests(self, prefix="/"):
        """Requests so far whose target starts with prefix, oldest first."""
        with self._lock:
            return [r for r in self._requests if r["target"].startswith(prefix)]

    def take(self):
        """Every request so far, forgetting them."""
        with self._lock:
            out, self._requests = self._requests, []
        return out

    def close(self):
        self.server.shutdown()
        self.server.server_close()
