"""A healthy line as wanwatch's user sees it through the API."""
from lab import DNS_SERVER
from scenario_case import ScenarioCase


class HealthyLineTest(ScenarioCase):
    def test_healthy_line_is_all_clear_with_no_loss_and_low_latency(self):
        self.start_lab_and_daemon()
        s = self.wait_all_clear(min_pings=60)
        self.assertEqual(s["packet_loss_pct"], 0, s)
        self.assertLess(s["avg_latency"], 5.0, s)
        self.assertFalse(s["is_down"], s)
        self.assertIsInstance(s["diagnosis"], str)
        self.assertTrue(s["diagnosis"], s)
        for name, t in self.targets().items():
            self.assertEqual(t["loss_pct"], 0, t)
            self.assertGreater(t["total_pings"], 0, t)
            self.assertLessEqual(t["min_ms"], t["avg_ms"], t)
            self.assertLessEqual(t["avg_ms"], t["max_ms"], t)
            self.assertLess(t["avg_ms"], 5.0, t)
        self.assertEqual(self.drops(), [])
        # The daemon's probes really went through the lab to the responder.
        stats = self.lab.responder_stats()
        self.assertGreaterEqual(stats["icmp"]["answered"], 60, stats)
        self.assertGreater(stats["dns"]["answered"], 0, f"no DNS query reached {DNS_SERVER}")
