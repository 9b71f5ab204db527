"""Loss, delay and DNS failure scripted at the responder, as wanwatch reports them."""
from lab import DNS_SERVER, TARGETS
import probes
from scenario_case import ScenarioCase


class ImpairedLineTest(ScenarioCase):
    def test_ten_percent_icmp_loss(self):
        self.start_lab_and_daemon("icmp loss=10")
        s = self.lab.wait_until(lambda s: s["total_pings"] >= 500, 150, "500 pings")
        self.assertAlmostEqual(s["packet_loss_pct"], 10.0, delta=3.0, msg=str(s))
        print(f"loss {s['packet_loss_pct']} % at {s['total_pings']} pings")
        # Each target loses exactly 1 in 10 (never 3 rounds in a row): no drop.
        for name, t in self.targets().items():
            self.assertAlmostEqual(t["loss_pct"], 10.0, delta=3.0, msg=f"{name}: {t}")
        self.assertFalse(s["is_down"], s)
        self.assertEqual(self.drops(), [])

    def test_fifty_ms_added_icmp_delay(self):
        self.lab = self.start_lab()
        base = probes.ping(self.lab.host, TARGETS[0], count=20, interval=0.02).mean_ms
        self.lab.impair("icmp delay=50")
        self.lab.start_daemon(self.wanwatch_bin)
        s = self.lab.wait_until(lambda s: s["total_pings"] >= 150, 90, "150 pings")
        self.assertAlmostEqual(s["avg_latency"], 50 + base, delta=2.0,
                               msg=f"base RTT {base:.3f} ms; status {s}")
        print(f"avg_latency {s['avg_latency']} ms, base RTT by ping {base:.3f} ms")
        self.assertEqual(s["packet_loss_pct"], 0, s)
        for name, t in self.targets().items():
            self.assertAlmostEqual(t["avg_ms"], 50 + base, delta=2.0, msg=f"{name}: {t}")
            self.assertGreaterEqual(t["min_ms"], 50.0, f"{name}: {t}")

    def test_dns_down_while_icmp_is_fine(self):
        self.start_lab_and_daemon()
        self.wait_all_clear()
        for failure in ("dns down", "dns mode=servfail"):
            with self.subTest(failure=failure):
                self.lab.impair(failure)
                s = self.wait_code("dns", 30)
                self.assertFalse(s["is_down"], s)
                self.assertEqual(s["packet_loss_pct"], 0, s)
                self.lab.restore()
                self.wait_code("all_clear", 30)
        self.assertEqual(self.drops(), [], f"a DNS failure at {DNS_SERVER} is not a drop")
