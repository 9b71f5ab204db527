"""The lab's topology and its cleanup, without the daemon."""
import os
import subprocess
import sys

from lab import GATEWAY, ROUTER_WAN, TARGETS, Lab, LabError
from lab_case import LabTestCase
from netns import cleanup_stale, list_namespaces, pid_gone, run
import probes


class TopologyTest(LabTestCase):
    def test_namespaces_addresses_and_routes(self):
        with Lab(self.responder_bin) as lab:
            names = set(list_namespaces())
            self.assertTrue({lab.host, lab.router, lab.inet} <= names)
            addrs = run(["ip", "-n", lab.inet, "-4", "addr", "show", "dev", "eth0"]).stdout
            for t in TARGETS + ("203.0.113.53",):
                self.assertIn(f"{t}/24", addrs)
            route = run(["ip", "-n", lab.host, "route", "show", "default"]).stdout
            self.assertIn(f"via {GATEWAY}", route)
            # The kernels of host and router answer; the internet's is silenced.
            self.assertEqual(probes.ping(lab.host, GATEWAY, count=2, interval=0.05).received, 2)
            self.assertEqual(probes.ping(lab.host, ROUTER_WAN, count=2, interval=0.05).received, 2)
            silent = probes.ping(lab.host, TARGETS[0], count=2, interval=0.05, wait_s=0.3)
            self.assertEqual(silent.received, 0, silent.output)
        self.assertFalse({lab.host, lab.router, lab.inet} & set(list_namespaces()))
        self.assertFalse(os.path.exists(lab.workdir))

    def test_teardown_happens_when_the_test_raises(self):
        with self.assertRaises(RuntimeError):
            with Lab(self.responder_bin) as lab:
                lab.start_responder()
                pid = lab.responder.pid
                raise RuntimeError("boom")
        self.assertFalse(set(lab.namespaces) & set(list_namespaces()))
        self.assertTrue(pid_gone(pid), f"responder {pid} still running")

    def test_killed_run_is_cleaned_by_cleanup_stale(self):
        # A child python builds a lab with a responder and is SIGKILLed: no atexit runs.
        here = os.path.dirname(os.path.abspath(__file__))
        script = (
            "import os, sys, time; sys.path.insert(0, %r)\n"
            "from lab import Lab\n"
            "lab = Lab(%r); lab.setup(); lab.start_responder()\n"
            "print(lab.tag, lab.responder.pid, flush=True)\n"
            "time.sleep(60)\n" % (here, self.responder_bin))
        child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        try:
            tag, responder_pid = child.stdout.readline().split()
        finally:
            child.kill()
            child.wait(10)
        leftovers = [n for n in list_namespaces() if n.startswith(tag)]
        self.assertEqual(len(leftovers), 3, leftovers)
        removed = cleanup_stale("wwlab")
        self.assertEqual(sorted(removed), sorted(leftovers))
        self.assertFalse([n for n in list_namespaces() if n.startswith(tag)])
        # PR_SET_PDEATHSIG took the responder down with its parent.
        self.assertTrue(pid_gone(int(responder_pid)), f"responder {responder_pid} still running")

    def test_live_runs_are_not_touched_by_cleanup_stale(self):
        with Lab(self.responder_bin) as lab:
            self.assertEqual([n for n in cleanup_stale("wwlab") if n.startswith(lab.tag)], [])
            self.assertIn(lab.host, list_namespaces())

    def test_second_uplink(self):
        with Lab(self.responder_bin) as lab:
            lab.start_responder()
            up = lab.add_uplink()
            self.assertEqual(up.host_if, "eth1")
            via_b = probes.ping(lab.host, TARGETS[1], count=3, interval=0.05, device="eth1")
            self.assertEqual(via_b.received, 3, via_b.output)
            lab.upstream_down(uplink=0)
            # Uplink 1 still reaches the internet while uplink 0's router is cut off.
            self.assertEqual(
                probes.ping(lab.host, TARGETS[0], count=2, interval=0.05, device="eth1").received, 2)
            cut = probes.ping(lab.host, TARGETS[0], count=2, interval=0.05, device="eth0")
            self.assertEqual(cut.received, 0, cut.output)
            with self.assertRaises(LabError):
                lab.add_uplink()

    def test_responder_rejects_bad_commands_with_a_clear_error(self):
        with Lab(self.responder_bin) as lab:
            lab.start_responder()
            with self.assertRaisesRegex(Exception, "unknown command 'udp'"):
                lab.ctl("udp delay=5")
            with self.assertRaisesRegex(Exception, r"'loss=150': 150 is outside 0..100"):
                lab.ctl("icmp loss=150")
            self.assertEqual(lab.ctl("rules"), "ok no impairments")
