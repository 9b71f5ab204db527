"""`wanwatch speedtest`, black-box: against a small Python server that speaks
LibreSpeed (also PHP-only) and Cloudflare-style per their descriptions
(speedtest_peer.py), and against `wanwatch speedtest-server`. Checks the JSON
fields, plausible numbers (bytes the client reports against bytes the server
counted), a failing and an unreachable server (exit 1, status failed, the error
naming each server), the 413 cap (smaller chunks, still measured), the human
summary, and bad flags (exit 2, message naming the flag, nothing on stdout).

Runs in its own network namespace (harness.enter_private_netns)."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from speedtest_peer import SpeedtestPeer  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")
MIB = 1 << 20
STREAMS = 2
# Bytes in flight when the client abandons its transfers: curl's buffers and the
# socket buffers of both ends, per stream (loopback autotuning reaches ~6 MiB each).
SLACK = STREAMS * 32 * MIB
FIELDS = ("id", "timestamp", "download_mbps", "upload_mbps", "ping_ms", "jitter_ms", "isp",
          "isp_name", "server_name", "server_location", "server_id", "server_url", "client_ip",
          "packet_loss_pct", "download_line_mbps", "upload_line_mbps", "download_latency_ms",
          "upload_latency_ms", "bufferbloat_grade", "bytes_downloaded", "bytes_uploaded",
          "streams", "duration_seconds", "engine", "trigger", "attempt", "status", "error")


OOKLA_SAMPLE = json.dumps({
    "type": "result", "timestamp": "2026-11-28T10:00:00Z",
    "ping": {"jitter": 0.412, "latency": 8.734, "low": 8.251, "high": 9.503},
    "download": {"bandwidth": 11843750, "bytes": 142110480, "elapsed": 12004,
                 "latency": {"iqm": 24.117}},
    "upload": {"bandwidth": 2470000, "bytes": 29640000, "elapsed": 12000,
               "latency": {"iqm": 61.5}},
    "packetLoss": 0, "isp": "Example Fibre",
    "interface": {"externalIp": "203.0.113.7"},
    "server": {"id": 31470, "host": "speedtest.example.net", "port": 8080,
               "name": "Example Net", "location": "Berlin", "country": "Germany"},
    "result": {"id": "d3b0c6f4", "url": "https://www.speedtest.net/result/c/d3b0c6f4"}})


def port_open(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def speedtest(*args, path=None):
    with tempfile.TemporaryDirectory() as home:
        env = {"PATH": path if path is not None else os.environ.get("PATH", ""), "HOME": home,
               "XDG_STATE_HOME": os.path.join(home, "state")}
        p = subprocess.run([BIN, "speedtest"] + list(args), capture_output=True, text=True,
                           timeout=120, env=env, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def speedtest_json(*args, path=None):
    code, out, err = speedtest("--json", "--duration", "2", "--streams", str(STREAMS), *args,
                               path=path)
    result = json.loads(out)  # exactly one JSON object and nothing else
    return code, result, err


class SpeedtestCliTest(unittest.TestCase):
    def assert_measured(self, r, peer=None):
        self.assertEqual(r["status"], "ok", r)
        self.assertEqual(sorted(r), sorted(FIELDS))
        self.assertIsNone(r["error"])
        self.assertEqual(r["trigger"], "cli")
        self.assertEqual(r["streams"], STREAMS)
        self.assertEqual(r["server_name"], "127.0.0.1")
        for key in ("download_mbps", "upload_mbps"):
            self.assertGreater(r[key], 1.0, key)
        self.assertAlmostEqual(r["download_line_mbps"] / r["download_mbps"], 1514 / 1448, 2)
        self.assertAlmostEqual(r["upload_line_mbps"] / r["upload_mbps"], 1514 / 1448, 2)
        for key in ("ping_ms", "jitter_ms", "download_latency_ms", "upload_latency_ms"):
            self.assertIsNotNone(r[key], key)
            self.assertGreaterEqual(r[key], 0, key)
            self.assertLess(r[key], 1000, key)
        self.assertEqual(r["packet_loss_pct"], 0)
        self.assertIn(r["bufferbloat_grade"], ("A+", "A", "B", "C", "D", "F"))
        # Two directions of 2 s each plus the idle latency: not much more.
        self.assertGreaterEqual(r["duration_seconds"], 4.0)
        self.assertLess(r["duration_seconds"], 30)
        if peer is not None:
            c = peer.counters
            self.assertGreater(r["bytes_downloaded"], 0)
            self.assertLessEqual(abs(r["bytes_downloaded"] - c.sent), SLACK, (r, c.sent))
            self.assertLessEqual(c.received, r["bytes_uploaded"])
            self.assertLessEqual(r["bytes_uploaded"] - c.received, SLACK, (r, c.received))

    def test_librespeed(self):
        with SpeedtestPeer() as peer:
            code, r, err = speedtest_json("--server", peer.url + "/")
        self.assertEqual(code, 0, err)
        self.assert_measured(r, peer)
        self.assertEqual(r["engine"], "librespeed")
        self.assertEqual(r["client_ip"], "127.0.0.1")
        self.assertEqual(r["isp"], "Test ISP")
        self.assertEqual(r["server_url"], peer.url + "/")
        self.assertEqual(peer.counters.requests.get("getIP"), 1)
        self.assertGreater(peer.counters.requests.get("garbage", 0), 0)

    def test_librespeed_php_backend(self):
        with SpeedtestPeer("php") as peer:
            code, r, err = speedtest_json("--server", peer.url, "--protocol", "librespeed")
        self.assertEqual(code, 0, err)
        self.assert_measured(r, peer)
        # One 404 on the bare name (counted as None), then only .php names (counted
        # without the suffix).
        self.assertEqual(peer.counters.requests.get(None), 1, peer.counters.requests)
        self.assertGreater(peer.counters.requests.get("garbage", 0), 0)
        self.assertEqual(peer.counters.requests.get("getIP"), 1)

    def test_cloudflare(self):
        with SpeedtestPeer() as peer:
            code, r, err = speedtest_json("--server", peer.url, "--protocol", "cloudflare")
        self.assertEqual(code, 0, err)
        self.assert_measured(r, peer)
        self.assertEqual(r["engine"], "cloudflare")
        self.assertEqual(r["client_ip"], "127.0.0.1")
        self.assertEqual(r["isp"], "AS64500")
        self.assertEqual(r["server_location"], "TST")
        self.assertGreater(peer.counters.requests.get("__down", 0), 1)
        self.assertGreater(peer.counters.requests.get("__up", 0), 0)

    def test_capped_server_gets_smaller_chunks(self):
        with SpeedtestPeer("cap") as peer:
            code, r, err = speedtest_json("--server", peer.url, "--protocol", "cloudflare")
        self.assertEqual(code, 0, err)
        self.assert_measured(r, peer)

    def test_unanswered_probes_are_loss(self):
        with SpeedtestPeer("lossy") as peer:
            code, r, err = speedtest_json("--server", peer.url)
        self.assertEqual(code, 0, err)
        self.assertEqual(r["status"], "ok", r)
        # Every 4th probe is late: about a quarter of the idle ones (1 s timeout) and of
        # the loaded ones (2 s), whatever the exact count sent.
        self.assertGreater(r["packet_loss_pct"], 10)
        self.assertLess(r["packet_loss_pct"], 40)
        self.assertIsNotNone(r["ping_ms"])
        self.assertLess(r["ping_ms"], 1000)  # lost probes are not latency

    def test_failing_servers_fail_the_test_naming_each(self):
        with SpeedtestPeer("fail") as broken:
            unused = "http://127.0.0.1:%d" % harness.free_port()
            code, r, err = speedtest_json("--server", broken.url, "--server", unused)
        self.assertEqual(code, 1, err)
        self.assertEqual(r["status"], "failed")
        self.assertIn(broken.url + ": GET /empty: HTTP 500", r["error"])
        self.assertIn(unused + ": GET /empty: ", r["error"])
        for key in ("download_mbps", "upload_mbps", "ping_ms", "download_line_mbps"):
            self.assertIsNone(r[key], key)

    def test_the_next_server_is_tried(self):
        with SpeedtestPeer() as peer:
            unused = "http://127.0.0.1:%d" % harness.free_port()
            code, r, err = speedtest_json("--server", unused, "--server", peer.url)
        self.assertEqual(code, 0, err)
        self.assertEqual(r["server_url"], peer.url)

    def test_human_summary(self):
        with SpeedtestPeer() as peer:
            code, out, err = speedtest("--server", peer.url, "--duration", "2")
        self.assertEqual(code, 0, err)
        for label in ("Server:", "Ping:", "Download:", "Upload:", "Bufferbloat:", "Moved:"):
            self.assertIn(label, out)
        self.assertNotIn("\r", err)  # no progress bar when stderr is not a terminal

    def test_human_failure_goes_to_stderr(self):
        unused = "http://127.0.0.1:%d" % harness.free_port()
        code, out, err = speedtest("--server", unused, "--duration", "2")
        self.assertEqual(code, 1)
        self.assertEqual(out, "")
        self.assertIn("speed test failed: " + unused, err)

    def test_sigint_cancels_promptly(self):
        with SpeedtestPeer() as peer, tempfile.TemporaryDirectory() as home:
            proc = subprocess.Popen(
                [BIN, "speedtest", "--json", "--duration", "60", "--server", peer.url],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                env={"PATH": os.environ.get("PATH", ""), "HOME": home})
            try:
                harness.wait_until(lambda: peer.counters.requests.get("garbage"), 20,
                                   "the download to start")
                sent = time.monotonic()
                proc.send_signal(signal.SIGINT)
                out, err = proc.communicate(timeout=30)
                took = time.monotonic() - sent
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        self.assertEqual(proc.returncode, 1, err)
        r = json.loads(out)
        self.assertEqual((r["status"], r["error"]), ("failed", "cancelled"))
        self.assertIsNone(r["download_mbps"])
        # Not a timing benchmark: without the cancel it would run 2 x 60 s.
        self.assertLess(took, 10)

    def test_bad_flags(self):
        for args, flag in ((["--streams", "0"], "--streams"), (["--duration", "1"], "--duration"),
                           (["--protocol", "gopher"], "--protocol"),
                           (["--server", "ftp://127.0.0.1"], "--server"),
                           (["--streams"], "--streams")):
            code, out, err = speedtest("--json", *args)
            self.assertEqual(code, 2, (args, err))
            self.assertEqual(out, "")
            self.assertIn(flag, err)

    def test_iperf3(self):
        if shutil.which("iperf3") is None:
            self.skipTest("iperf3 is not installed")
        port = harness.free_port()
        server = subprocess.Popen(["iperf3", "-s", "-B", "127.0.0.1", "-p", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            harness.wait_until(lambda: port_open(port), 20, "iperf3 -s to listen")
            code, r, err = speedtest_json("--protocol", "iperf3", "--server",
                                          "127.0.0.1:%d" % port)
        finally:
            server.terminate()
            server.wait(timeout=20)
        self.assertEqual(code, 0, err)
        self.assertEqual(r["status"], "ok", r)
        self.assertEqual(r["engine"], "iperf3")
        self.assertGreater(r["download_mbps"], 1.0)
        self.assertGreater(r["upload_mbps"], 1.0)
        self.assertGreater(r["bytes_downloaded"], 0)
        self.assertIsNone(r["ping_ms"])  # iperf3 does not measure latency: unknown, not 0
        code, r, err = speedtest_json("--server", "iperf3://127.0.0.1:%d" % port)
        self.assertEqual(code, 1)
        self.assertIn("unable to connect", r["error"])

    def test_ookla_cli(self):
        with tempfile.TemporaryDirectory() as bindir:
            code, r, _ = speedtest_json("--protocol", "ookla", path=bindir)
            self.assertEqual(code, 1)
            self.assertEqual(r["error"], "speedtest CLI not installed")
            # A stand-in for Ookla's program: records its arguments, prints its JSON.
            fake = os.path.join(bindir, "speedtest")
            with open(fake, "w") as f:
                f.write("#!/bin/sh\necho \"$@\" > %s/args\ncat <<'EOF'\n%s\nEOF\n"
                        % (bindir, OOKLA_SAMPLE))
            os.chmod(fake, 0o755)
            code, r, err = speedtest_json("--protocol", "ookla", "--server", "31470",
                                          path=bindir + ":/bin:/usr/bin")
            with open(os.path.join(bindir, "args")) as f:
                args = f.read().split()
        self.assertEqual(code, 0, err)
        self.assertEqual(args, ["--format=json", "--accept-license", "--accept-gdpr", "-s",
                                "31470"])
        self.assertEqual(r["engine"], "ookla")
        self.assertEqual(r["download_mbps"], 94.75)  # bandwidth is bytes/s
        self.assertEqual(r["server_id"], "31470")
        self.assertEqual(r["server_location"], "Berlin, Germany")
        self.assertEqual(r["isp"], "Example Fibre")

    def test_against_wanwatch_speedtest_server(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "server.log")
            with open(log, "wb") as out:
                server = subprocess.Popen([BIN, "speedtest-server", "--listen", "127.0.0.1:0"],
                                          stdout=out, stderr=subprocess.STDOUT)
            try:
                def listening():
                    with open(log) as f:
                        text = f.read()
                    if "listening on http://" not in text:
                        return None
                    return text.split("listening on http://", 1)[1].split()[0].rstrip("/")

                def alive():
                    if server.poll() is not None:
                        raise AssertionError("speedtest-server exited: " + open(log).read())

                address = harness.wait_until(listening, 20, "speedtest-server", check=alive)
                for protocol in ("librespeed", "cloudflare"):
                    code, r, err = speedtest_json("--server", "http://" + address,
                                                  "--protocol", protocol)
                    self.assertEqual(code, 0, err)
                    self.assert_measured(r)
                    self.assertEqual(r["engine"], protocol)
            finally:
                server.terminate()
                server.wait(timeout=20)


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
