"""Black-box harness for the daemon: a private network namespace, the daemon
as a child process, and JSON over HTTP with a deadline-bound wait.

Every integration test runs inside its own network namespace that holds only
loopback (plus whatever the test adds), so nothing it does can reach another
host, and the daemon's embedded defaults are safe to exercise.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

_NS_ENV = "WW_IT_NETNS"


def enter_private_netns():
    """Re-runs this script inside a fresh namespace (loopback up) and exits
    with its status; inside, returns the namespace name."""
    if os.environ.get(_NS_ENV):
        return os.environ[_NS_ENV]
    if os.geteuid() != 0:
        print("SKIP: integration tests need root for ip netns")
        sys.exit(0)
    ns = "ww-it-%d" % os.getpid()
    subprocess.run(["ip", "netns", "add", ns], check=True)
    try:
        subprocess.run(["ip", "-n", ns, "link", "set", "lo", "up"], check=True)
        env = dict(os.environ, **{_NS_ENV: ns})
        code = subprocess.call(["ip", "netns", "exec", ns, sys.executable] + sys.argv, env=env)
    finally:
        subprocess.run(["ip", "netns", "del", ns], check=False)
    sys.exit(code)


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Daemon:
    """The wanwatch binary as a child process with its own data dir."""

    def __init__(self, binary, config_text=None, args=(), data_dir=None, env=None):
        if not binary or not os.access(binary, os.X_OK):
            raise AssertionError("no daemon binary: set WANWATCH_BIN (got %r)" % binary)
        self.binary = binary
        self.port = free_port()
        self.tmp = tempfile.TemporaryDirectory(prefix="ww-it-")
        self.data_dir = data_dir or os.path.join(self.tmp.name, "data")
        self.log_path = os.path.join(self.tmp.name, "daemon.log")
        self.config_path = None
        if config_text is not None:
            self.config_path = os.path.join(self.tmp.name, "wanwatch.toml")
            with open(self.config_path, "w") as f:
                f.write(config_text)
        self.args = list(args)
        self.env = env
        self.proc = None

    def command(self):
        cmd = [self.binary, "--headless", "--web-port", str(self.port), "--data-dir",
               self.data_dir, "--log-level", "debug"]
        if self.config_path:
            cmd += ["--config", self.config_path]
        return cmd + self.args

    def start(self):
        env = dict(os.environ) if self.env is None else dict(self.env)
        env.pop(_NS_ENV, None)
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.command(), stdout=self.log, stderr=subprocess.STDOUT,
                                     env=env)
        wait_until(lambda: self.get_json("/api/status") is not None, 20, "the API to answer",
                   check=self.check_alive)
        return self

    def check_alive(self):
        if self.proc.poll() is not None:
            raise AssertionError("daemon exited with %s\n%s" % (self.proc.returncode, self.log_text()))

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("daemon did not stop within %ss" % timeout)
            finally:
                self.log.close()
        return self.proc.returncode if self.proc else None

    def log_text(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")[-6000:]
        except OSError:
            return ""

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def request(self, path, method="GET", body=None, headers=None, timeout=5):
        """Returns (status, headers dict with lower-case names, body bytes)."""
        req = urllib.request.Request(self.url(path), data=body, method=method,
                                     headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
        except urllib.error.HTTPError as e:
            return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()

    def get_json(self, path):
        try:
            status, _, body = self.request(path)
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return None
        if status != 200:
            return None
        return json.loads(body)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        code = self.stop()
        if exc[0] is not None:
            sys.stderr.write("---- daemon log ----\n%s\n" % self.log_text())
        return False


def wait_until(predicate, timeout, what, check=None, interval=0.2):
    """Polls predicate until it returns a truthy value or the deadline passes."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if check:
            check()
        try:
            last = predicate()
        except (KeyError, IndexError, TypeError) as e:
            last = e
        else:
            if last:
                return last
        time.sleep(interval)
    raise AssertionError("timed out after %ss waiting for %s (last: %r)" % (timeout, what, last))


def loopback_config(targets=("127.0.0.1", "127.0.0.2", "127.0.0.3"), interval_ms=200, extra=""):
    """A config that probes only the given local addresses. The outage monitor's
    public resolvers are unreachable in these namespaces, so it is off unless
    `extra` has an [outages] table."""
    quoted = ", ".join('"%s"' % t for t in targets)
    if "[outages]" not in extra:
        extra = "[outages]\nenabled = false\n" + extra
    return """
[probe]
interval_ms = %d
targets = [%s]
gateway = "none"
tcp_targets = []
dns_servers = []
%s
""" % (interval_ms, quoted, extra)
