"""Link failures and shaping of the lab, observed from the host namespace."""
import socket
import threading
import time

from lab import GATEWAY, TARGETS
from lab_case import LabTestCase
from netns import in_netns
import probes


class LinksTest(LabTestCase):
    def setUp(self):
        super().setUp()
        self.lab = self.start_lab()

    def assert_reachable(self):
        for t in (GATEWAY,) + TARGETS:
            r = probes.ping(self.lab.host, t, count=2, interval=0.05)
            self.assertEqual(r.received, 2, r.output)

    def test_upstream_down_gives_net_unreachable_while_the_gateway_answers(self):
        self.assert_reachable()
        self.lab.upstream_down()
        r = probes.ping(self.lab.host, TARGETS[0], count=3, interval=0.05)
        self.assertEqual(r.received, 0, r.output)
        self.assertTrue(r.errors, r.output)
        self.assertTrue(all("Net Unreachable" in e for e in r.errors), r.errors)
        self.assertIn(f"From {GATEWAY}", r.output)
        self.assertEqual(probes.ping(self.lab.host, GATEWAY, count=3, interval=0.05).received, 3)
        self.assertIn("unreachable", str(probes.tcp_connect(self.lab.host, TARGETS[1], 443)))
        self.lab.upstream_up()
        self.assert_reachable()

    def test_gateway_down_makes_everything_fail(self):
        self.lab.gateway_down()
        for t in (GATEWAY,) + TARGETS:
            r = probes.ping(self.lab.host, t, count=2, interval=0.05, wait_s=0.3)
            self.assertEqual(r.received, 0, r.output)
        self.assertIsNone(probes.dns_query(self.lab.host, "203.0.113.53", "example.com", timeout=0.3))
        self.lab.gateway_up()
        self.assert_reachable()

    def test_iface_down_on_the_host(self):
        self.lab.iface_down()
        err = probes.tcp_connect(self.lab.host, TARGETS[0], 443)
        self.assertIn("Network is unreachable", str(err))
        self.lab.iface_up()
        self.assert_reachable()

    def test_tbf_shapes_download_to_the_configured_rate(self):
        rate_mbit = 20
        self.lab.shape("down", rate_mbit)
        mbit = self.measure_download_mbit(seconds=1.5)
        # LAB.md: TCP goodput through tbf is 0.956-0.958 x the rate.
        self.assertAlmostEqual(mbit / rate_mbit, 0.957, delta=0.05, msg=f"{mbit:.2f} Mbit/s")
        self.lab.unshape("down")
        self.assertGreater(self.measure_download_mbit(seconds=0.5), 3 * rate_mbit)

    def measure_download_mbit(self, seconds):
        """Streams from a socket in the internet namespace to one in the host namespace."""
        with in_netns(self.lab.inet):
            server = socket.create_server((TARGETS[0], 0))
        port = server.getsockname()[1]
        stop = threading.Event()

        def serve():
            conn, _ = server.accept()
            chunk = b"x" * 65536
            with conn:
                conn.settimeout(5)
                while not stop.is_set():
                    try:
                        conn.sendall(chunk)
                    except OSError:
                        return

        t = threading.Thread(target=serve, daemon=True)
        t.start()
        with in_netns(self.lab.host):
            client = socket.create_connection((TARGETS[0], port), timeout=5)
        received, start = 0, None
        with client, server:
            while True:
                data = client.recv(1 << 20)
                if not data:
                    break
                now = time.monotonic()
                if start is None:  # measure from the first byte: skips the handshake
                    start, received = now, 0
                    continue
                received += len(data)
                if now - start >= seconds:
                    break
            stop.set()
        t.join(10)
        return received * 8 / (time.monotonic() - start) / 1e6
