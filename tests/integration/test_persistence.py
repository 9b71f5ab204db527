"""Drops and history are stored on disk and survive a restart; the daemon
with its embedded defaults starts (the `make run` path) and stops cleanly."""
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")


def ip(*args):
    subprocess.run(["ip"] + list(args), check=True)


class PersistenceTest(unittest.TestCase):
    def setUp(self):
        # Two target addresses on a dummy interface: taking it down removes
        # their routes, so every probe fails at once (a drop), while the API
        # stays reachable on loopback.
        ip("link", "add", "wwd0", "type", "dummy")
        ip("addr", "add", "10.99.0.1/32", "dev", "wwd0")
        ip("addr", "add", "10.99.0.2/32", "dev", "wwd0")
        ip("link", "set", "wwd0", "up")
        self.addCleanup(subprocess.run, ["ip", "link", "del", "wwd0"], check=False)

    def test_drop_and_history_survive_restart(self):
        config = harness.loopback_config(targets=("10.99.0.1", "10.99.0.2"), interval_ms=200)
        first = harness.Daemon(BIN, config).start()
        try:
            harness.wait_until(lambda: first.get_json("/api/status")["total_pings"] >= 20, 30,
                               "probes", check=first.check_alive)
            down_at = time.time()
            ip("link", "set", "wwd0", "down")
            harness.wait_until(lambda: first.get_json("/api/status")["is_down"], 20,
                               "the drop to be confirmed", check=first.check_alive)
            time.sleep(2)  # the outage's length is the scenario, not a wait for a state
            ip("link", "set", "wwd0", "up")
            up_at = time.time()
            drops = harness.wait_until(
                lambda: [d for d in first.get_json("/api/drops") if d["end"]], 20,
                "the drop to end", check=first.check_alive)
            self.assertEqual(len(drops), 1)
            self.assertAlmostEqual(drops[0]["duration_sec"], up_at - down_at, delta=1.0)
            before = first.get_json("/api/history?minutes=5")
        finally:
            self.assertEqual(first.stop(), 0, first.log_text())

        second = harness.Daemon(BIN, config, data_dir=first.data_dir).start()
        try:
            drops_after = second.get_json("/api/drops")
            self.assertEqual(len(drops_after), 1)
            self.assertEqual(drops_after[0]["start"], drops[0]["start"])
            self.assertEqual(drops_after[0]["end"], drops[0]["end"])
            after = second.get_json("/api/history?minutes=5")
            old_points = [t for t, v in zip(after["timestamps"], after["latencies"])
                          if v is not None and t <= before["timestamps"][-1]]
            self.assertGreater(len(old_points), 10, "samples from before the restart")
        finally:
            self.assertEqual(second.stop(), 0, second.log_text())

    def test_embedded_defaults_start_and_stop_cleanly(self):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, XDG_STATE_HOME=tmp, HOME=tmp)
            env.pop("STATE_DIRECTORY", None)
            d = harness.Daemon(BIN, None, env=env)
            d.data_dir = None
            d.command = lambda: [BIN, "--headless", "--web-port", str(d.port)]
            d.start()
            try:
                status = harness.wait_until(
                    lambda: d.get_json("/api/status")["diagnosis_code"] != "initializing", 30,
                    "a first diagnosis", check=d.check_alive)
                # This namespace has no default route: the local network is down.
                self.assertEqual(status["diagnosis_code"], "local_network")
                self.assertTrue(os.path.exists(os.path.join(tmp, "wanwatch", "wanwatch.db")))
            finally:
                self.assertEqual(d.stop(signal.SIGINT), 0, d.log_text())


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
