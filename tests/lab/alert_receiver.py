"""A local stand-in for alert providers (web hook, ntfy, Gotify, ...) inside a lab
namespace: one HTTP server that records every request and answers 500 on paths
under /fail/, else 200. Its socket is made inside the namespace (netns.in_netns),
so the daemon there reaches it on 127.0.0.1 while the test reads what it got."""
import http.server
import json
import threading

from netns import in_netns


class AlertReceiver:
    def __init__(self, ns):
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
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                        "json": parsed,
                    })
                status = 500 if self.path.startswith("/fail/") else 200
                reply = b'{"ok": true}' if status == 200 else b'{"error": "scripted"}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

        with in_netns(ns):
            self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def requests(self, prefix="/"):
        """Requests so far whose path starts with prefix, oldest first."""
        with self._lock:
            return [r for r in self._requests if r["path"].startswith(prefix)]

    def webhook_types(self, prefix):
        """The web hook bodies' `type` fields (e.g. "outage_start"), oldest first."""
        return [r["json"].get("type") for r in self.requests(prefix) if r["json"]]

    def close(self):
        self._server.shutdown()
        self._server.server_close()
