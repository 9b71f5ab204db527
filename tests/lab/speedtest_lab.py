"""The speed test lab: a client and a server namespace joined through a router
namespace whose two egresses are shaped by the same tbf, so both directions see
the same bottleneck, in a forwarding hop as on a real line.

    client ns                 router ns                              server ns
    eth0 10.88.0.2/24 ─── lan0 10.88.0.1 │ wan0 198.51.100.254 ─── eth0 198.51.100.1/24
                          tbf (download)   tbf (upload)             speedtest-server :8080
                                                                    iperf3 -s :5201

Shaping in the router, not on the senders' own interfaces: there TCP Small Queues
would keep each flow's share of the tbf queue to about a millisecond, so a deep
queue would never fill (no bufferbloat to see).

Namespace names follow lab.py (<prefix><pid>x<n><role>) so run_lab_test.py's
cleanup_stale() removes a killed run's leftovers. Standard library only.
"""
import itertools
import json
import os
import shutil
import tempfile
import time

from addresses import PREFIX
from netns import Child, LabError, delete_namespace, ns_cmd, run

CLIENT_ADDR = "10.88.0.2"
ROUTER_LAN = "10.88.0.1"
ROUTER_WAN = "198.51.100.254"
SERVER_ADDR = "198.51.100.1"
SERVER_PORT = 8080
IPERF_PORT = 5201
# TCP goodput on an Ethernet link: 1448 payload bytes (IPv4 + TCP with timestamps)
# per 1514-byte frame; tbf counts the frame without preamble and FCS.
GOODPUT_PER_LINE_RATE = 1448 / 1514

# Counter well away from lab.py's, which starts at 1 in the same process naming scheme.
_counter = itertools.count(500)


def expected_goodput_mbps(rate_mbit):
    return rate_mbit * GOODPUT_PER_LINE_RATE


class SpeedtestLab:
    def __init__(self):
        n = next(_counter)
        self.client = f"{PREFIX}{os.getpid()}x{n}c"
        self.server = f"{PREFIX}{os.getpid()}x{n}s"
        self.router = f"{PREFIX}{os.getpid()}x{n}r"
        self.dir = tempfile.mkdtemp(prefix="wwlab-speedtest-")
        self.children = []
        self.created = []

    def setup(self):
        for ns in (self.client, self.router, self.server):
            run(["ip", "netns", "add", ns])
            self.created.append(ns)
            run(["ip", "-n", ns, "link", "set", "lo", "up"])
        run(["ip", "link", "add", "eth0", "netns", self.client, "type", "veth",
             "peer", "name", "lan0", "netns", self.router])
        run(["ip", "link", "add", "eth0", "netns", self.server, "type", "veth",
             "peer", "name", "wan0", "netns", self.router])
        for ns, dev, addr in ((self.client, "eth0", CLIENT_ADDR), (self.router, "lan0", ROUTER_LAN),
                              (self.router, "wan0", ROUTER_WAN), (self.server, "eth0", SERVER_ADDR)):
            run(["ip", "-n", ns, "addr", "add", f"{addr}/24", "dev", dev])
            run(["ip", "-n", ns, "link", "set", dev, "up"])
        run(["ip", "-n", self.client, "route", "add", "default", "via", ROUTER_LAN])
        run(["ip", "-n", self.server, "route", "add", "default", "via", ROUTER_WAN])
        run(ns_cmd(self.router, "sysctl", "-qw", "net.ipv4.ip_forward=1"))

    def teardown(self):
        for child in self.children:
            child.stop()
        self.children = []
        for ns in self.created:
            delete_namespace(ns)
        self.created = []
        shutil.rmtree(self.dir, ignore_errors=True)

    def shape(self, rate_mbit, burst="64kb", latency="50ms"):
        """The same tbf on both router egresses: lan0 shapes downloads, wan0 uploads.

        tbf's queue holds `latency` worth of the rate plus the burst: a larger
        latency is a deeper queue (bufferbloat)."""
        for dev in ("lan0", "wan0"):
            run(["tc", "-n", self.router, "qdisc", "replace", "dev", dev, "root", "tbf",
                 "rate", f"{rate_mbit}mbit", "burst", burst, "latency", latency])

    def start(self, name, ns, cmd, ready_text=None, timeout=10):
        child = Child(name, ns_cmd(ns, *cmd), os.path.join(self.dir, f"{name}.log"))
        self.children.append(child)
        if ready_text is not None:
            deadline = time.monotonic() + timeout
            while ready_text not in self.log(child):
                if not child.running():
                    raise LabError(f"{name} exited with {child.proc.returncode}:\n{child.log_tail()}")
                if time.monotonic() > deadline:
                    raise LabError(f"{name}: no '{ready_text}' within {timeout} s:\n"
                                   f"{child.log_tail()}")
                time.sleep(0.05)
        return child

    @staticmethod
    def log(child):
        with open(child.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def start_speedtest_server(self, wanwatch_bin):
        return self.start("speedtest-server", self.server,
                          [wanwatch_bin, "speedtest-server", "--listen",
                           f"{SERVER_ADDR}:{SERVER_PORT}"], ready_text="listening on")

    def start_iperf3_server(self):
        return self.start("iperf3-server", self.server,
                          # --forceflush: its "listening" line is otherwise buffered
                          ["iperf3", "-s", "--forceflush", "-B", SERVER_ADDR, "-p", str(IPERF_PORT)],
                          ready_text="Server listening")

    def iperf3_mbps(self, download, seconds=4, streams=4, omit=1):
        """iperf3's received goodput (Mbps), the reference for the same link."""
        cmd = ["iperf3", "-c", SERVER_ADDR, "-p", str(IPERF_PORT), "-J", "-t", str(seconds),
               "-O", str(omit), "-P", str(streams)] + (["-R"] if download else [])
        p = run(ns_cmd(self.client, *cmd), timeout=seconds + omit + 30)
        return json.loads(p.stdout)["end"]["sum_received"]["bits_per_second"] / 1e6

    def speedtest(self, wanwatch_bin, protocol, duration=6, streams=4):
        """`wanwatch speedtest --json` from the client namespace; returns (exit code, result)."""
        cmd = [wanwatch_bin, "speedtest", "--server", f"http://{SERVER_ADDR}:{SERVER_PORT}",
               "--protocol", protocol, "--duration", str(duration), "--streams", str(streams),
               "--json"]
        p = run(ns_cmd(self.client, *cmd), check=False, timeout=3 * duration + 60)
        try:
            result = json.loads(p.stdout)
        except ValueError as e:
            raise LabError(f"speedtest printed no JSON (exit {p.returncode}): {e}\n"
                           f"stdout: {p.stdout[-2000:]}\nstderr: {p.stderr[-2000:]}") from e
        return p.returncode, result
