"""The responder's ICMP echo, measured from the host namespace with iputils ping."""
import re
import time

from lab import TARGETS
from lab_case import LabTestCase
import probes


class IcmpTest(LabTestCase):
    def setUp(self):
        super().setUp()
        self.lab = self.start_lab()

    def test_base_rtt_is_about_a_tenth_of_a_millisecond(self):
        r = probes.ping(self.lab.host, TARGETS[0], count=20, interval=0.02)
        self.assertEqual(r.received, 20, r.output)
        self.assertLess(r.mean_ms, 1.0, r)  # measured ~0.1 ms; sanitizer builds stay well below 1
        self.assertNotIn("BAD CHECKSUM", r.output)
        self.assertNotIn("DUP!", r.output)

    def test_every_target_answers_from_its_own_address(self):
        for t in TARGETS + ("203.0.113.53",):
            r = probes.ping(self.lab.host, t, count=2, interval=0.02)
            self.assertEqual(r.received, 2, r.output)
            self.assertEqual(set(re.findall(r"bytes from ([\d.]+)", r.output)), {t})
        stats = self.lab.responder_stats()["icmp"]
        self.assertEqual(stats["received"], 8)
        self.assertEqual(stats["answered"], 8)

    def test_delay_of_50_ms_is_precise(self):
        base = probes.ping(self.lab.host, TARGETS[0], count=20, interval=0.02).mean_ms
        self.lab.impair("icmp delay=50")
        r = probes.ping(self.lab.host, TARGETS[0], count=50, interval=0.05)
        self.assertEqual(r.received, 50, r.output)
        self.assertAlmostEqual(r.mean_ms, 50 + base, delta=2.0, msg=str(r))
        self.assertGreaterEqual(min(r.rtts), 50.0, r.rtts)

    def test_delay_for_one_target_leaves_the_others_alone(self):
        self.lab.impair(f"icmp target={TARGETS[1]} delay=30")
        slow = probes.ping(self.lab.host, TARGETS[1], count=10, interval=0.02)
        fast = probes.ping(self.lab.host, TARGETS[0], count=10, interval=0.02)
        self.assertAlmostEqual(slow.mean_ms, 30, delta=2.0, msg=str(slow))
        self.assertLess(fast.mean_ms, 2.0, fast)

    def test_ten_percent_loss_is_exact_over_500_pings(self):
        self.lab.impair("icmp loss=10")
        r = probes.ping(self.lab.host, TARGETS[0], count=500, interval=0.01, wait_s=1)
        self.assertEqual(r.transmitted, 500, r.output[-500:])
        self.assertAlmostEqual(r.loss_pct, 10.0, delta=3.0, msg=str(r))
        self.assertEqual(r.received, 450, "loss is exact by construction")
        stats = self.lab.responder_stats()["icmp"]
        self.assertEqual((stats["received"], stats["dropped"]), (500, 50))

    def test_outage_window_ends_by_itself(self):
        self.lab.impair("all down 1.5")
        start = time.monotonic()
        down = probes.ping(self.lab.host, TARGETS[0], count=5, interval=0.1, wait_s=0.2)
        self.assertEqual(down.received, 0, down.output)
        # After the window, answers return without any further command.
        probes_after = None
        while time.monotonic() - start < 10:
            probes_after = probes.ping(self.lab.host, TARGETS[0], count=1, wait_s=0.3)
            if probes_after.received:
                break
        self.assertEqual(probes_after.received, 1, probes_after.output)
        self.assertGreaterEqual(time.monotonic() - start, 1.5)
        self.lab.restore()
        self.assertEqual(self.lab.ctl("rules"), "ok no impairments")
