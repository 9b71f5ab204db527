"""Upstream and local outages made with real link changes in the lab."""
import time

from scenario_case import ScenarioCase, parse_iso

OUTAGE_S = 20


class OutageTest(ScenarioCase):
    def test_twenty_second_upstream_outage_is_one_drop(self):
        self.start_lab_and_daemon()
        self.wait_all_clear()
        t_down = time.time()
        self.lab.upstream_down()
        s = self.lab.wait_until(lambda s: s["diagnosis_code"] == "upstream" and s["is_down"],
                                OUTAGE_S - 5, "diagnosis upstream and is_down during the outage")
        # The outage lasts OUTAGE_S by the test's own clock; this is the scripted
        # duration, not a wait for a state.
        time.sleep(max(0.0, t_down + OUTAGE_S - time.time()))
        self.lab.upstream_up()
        t_up = time.time()
        drops = self.wait_closed_drops(1, 20)
        self.assertEqual(len(drops), 1, drops)
        d = drops[0]
        self.assertAlmostEqual(d["duration_sec"], t_up - t_down, delta=2.0, msg=str(d))
        self.assertAlmostEqual(parse_iso(d["start"]), t_down, delta=2.0, msg=str(d))
        self.assertAlmostEqual(parse_iso(d["end"]), t_up, delta=2.0, msg=str(d))
        self.assertEqual(d["diagnosis_code"], "upstream", d)
        print(f"outage by the test's clock {t_up - t_down:.2f} s; drop {d['duration_sec']} s, "
              f"start off by {parse_iso(d['start']) - t_down:+.2f} s")
        self.wait_line_up("upstream")
        self.assertEqual(len(self.drops()), 1)

    def test_gateway_down_is_a_local_network_drop(self):
        self.start_lab_and_daemon()
        self.wait_all_clear()
        self.lab.gateway_down()
        s = self.lab.wait_until(lambda s: s["diagnosis_code"] == "local_network" and s["is_down"],
                                20, "diagnosis local_network and is_down")
        self.assertIn("gateway", s["diagnosis"].lower(), s)
        self.lab.gateway_up()
        drops = self.wait_closed_drops(1, 20)
        self.assertEqual(len(drops), 1, drops)
        self.assertEqual(drops[0]["diagnosis_code"], "local_network", drops[0])
        self.wait_line_up("local_network")
