"""The wanwatch network lab: a topology of network namespaces per test.

    host ns (daemon)          router ns (gateway)               internet ns (responder)
    eth0 10.77.0.2/24 ──── lan0 10.77.0.1/24 │ wan0 203.0.113.1/24 ──── eth0 203.0.113.10-.12, .53
    default via 10.77.0.1     ip_forward=1                      default via 203.0.113.1

Usage:
    with Lab(responder="/path/ww_responder") as lab:
        lab.start_responder()
        lab.impair("icmp delay=50")
        lab.start_daemon("/path/wanwatch")
        lab.wait_until(lambda s: s["diagnosis_code"] == "all_clear", 30, "all clear")

Namespace names are <prefix><pid>x<n><role> so parallel runs never clash, and
cleanup_stale() can tell a dead run's leftovers from a live one's. Teardown
runs on leaving the `with`, at exit, and on SIGTERM/SIGINT/SIGHUP; children
are started with PR_SET_PDEATHSIG so even SIGKILL of the test takes them along.
Standard library only.
"""
import atexit
import http.client
import itertools
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time

import responder_ctl
from addresses import (DAEMON_PORT, DNS_SERVER, GATEWAY, HOST_ADDR, PREFIX,  # noqa: F401
                       ROUTER_WAN, TARGETS, TCP_PORTS)
from daemon_config import default_daemon_config, toml
from netns import Child, LabError, cleanup_stale, delete_namespace, in_netns, ns_cmd, run


_counter = itertools.count(1)
_live_labs = []  # for atexit/signal teardown of labs still open
_handlers_installed = False


def _teardown_all(*_):
    for lab in list(_live_labs):
        lab.teardown()


def _on_signal(signum, frame):
    _teardown_all()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install_handlers():
    global _handlers_installed
    if _handlers_installed or threading.current_thread() is not threading.main_thread():
        return
    atexit.register(_teardown_all)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    _handlers_installed = True


def wait_until(sample, predicate, timeout, what, interval=0.2):
    """Polls sample() until predicate(value) holds; returns that value.

    Fails with the last value seen (or the last error) after `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    last, last_error = None, None
    while True:
        try:
            last = sample()
            last_error = None
            if predicate(last):
                return last
        except AssertionError:
            raise  # a dead daemon or responder: no point in waiting
        except Exception as e:  # not there yet: connection refused, partial JSON, ...
            last_error = e
        if time.monotonic() >= deadline:
            seen = f"last error: {last_error}" if last_error else f"last value: {last!r}"
            raise AssertionError(f"timed out after {timeout} s waiting for {what}; {seen}")
        time.sleep(interval)


class Uplink:
    """One path out of the host namespace: host interface, router namespace and its links."""

    def __init__(self, router_ns, host_if, host_addr, gateway, wan_addr, inet_if, inet_addr):
        self.router_ns = router_ns
        self.host_if = host_if
        self.host_addr = host_addr
        self.gateway = gateway
        self.wan_addr = wan_addr
        self.inet_if = inet_if
        self.inet_addr = inet_addr


class Lab:
    def __init__(self, responder=None, prefix=PREFIX, targets=TARGETS, dns_server=DNS_SERVER,
                 tcp_ports=TCP_PORTS):
        self.responder_bin = responder or os.environ.get("WW_RESPONDER")
        self.targets = tuple(targets)
        self.dns_server = dns_server
        self.tcp_ports = tuple(tcp_ports)
        self.tag = f"{prefix}{os.getpid()}x{next(_counter)}"
        self.host = self.tag + "h"
        self.inet = self.tag + "i"
        self.uplinks = []
        self.namespaces = []
        self.workdir = None
        self.responder = None
        self.daemon = None
        self.daemon_port = DAEMON_PORT
        self._torn_down = False

    @property
    def router(self):
        return self.uplinks[0].router_ns

    @property
    def control_path(self):
        return os.path.join(self.workdir, "responder.sock")

    # --- lifecycle --------------------------------------------------------

    def __enter__(self):
        self.setup()
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.dump_logs()
        self.teardown()
        return False

    def setup(self):
        _install_handlers()
        _live_labs.append(self)
        self.workdir = tempfile.mkdtemp(prefix=self.tag + "-")
        try:
            for ns in (self.host, self.inet):
                self._add_namespace(ns)
            # Only the responder answers pings in the "internet".
            self._ns_run(self.inet, "sysctl", "-qw", "net.ipv4.icmp_echo_ignore_all=1")
            self.add_uplink()
        except Exception:
            self.teardown()
            raise

    def _add_namespace(self, ns):
        run(["ip", "netns", "add", ns])
        self.namespaces.append(ns)
        run(["ip", "-n", ns, "link", "set", "lo", "up"])

    def _ns_run(self, ns, *cmd, check=True):
        return run(ns_cmd(ns, *cmd), check=check)

    def teardown(self):
        """Stops our processes (by PID) and deletes our namespaces; idempotent."""
        if self._torn_down:
            return
        self._torn_down = True
        for child in (self.daemon, self.responder):
            if child is not None:
                try:
                    child.stop()
                except Exception as e:  # keep tearing down whatever happens
                    print(f"lab: stopping {child.name}: {e}", file=sys.stderr)
        for ns in reversed(self.namespaces):
            delete_namespace(ns)
        if self.workdir and not os.environ.get("WW_LAB_KEEP"):
            shutil.rmtree(self.workdir, ignore_errors=True)
        if self in _live_labs:
            _live_labs.remove(self)

    def dump_logs(self):
        for child in (self.daemon, self.responder):
            if child is not None:
                print(f"\n----- {child.name} log ({child.log_path}, pid {child.pid}) -----\n"
                      f"{child.log_tail()}\n----- end of {child.name} log -----",
                      file=sys.stderr)

    # --- topology ---------------------------------------------------------

    def add_uplink(self, target_addrs=()):
        """Adds a path host -> router -> internet; the first is the default route.

        Uplink 0: host eth0 10.77.0.2, gateway 10.77.0.1, router wan 203.0.113.1.
        Uplink 1: host eth1 10.78.0.2, gateway 10.78.0.1, router wan 198.51.100.1,
        host default route with metric 200 (bind probes to eth1 to use it).
        target_addrs: more responder addresses on this uplink's side of the internet
        (e.g. 198.51.100.10 behind uplink 1: reachable through it only, and cut off
        by its upstream_down).
        """
        i = len(self.uplinks)
        if i > 1:
            raise LabError("the lab supports two uplinks")
        net = f"10.{77 + i}.0"
        router = self.tag + ("r" if i == 0 else f"r{i + 1}")
        host_if, inet_if = f"eth{i}", f"eth{i}"
        wan_net = "203.0.113" if i == 0 else "198.51.100"
        up = Uplink(router, host_if, f"{net}.2", f"{net}.1", f"{wan_net}.1", inet_if,
                    f"{wan_net}.2")
        self._add_namespace(router)
        run(["ip", "link", "add", host_if, "netns", self.host, "type", "veth", "peer", "name",
             "lan0", "netns", router])
        run(["ip", "link", "add", "wan0", "netns", router, "type", "veth", "peer", "name",
             inet_if, "netns", self.inet])
        run(["ip", "-n", self.host, "addr", "add", f"{up.host_addr}/24", "dev", host_if])
        run(["ip", "-n", router, "addr", "add", f"{up.gateway}/24", "dev", "lan0"])
        run(["ip", "-n", router, "addr", "add", f"{up.wan_addr}/24", "dev", "wan0"])
        inet_addrs = [up.inet_addr] if i else list(self.targets) + [self.dns_server]
        inet_addrs += list(target_addrs)
        for addr in inet_addrs:
            run(["ip", "-n", self.inet, "addr", "add", f"{addr}/24", "dev", inet_if])
        for ns, dev in ((self.host, host_if), (router, "lan0"), (router, "wan0"),
                        (self.inet, inet_if)):
            run(["ip", "-n", ns, "link", "set", dev, "up"])
        # Every probe that hits a cut link gets its ICMP error: no 1/s rate limit per peer.
        self._ns_run(router, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv4.icmp_ratelimit=0")
        if i == 0:
            run(["ip", "-n", self.inet, "route", "add", "default", "via", up.wan_addr])
        else:
            run(["ip", "-n", router, "route", "add", "203.0.113.0/24", "via", up.inet_addr])
            run(["ip", "-n", self.inet, "route", "add", f"{net}.0/24", "via", up.wan_addr])
        self.uplinks.append(up)
        self._default_route(i)
        return up

    def _default_route(self, i):
        up = self.uplinks[i]
        metric = ["metric", "200"] if i else []
        run(["ip", "-n", self.host, "route", "replace", "default", "via", up.gateway, "dev",
             up.host_if, *metric])

    def _set_link(self, ns, dev, state):
        run(["ip", "-n", ns, "link", "set", dev, state])

    def upstream_down(self, uplink=0):
        """The router loses its internet side: the gateway still answers, targets get
        ICMP "network unreachable" from the router."""
        self._set_link(self.uplinks[uplink].router_ns, "wan0", "down")

    def upstream_up(self, uplink=0):
        self._set_link(self.uplinks[uplink].router_ns, "wan0", "up")

    def gateway_down(self, uplink=0):
        """The router's host-facing link goes down: gateway and everything behind it are silent."""
        self._set_link(self.uplinks[uplink].router_ns, "lan0", "down")

    def gateway_up(self, uplink=0):
        self._set_link(self.uplinks[uplink].router_ns, "lan0", "up")

    def gateway_silent(self, uplink=0, silent=True):
        """The router stops (or resumes) answering pings itself; it still forwards
        everything, so the internet behind it stays reachable (a NAT box or a
        firewall that drops ICMP to the gateway)."""
        self._ns_run(self.uplinks[uplink].router_ns, "sysctl", "-qw",
                     f"net.ipv4.icmp_echo_ignore_all={1 if silent else 0}")

    def iface_down(self, uplink=0):
        """The host's own interface goes down (operstate DOWN, its routes vanish)."""
        self._set_link(self.host, self.uplinks[uplink].host_if, "down")

    def iface_up(self, uplink=0):
        self._set_link(self.host, self.uplinks[uplink].host_if, "up")
        self._default_route(uplink)  # the kernel removed it with the link

    def shape(self, direction, rate_mbit, burst="64kb", latency_ms=50, uplink=0):
        """tbf rate limit: direction "down" shapes the router's host-facing egress
        (download), "up" the host's egress (upload). A larger latency_ms is a deeper queue."""
        ns, dev = self._shaped_link(direction, uplink)
        run(["tc", "-n", ns, "qdisc", "replace", "dev", dev, "root", "tbf", "rate",
             f"{rate_mbit}mbit", "burst", burst, "latency", f"{latency_ms}ms"])

    def unshape(self, direction, uplink=0):
        ns, dev = self._shaped_link(direction, uplink)
        run(["tc", "-n", ns, "qdisc", "del", "dev", dev, "root"], check=False)

    def _shaped_link(self, direction, uplink):
        up = self.uplinks[uplink]
        if direction == "down":
            return up.router_ns, "lan0"
        if direction == "up":
            return self.host, up.host_if
        raise LabError(f"shape direction {direction!r}: expected 'down' or 'up'")

    # --- responder --------------------------------------------------------

    def start_responder(self, extra_args=(), timeout=10):
        if not self.responder_bin or not os.access(self.responder_bin, os.X_OK):
            raise LabError(f"responder binary {self.responder_bin!r} is not executable "
                           "(pass --responder or set WW_RESPONDER)")
        cmd = ns_cmd(self.inet, self.responder_bin, "--control", self.control_path,
                     "--tcp-ports", ",".join(map(str, self.tcp_ports)), "--realtime",
                     *extra_args)
        self.responder = Child("responder", cmd, os.path.join(self.workdir, "responder.log"))
        wait_until(lambda: self.ctl("ping") if self.responder.running() else
                   _exited(self.responder), lambda r: r == "pong", timeout,
                   "the responder's control socket")
        return self.responder

    def ctl(self, command):
        """Sends one control command to the responder; returns its reply."""
        return responder_ctl.send(self.control_path, command)

    def impair(self, *commands):
        for c in commands:
            self.ctl(c)

    def restore(self):
        self.ctl("reset")

    def responder_stats(self):
        return json.loads(self.ctl("stats"))

    # --- daemon -----------------------------------------------------------

    def start_daemon(self, binary=None, config=None, extra_args=(), timeout=30):
        """Starts wanwatch in the host namespace with a generated config; waits for its API."""
        binary = binary or os.environ.get("WW_WANWATCH")
        if not binary or not os.access(binary, os.X_OK):
            raise LabError(f"wanwatch binary {binary!r} is not executable "
                           "(pass --wanwatch or set WW_WANWATCH)")
        config = config or default_daemon_config(self.targets, self.dns_server)
        config_path = os.path.join(self.workdir, "wanwatch.toml")
        with open(config_path, "w") as f:
            f.write(toml(config))
        data_dir = os.path.join(self.workdir, "data")
        os.makedirs(data_dir, exist_ok=True)
        cmd = ns_cmd(self.host, binary, "--headless", "--config", config_path, "--data-dir",
                     data_dir, "--web-port", str(self.daemon_port), "--log-level", "debug",
                     *extra_args)
        self.daemon = Child("wanwatch", cmd, os.path.join(self.workdir, "wanwatch.log"))
        self.wait_until(lambda s: "diagnosis_code" in s, timeout, "the daemon's /api/status")
        return self.daemon

    def stop_daemon(self):
        code = self.daemon.stop() if self.daemon else None
        return code

    def restart_daemon(self, timeout=30):
        """Stops the daemon with SIGTERM and starts it again with the same command line
        (config, data directory); returns the stopped run's exit code. The stopped run's
        log is kept as wanwatch.<n>.log next to the new wanwatch.log."""
        if self.daemon is None:
            raise LabError("restart_daemon: no daemon was started")
        old = self.daemon
        code = old.stop()
        self._daemon_runs = getattr(self, "_daemon_runs", 0) + 1
        os.replace(old.log_path, os.path.join(self.workdir, f"wanwatch.{self._daemon_runs}.log"))
        self.daemon = Child("wanwatch", old.cmd, old.log_path)
        self.wait_until(lambda s: "diagnosis_code" in s, timeout,
                        "the restarted daemon's /api/status")
        return code

    def request(self, path, timeout=5, headers=None, method="GET", body=None):
        """A request (GET unless told) to the daemon inside the host namespace; returns
        (status, {lower-case header: value}, body bytes) whatever the status."""
        if self.daemon is not None and not self.daemon.running():
            _exited(self.daemon)
        with in_netns(self.host):
            conn = http.client.HTTPConnection("127.0.0.1", self.daemon_port, timeout=timeout)
            conn.connect()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            body = resp.read(4 << 20)
        finally:
            conn.close()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body

    def api(self, path, timeout=5):
        """GET path from the daemon inside the host namespace; returns parsed JSON."""
        status, _, body = self.request(path, timeout)
        if status != 200:
            raise LabError(f"GET {path}: HTTP {status}: {body[:300]!r}")
        return json.loads(body)

    def wait_until(self, predicate, timeout, what, path="/api/status", interval=0.2):
        """Polls the daemon's `path` until predicate(json) holds; returns that JSON.
        Fails at once if the daemon died, else after timeout with the last value seen."""
        return wait_until(lambda: self.api(path), predicate, timeout, what, interval)


class DaemonExited(AssertionError):
    pass


def _exited(child):
    raise DaemonExited(f"{child.name} (pid {child.pid}) exited with {child.proc.returncode}; "
                       f"log:\n{child.log_tail()}")


__all__ = ["Lab", "LabError", "wait_until", "cleanup_stale", "default_daemon_config", "toml",
           "TARGETS", "DNS_SERVER", "GATEWAY", "HOST_ADDR", "ROUTER_WAN", "TCP_PORTS", "PREFIX"]


def main(argv):
    """`lab.py cleanup-stale [PREFIX]`: removes namespaces of dead lab runs."""
    if len(argv) >= 2 and argv[1] == "cleanup-stale":
        removed = cleanup_stale(argv[2] if len(argv) > 2 else PREFIX)
        print("removed: " + (" ".join(removed) if removed else "nothing"))
        return 0
    print(main.__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
