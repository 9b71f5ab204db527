"""Browser tests of the dashboard: the real daemon in a private network
namespace probing two extra loopback addresses (the "internet") and
127.0.0.1 (the gateway), and dashboard_test.mjs driving Debian's Chromium
through playwright-core against it. The outage monitor connects to a TCP
listener of this test on the same two addresses. The node script makes the
outages itself (it removes and re-adds the two addresses) and saves screenshots
to WW_ARTIFACTS.
"""
import os
import shutil
import socket
import subprocess
import sys
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")
NODE = os.environ.get("WW_NODE", "node")
MODULES = os.environ.get("WW_WEB_NODE_MODULES", "")
CHROMIUM = os.environ.get("WW_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = os.environ.get("WW_ARTIFACTS", os.path.join(os.getcwd(), "browser-artifacts"))
TARGETS = ("10.99.1.1", "10.99.1.2")
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dashboard_test.mjs")


def config(outage_port):
    targets = ", ".join('"%s"' % t for t in TARGETS)
    outage_targets = ", ".join('"%s:%d"' % (t, outage_port) for t in TARGETS)
    return """
[probe]
interval_ms = 200
targets = [%s]
gateway = "127.0.0.1"
tcp_targets = []
dns_servers = []
[outages]
targets = [%s]
interval_seconds = 5
timeout_ms = 1000
quorum = 2
confirm_rounds = 1
""" % (targets, outage_targets)


class Listener:
    """Accepts and closes TCP connections on every address: the outage monitor's
    "resolvers" answer while their addresses are on lo."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("0.0.0.0", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
                conn.close()
            except OSError:
                return

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept
        except OSError:
            pass
        self.sock.close()


def set_targets(up):
    for address in TARGETS:
        subprocess.run(["ip", "addr", "add" if up else "del", address + "/32", "dev", "lo"],
                       check=False, stderr=subprocess.DEVNULL)


class DashboardTest(unittest.TestCase):
    def setUp(self):
        if not os.access(CHROMIUM, os.X_OK):
            self.fail("no Chromium at %s: run scripts/install-deps.sh test" % CHROMIUM)
        if not shutil.which(NODE):
            self.fail("no node (%s): run scripts/install-deps.sh build" % NODE)
        if not os.path.isdir(os.path.join(MODULES, "playwright-core")):
            self.fail("no playwright-core in WW_WEB_NODE_MODULES=%r (build the wanwatch target)" % MODULES)
        set_targets(True)
        self.addCleanup(set_targets, True)
        os.makedirs(ARTIFACTS, exist_ok=True)

    def test_every_tab_in_chromium(self):
        listener = Listener()
        self.addCleanup(listener.close)
        with harness.Daemon(BIN, config(listener.port)) as daemon:
            # Enough history for charts, and the current hour in the heatmap.
            harness.wait_until(lambda: daemon.get_json("/api/status")["total_pings"] >= 25, 30,
                               "probes", check=daemon.check_alive)
            harness.wait_until(
                lambda: any(v is not None for v in daemon.get_json("/api/heatmap")["hours"].values()),
                30, "a heatmap cell", check=daemon.check_alive)
            env = dict(os.environ, WW_URL=daemon.url("/"), WW_ARTIFACTS=ARTIFACTS,
                       WW_OUTAGE_ADDRESSES=",".join(TARGETS), WW_CHROMIUM=CHROMIUM,
                       WW_WEB_NODE_MODULES=MODULES)
            result = subprocess.run([NODE, "--test", "--test-reporter=spec", SCRIPT], env=env,
                                    timeout=240)
            daemon.check_alive()
            self.assertEqual(result.returncode, 0, "browser tests failed (output above)")


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
