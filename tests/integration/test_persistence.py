"""Drops and history are stored on disk and survive a restart; the daemon
with its embedded defaults starts (the `make run` path) and stops cleanly."""
import datetime
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


TARGETS = ("10.99.0.1", "10.99.0.2")


def targets_reachable(yes):
    """Two extra local addresses on loopback: removing them leaves no route to
    them (the namespace has no default route), so every probe fails at once
    (a drop), while the API stays reachable on 127.0.0.1."""
    for address in TARGETS:
        ip("addr", "add" if yes else "del", address + "/32", "dev", "lo")


class PersistenceTest(unittest.TestCase):
    def setUp(self):
        targets_reachable(True)

    def test_drop_and_history_survive_restart(self):
        config = harness.loopback_config(targets=TARGETS, interval_ms=200)
        first = harness.Daemon(BIN, config).start()
        try:
            harness.wait_until(lambda: first.get_json("/api/status")["total_pings"] >= 20, 30,
                               "probes", check=first.check_alive)
            down_at = time.time()
            targets_reachable(False)
            harness.wait_until(lambda: first.get_json("/api/status")["is_down"], 20,
                               "the drop to be confirmed", check=first.check_alive)
            time.sleep(2)  # the outage's length is the scenario, not a wait for a state
            targets_reachable(True)
            up_at = time.time()
            drops = harness.wait_until(
                lambda: [d for d in first.get_json("/api/drops") if d["end"]], 20,
                "the drop to end", check=first.check_alive)
            self.assertEqual(len(drops), 1)
            self.assertAlmostEqual(drops[0]["duration_sec"], up_at - down_at, delta=1.0)
            first.stop()  # let the writer commit the last seconds before reading
            stopped_at = datetime.datetime.now(datetime.timezone.utc)
            first.start()
            before = first.get_json("/api/history?minutes=5&step=1")
        finally:
            self.assertEqual(first.stop(), 0, first.log_text())

        second = harness.Daemon(BIN, config, data_dir=first.data_dir).start()
        try:
            drops_after = second.get_json("/api/drops")
            self.assertEqual(len(drops_after), 1)
            self.assertEqual(drops_after[0]["start"], drops[0]["start"])
            self.assertEqual(drops_after[0]["end"], drops[0]["end"])
            after = second.get_json("/api/history?minutes=5&step=1")
            # Points from before the first stop are final; later ones still fill up.
            cutoff = stopped_at - datetime.timedelta(seconds=2)
            old = {t: v for t, v in zip(before["timestamps"], before["latencies"])
                   if v is not None and datetime.datetime.fromisoformat(t) < cutoff}
            new = dict(zip(after["timestamps"], after["latencies"]))
            self.assertGreaterEqual(len(old), 3)
            for t, v in old.items():
                self.assertAlmostEqual(new.get(t), v, places=3, msg="history point " + t)
        finally:
            self.assertEqual(second.stop(), 0, second.log_text())


class DefaultsTest(unittest.TestCase):
    def test_embedded_defaults_start_and_stop_cleanly(self):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, XDG_STATE_HOME=tmp, HOME=tmp)
            env.pop("STATE_DIRECTORY", None)
            d = harness.Daemon(BIN, None, env=env)
            d.data_dir = None
            d.command = lambda: [BIN, "--headless", "--web-port", str(d.port)]
            d.start()
            try:
                harness.wait_until(
                    lambda: d.get_json("/api/status")["diagnosis_code"] != "initializing", 30,
                    "a first diagnosis", check=d.check_alive)
                status = d.get_json("/api/status")
                # This namespace has no default route: the local network is down.
                self.assertEqual(status["diagnosis_code"], "local_network")
                self.assertTrue(os.path.exists(os.path.join(tmp, "wanwatch", "wanwatch.db")))
            finally:
                self.assertEqual(d.stop(signal.SIGINT), 0, d.log_text())


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
