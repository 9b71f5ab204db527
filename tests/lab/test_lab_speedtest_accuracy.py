"""Accuracy of `wanwatch speedtest` against `wanwatch speedtest-server` through a
tbf-shaped link (speedtest_lab.py), with iperf3 on the same link as the reference.

Goodput must be within 3% of rate x 1448/1514 (what TCP carries on such a link:
LAB.md), in both directions and for both HTTP protocols; iperf3 is measured in
the same run to show the link itself delivers that. A deep tbf queue must give a
worse bufferbloat grade and a higher loaded latency than a shallow one.
"""
import unittest

from lab_case import LabTestCase
from speedtest_lab import SpeedtestLab, expected_goodput_mbps

TOLERANCE = 0.03
GRADES = ["A+", "A", "B", "C", "D", "F"]  # best first
# tbf per rate: a burst of a few timer ticks at that rate keeps the shaper from
# undershooting at 200 Mbit/s; latency bounds the queue (and the loaded latency).
SHAPES = {
    20: {"burst": "64kb", "latency": "50ms"},
    200: {"burst": "1mb", "latency": "50ms"},
}
# Seconds per direction (2 s of warm-up included). At 20 Mbit/s the upload's count of
# bytes still queued at the measured part's two ends is a larger share of what moves,
# so that rate gets a longer measured part.
DURATIONS = {20: 10, 200: 6}


class SpeedtestAccuracyTest(LabTestCase):
    needs_daemon = True

    def setUp(self):
        super().setUp()
        self.lab = SpeedtestLab()
        self.addCleanup(self.lab.teardown)
        self.lab.setup()
        self.server = self.lab.start_speedtest_server(self.wanwatch_bin)
        self.addCleanup(self.check_server_exit)

    def check_server_exit(self):
        code = self.server.stop()
        self.assertEqual(code, 0, f"speedtest-server exited with {code} on SIGTERM:\n"
                         f"{self.server.log_tail()}")

    def run_speedtest(self, protocol, duration=6):
        code, result = self.lab.speedtest(self.wanwatch_bin, protocol, duration=duration)
        self.assertEqual(code, 0, result)
        self.assertEqual(result.get("status"), "ok", result)
        return result

    def assert_goodput(self, what, measured, expected):
        self.assertIsNotNone(measured, what)
        ratio = measured / expected
        self.assertLessEqual(abs(ratio - 1), TOLERANCE,
                             f"{what}: {measured:.2f} Mbps, expected {expected:.2f} "
                             f"(ratio {ratio:.3f}, allowed 1 +- {TOLERANCE})")

    def check_rate(self, rate_mbit):
        self.lab.shape(rate_mbit, **SHAPES[rate_mbit])
        expected = expected_goodput_mbps(rate_mbit)
        iperf = self.lab.start_iperf3_server()
        reference = {"download": self.lab.iperf3_mbps(download=True),
                     "upload": self.lab.iperf3_mbps(download=False)}
        iperf.stop()
        print(f"\n{rate_mbit} Mbit/s tbf {SHAPES[rate_mbit]}: expected {expected:.2f} Mbps; "
              f"iperf3 -P 4 down {reference['download']:.2f} up {reference['upload']:.2f}")
        # The link itself: if iperf3 misses, the lab (not wanwatch) is off.
        for direction, mbps in reference.items():
            self.assert_goodput(f"iperf3 {direction} at {rate_mbit} Mbit/s", mbps, expected)
        for protocol in ("librespeed", "cloudflare"):
            r = self.run_speedtest(protocol, duration=DURATIONS[rate_mbit])
            print(f"  wanwatch {protocol}: down {r['download_mbps']} up {r['upload_mbps']} "
                  f"(line {r['download_line_mbps']}/{r['upload_line_mbps']}) ping {r['ping_ms']} "
                  f"loaded {r['download_latency_ms']}/{r['upload_latency_ms']} ms "
                  f"grade {r['bufferbloat_grade']}")
            with self.subTest(protocol=protocol, rate=rate_mbit):
                self.assert_goodput(f"{protocol} download at {rate_mbit} Mbit/s",
                                    r["download_mbps"], expected)
                self.assert_goodput(f"{protocol} upload at {rate_mbit} Mbit/s",
                                    r["upload_mbps"], expected)
                # Line rate is goodput x 1514/1448 by default: close to the tbf rate.
                self.assert_goodput(f"{protocol} download line rate at {rate_mbit} Mbit/s",
                                    r["download_line_mbps"], rate_mbit)

    def test_goodput_at_20_mbit(self):
        self.check_rate(20)

    def test_goodput_at_200_mbit(self):
        self.check_rate(200)

    def test_deep_queue_grades_worse_than_shallow(self):
        rate = 20
        runs = {}
        # Same rate and burst; only the queue depth (tbf latency) differs.
        for name, latency in (("shallow", "10ms"), ("deep", "600ms")):
            self.lab.shape(rate, burst="32kb", latency=latency)
            runs[name] = self.run_speedtest("librespeed", duration=5)
            r = runs[name]
            print(f"\n{name} queue (tbf latency {latency}): ping {r['ping_ms']} loaded "
                  f"{r['download_latency_ms']}/{r['upload_latency_ms']} ms grade "
                  f"{r['bufferbloat_grade']}")
        shallow, deep = runs["shallow"], runs["deep"]
        self.assertIn(shallow["bufferbloat_grade"], GRADES, shallow)
        self.assertIn(deep["bufferbloat_grade"], GRADES, deep)
        self.assertGreater(GRADES.index(deep["bufferbloat_grade"]),
                           GRADES.index(shallow["bufferbloat_grade"]), (shallow, deep))
        # The grade follows the larger loaded latency; a 600 ms queue at 20 Mbit/s
        # (1.5 MB) holds far more than the shallow one's 10 ms; the four flows fill only
        # part of it (measured: 55-105 ms loaded against 15-17 ms), so the margin is modest.
        def loaded(r):
            return max(r["download_latency_ms"], r["upload_latency_ms"])
        self.assertGreater(loaded(deep), 2 * loaded(shallow), (shallow, deep))
        self.assertGreater(loaded(deep), loaded(shallow) + 25, (shallow, deep))

if __name__ == "__main__":
    unittest.main()
