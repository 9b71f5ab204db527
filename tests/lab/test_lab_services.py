"""The responder's DNS, TCP and HTTP, measured from the host namespace."""
import socket
import time

from netns import in_netns, run
from lab import DNS_SERVER, TARGETS, TCP_PORTS
from lab_case import LabTestCase
import probes

NXDOMAIN, SERVFAIL = 3, 2


class ServicesTest(LabTestCase):
    def setUp(self):
        super().setUp()
        self.lab = self.start_lab()

    def test_dns_answers_a_and_aaaa(self):
        rcode, answers = probes.dns_query(self.lab.host, DNS_SERVER, "example.com")
        self.assertEqual((rcode, answers), (0, [bytes([192, 0, 2, 1])]))
        rcode, answers = probes.dns_query(self.lab.host, DNS_SERVER, "example.com", qtype=28)
        self.assertEqual(rcode, 0)
        self.assertEqual(answers, [bytes.fromhex("20010db8000000000000000000000001")])

    def test_dns_modes_nxdomain_servfail_silent(self):
        self.lab.impair("dns mode=nxdomain")
        self.assertEqual(probes.dns_query(self.lab.host, DNS_SERVER, "example.com"), (NXDOMAIN, []))
        self.lab.impair("dns mode=servfail")
        self.assertEqual(probes.dns_query(self.lab.host, DNS_SERVER, "example.com"), (SERVFAIL, []))
        self.lab.impair("dns mode=silent")
        self.assertIsNone(probes.dns_query(self.lab.host, DNS_SERVER, "example.com", timeout=0.5))
        self.lab.restore()
        self.assertEqual(probes.dns_query(self.lab.host, DNS_SERVER, "example.com")[0], 0)
        stats = self.lab.responder_stats()["dns"]
        self.assertEqual((stats["received"], stats["answered"], stats["dropped"]), (4, 3, 1))

    def test_dns_delay_and_down(self):
        self.lab.impair("dns delay=80")
        start = time.perf_counter()
        self.assertEqual(probes.dns_query(self.lab.host, DNS_SERVER, "example.com")[0], 0)
        self.assertGreaterEqual((time.perf_counter() - start) * 1000, 80)
        self.lab.impair("dns down")
        self.assertIsNone(probes.dns_query(self.lab.host, DNS_SERVER, "example.com", timeout=0.5))
        self.lab.impair("dns up")
        self.assertIsNotNone(probes.dns_query(self.lab.host, DNS_SERVER, "example.com"))

    def test_tcp_connects_with_delay_loss_and_down(self):
        for port in TCP_PORTS:
            rtts = [probes.tcp_connect(self.lab.host, TARGETS[0], port) for _ in range(5)]
            self.assertTrue(all(isinstance(r, float) for r in rtts), f"port {port}: {rtts}")
            self.assertLess(sorted(rtts)[2], 1.0, rtts)  # the first one also resolves ARP
        refused = probes.tcp_connect(self.lab.host, TARGETS[0], 2222)
        self.assertIn("refused", refused)
        self.lab.impair("tcp delay=40")
        rtts = [probes.tcp_connect(self.lab.host, TARGETS[2], TCP_PORTS[0]) for _ in range(5)]
        self.assertAlmostEqual(sorted(rtts)[2], 40, delta=2, msg=str(rtts))
        self.assertGreaterEqual(min(rtts), 40, rtts)
        self.lab.impair("tcp delay=0 loss=50")
        results = [probes.tcp_connect(self.lab.host, TARGETS[1], TCP_PORTS[1], timeout=0.3)
                   for _ in range(10)]
        self.assertEqual(sum(isinstance(r, float) for r in results), 5, results)
        self.lab.impair("tcp loss=0", "tcp down")
        self.assertIn("timed out", probes.tcp_connect(self.lab.host, TARGETS[0], TCP_PORTS[0], 0.3))
        stats = self.lab.responder_stats()["tcp"]
        self.assertEqual(stats["received"], 26)
        self.assertEqual(stats["dropped"], 6)

    def test_http_200_and_configured_status(self):
        code, body, err = probes.curl(self.lab.host, f"http://{TARGETS[0]}/")
        self.assertEqual(code, 200, err)
        self.assertIn("wanwatch lab responder", body)
        self.lab.impair("http status=503")
        self.assertEqual(probes.curl(self.lab.host, f"http://{TARGETS[1]}/health")[0], 503)
        self.lab.impair("http down")
        code, _, err = probes.curl(self.lab.host, f"http://{TARGETS[0]}/", max_time=1)
        self.assertEqual(code, 0)
        self.assertIn("timed out", err)
        stats = self.lab.responder_stats()["http"]
        self.assertEqual((stats["received"], stats["answered"], stats["dropped"]), (3, 2, 1))

    def test_tcp_accepts_then_closes_cleanly_every_time(self):
        port = TCP_PORTS[0]
        results = [probes.tcp_connect(self.lab.host, TARGETS[i % 3], port) for i in range(50)]
        self.assertTrue(all(isinstance(r, float) for r in results), results)
        with in_netns(self.lab.host):
            s = socket.create_connection((TARGETS[0], port), timeout=1)
        with s:
            self.assertEqual(s.recv(100), b"", "expected the server's FIN (an orderly close)")
        # Our FIN and ACKs complete the close: nothing lingers in LAST-ACK or FIN-WAIT.
        deadline = time.monotonic() + 5
        while True:
            left = run(["ip", "netns", "exec", self.lab.host, "ss", "-Htan",
                        "state", "last-ack", "state", "fin-wait-1", "state", "close-wait"]).stdout
            if not left.strip() or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self.assertEqual(left.strip(), "")
