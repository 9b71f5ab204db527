"""isp-status in the lab: two uplinks, "Liquid (BGP01)" (eth0) and the NAT uplink
"LTE (NAT)" (eth1, silent gateway), each judged from its own evidence through real links
(uplinks_lab.py has the topology).

One test, one daemon (restarted once on purpose), scenarios in sequence:
  a. both UP with ping and HTTP evidence; the NAT uplink's silent gateway is gw_ping null
  b. Liquid's upstream cut for OUTAGE_S: Liquid DOWN no_external_reachability, LTE UP all
     along (its targets are reachable through eth1 only: proof of the per-uplink binding);
     during it
  f. /api/status?live=1: two concurrent calls share one live round, a third reuses it;
     then Liquid recovers
  -  the daemon restarts (its minute history must survive)
  c. 30 % loss on LTE's targets: LTE DEGRADED (high_loss / partial_reachability), Liquid UP
  d. Liquid's (non-NAT) gateway goes silent: DOWN gateway_unreachable
  e. eth1 set down: LTE DOWN iface_down naming eth1
  g. once the 5-minute bucket holding the outage has closed: /api/history?range=24h has all
     288 buckets, down minutes where the outage was, the minutes of the first run, a summary
     with the outage; /api/history.csv the same buckets as CSV.
The history check sets the wall time: the outage's bucket closes 0-5 minutes after the
outage ends, and scenarios c-e run meanwhile. About 3 to 7.5 minutes in all.
"""
import csv
import io
import json
import math
import threading
import time

from uplinks_lab import (DEGRADED, DOWN, LIQUID, LIQUID_TARGETS, LIQUID_UPLINK, LTE, LTE_TARGETS,
                         LTE_UPLINK, UP, UplinksCase, quoted)

OUTAGE_S = 125  # the scripted outage: longer than 2 minutes, so at least 2 minutes are DOWN
BUCKET_S = 300
CSV_COLUMNS = ["start", "start_unix", "state", "state_label", "up_minutes", "degraded_minutes",
               "down_minutes", "missing_minutes", "samples", "lost", "loss_pct", "avg_ms",
               "min_ms", "max_ms"]


def all_answered_ok(u):
    """UP, and every ping and HTTP check has a result and succeeded."""
    checks = u["ping"] + u["http"]
    return u["state"] == UP and checks and all(c["ok"] and c["at"] for c in checks)


class TwoUplinksTest(UplinksCase):
    def test_two_uplinks_outages_live_rounds_and_history(self):
        started = time.monotonic()
        self.phases = []
        t_first_start = time.time()
        self.start_uplinks_lab()
        self.phase("a: both UP with evidence", self.both_up_with_evidence)
        t_down, t_up = self.phase("b+f: upstream outage of Liquid, live rounds during it",
                                  self.upstream_outage_with_live_rounds)
        t_restart = time.time()
        self.phase("restart", self.restart)
        self.phase("c: loss on LTE's path", self.loss_on_lte)
        self.phase("d: gateways: NAT silent is UP, non-NAT silent is DOWN", self.silent_gateways)
        self.phase("e: interface down", self.interface_down)
        self.phase("g: history and CSV", self.history, t_first_start, t_restart, t_down, t_up)
        total = time.monotonic() - started
        print("phases: " + "; ".join(f"{name} {secs:.1f} s" for name, secs in self.phases))
        print(f"total {total:.1f} s")

    def phase(self, name, fn, *args):
        t = time.monotonic()
        result = fn(*args)
        self.phases.append((name, time.monotonic() - t))
        return result

    # --- a --------------------------------------------------------------

    def both_up_with_evidence(self):
        ups = self.wait_uplinks(
            lambda u: all(n in u and all_answered_ok(u[n]) for n in (LIQUID, LTE)), 30,
            "both uplinks UP with every check answered")
        self.assertEqual([u["name"] for u in self.status()["uplinks"]], [LIQUID, LTE],
                         "uplinks[] in configuration order")
        liquid, lte = ups[LIQUID], ups[LTE]
        for u, iface, targets in ((liquid, "eth0", LIQUID_TARGETS), (lte, "eth1", LTE_TARGETS)):
            self.assert_up_with_evidence(u)
            self.assertEqual(u["iface"], iface, u)
            self.assertEqual(u["iface_state"], "up", u)
            self.assertEqual([c["target"] for c in u["ping"]], list(targets), u)
            self.assertEqual([c["url"] for c in u["http"]], [f"http://{targets[0]}/"], u)
            self.assertEqual(u["loss_pct"], 0, u)
        self.assertFalse(liquid["nat"], liquid)
        self.assertEqual(liquid["gw_ping"]["target"], "10.77.0.1", liquid)
        self.assertTrue(liquid["gw_ping"]["ok"], liquid)
        # d, first half: the NAT uplink's gateway never answers (the router ignores pings),
        # which shows as null evidence, not as a failure.
        self.assertTrue(lte["nat"], lte)
        self.assertIsNone(lte["gw_ping"], lte)

    # --- b and f --------------------------------------------------------

    def upstream_outage_with_live_rounds(self):
        t_down = time.time()
        self.lab.upstream_down(LIQUID_UPLINK)
        ups = self.wait_states({LIQUID: DOWN, LTE: UP}, 20,
                               reasons={LIQUID: ("no_external_reachability",)})
        liquid = ups[LIQUID]
        self.assertEqual(liquid["state_label"], "DOWN", liquid)
        self.assertTrue(liquid["state_reason_text"], liquid)
        self.assertTrue(liquid["gw_ping"]["ok"], f"the gateway still answers: {liquid}")
        for c in liquid["ping"] + liquid["http"]:
            self.assertFalse(c["ok"], c)
            self.assertTrue(c["error"], c)
        self.live_rounds()
        # The outage lasts OUTAGE_S by the test's clock (the scripted duration, not a wait for
        # a state); meanwhile both verdicts must hold at every look.
        while (left := t_down + OUTAGE_S - time.time()) > 0:
            ups = self.uplinks()
            self.assertEqual(ups[LIQUID]["state"], DOWN, ups[LIQUID])
            self.assertEqual(ups[LTE]["state"], UP, ups[LTE])
            time.sleep(min(1.0, left))
        self.lab.upstream_up(LIQUID_UPLINK)
        t_up = time.time()
        # Back: the loss of the outage leaves the quality window within a minute.
        self.wait_states({LIQUID: UP, LTE: UP}, 60, "Liquid UP again after the outage")
        print(f"outage {t_up - t_down:.1f} s from {time.strftime('%H:%M:%S', time.gmtime(t_down))}"
              f" UTC")
        return t_down, t_up

    def live_rounds(self):
        """f: ?live=1 answers with a live object; two concurrent calls share one round."""
        answers = [None, None]
        barrier = threading.Barrier(2)

        def call(i):
            barrier.wait()
            answers[i] = self.lab.request("/api/status?live=1", timeout=20)

        threads = [threading.Thread(target=call, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        bodies = []
        for answer in answers:
            self.assertIsNotNone(answer, "a live call did not return")
            status, _, body = answer
            self.assertEqual(status, 200, body[:300])
            bodies.append(json.loads(body))
        lives = [b["live"] for b in bodies]
        for body, live in zip(bodies, lives):
            self.assertTrue(live["ok"], live)
            self.assertIsNone(live["error"], live)
            self.assertEqual(live["min_interval_sec"], 10, live)
            ups = self.uplinks(body)
            # Judged from the live round alone (no hysteresis), still the same verdicts.
            self.assertEqual(ups[LIQUID]["state"], DOWN, ups[LIQUID])
            self.assertEqual(ups[LIQUID]["state_reason"], "no_external_reachability", ups[LIQUID])
            self.assertEqual(ups[LTE]["state"], UP, ups[LTE])
        self.assertTrue(any(l["shared"] or l["reused"] for l in lives), lives)
        self.assertEqual(lives[0]["finished_at"], lives[1]["finished_at"],
                         f"the two calls got different rounds: {lives}")
        # A call right after gets the same round again, with its age.
        third = self.lab.api("/api/status?live=1", timeout=20)["live"]
        self.assertTrue(third["reused"], third)
        self.assertEqual(third["finished_at"], lives[0]["finished_at"], third)
        self.assertGreaterEqual(third["age_sec"], 0, third)
        print(f"live: {[(l['shared'], l['reused']) for l in lives]} (shared, reused); "
              f"round {lives[0]['started_at']} .. {lives[0]['finished_at']}")

    # --- restart --------------------------------------------------------

    def restart(self):
        code = self.lab.restart_daemon()
        self.assertEqual(code, 0, "wanwatch's exit code on SIGTERM (restart)")
        self.wait_uplinks(lambda u: all(n in u and all_answered_ok(u[n]) for n in (LIQUID, LTE)),
                          30, "both uplinks UP after the restart")

    # --- c --------------------------------------------------------------

    def loss_on_lte(self):
        self.lab.impair(*(f"icmp target={t} loss=30" for t in LTE_TARGETS))
        ups = self.wait_states({LTE: DEGRADED, LIQUID: UP}, 30,
                               reasons={LTE: ("high_loss", "partial_reachability")})
        lte = ups[LTE]
        self.assertEqual(lte["state_label"], "DEGRADED", lte)
        self.assertTrue(lte["state_reason_text"], lte)
        if lte["state_reason"] == "high_loss":
            self.assertGreaterEqual(lte["loss_pct"], 5, lte)
        self.lab.restore()
        self.wait_states({LTE: UP, LIQUID: UP}, 60, "LTE UP again after the loss")

    # --- d --------------------------------------------------------------

    def silent_gateways(self):
        # The NAT uplink has had a silent gateway all along and is UP (checked in a too).
        lte = self.uplinks()[LTE]
        self.assertEqual((lte["state"], lte["gw_ping"]), (UP, None), lte)
        self.lab.gateway_silent(LIQUID_UPLINK)
        ups = self.wait_states({LIQUID: DOWN, LTE: UP}, 20,
                               reasons={LIQUID: ("gateway_unreachable",)})
        liquid = ups[LIQUID]
        self.assertIsNotNone(liquid["gw_ping"], liquid)
        self.assertFalse(liquid["gw_ping"]["ok"], liquid)
        self.assertIn("10.77.0.1", liquid["state_reason_text"], liquid)
        # The internet behind the router still answers: the verdict is the gateway's alone.
        self.assertTrue(all(c["ok"] for c in liquid["ping"]), liquid)
        self.lab.gateway_silent(LIQUID_UPLINK, silent=False)
        self.wait_states({LIQUID: UP, LTE: UP}, 30, "Liquid UP once its gateway answers")

    # --- e --------------------------------------------------------------

    def interface_down(self):
        self.lab.iface_down(LTE_UPLINK)
        ups = self.wait_states({LTE: DOWN, LIQUID: UP}, 20, reasons={LTE: ("iface_down",)})
        lte = ups[LTE]
        self.assertIn("eth1", lte["state_reason_text"], lte)
        self.assertEqual(lte["iface"], "eth1", lte)
        self.assertNotEqual(lte["iface_state"], "up", lte)
        self.lab.iface_up(LTE_UPLINK)
        self.wait_states({LTE: UP, LIQUID: UP}, 60, "LTE UP once eth1 is up")

    # --- g --------------------------------------------------------------

    def history(self, t_first_start, t_restart, t_down, t_up):
        # The bucket holding the outage's end closes at the next 5-minute boundary.
        closes = (math.floor(t_up / BUCKET_S) + 1) * BUCKET_S
        path = f"/api/history?range=24h&name={quoted(LIQUID)}"
        print(f"history: waiting {max(0.0, closes - time.time()):.0f} s for the outage's "
              "bucket to close")
        h = self.lab.wait_until(
            lambda h: h["buckets"] and h["buckets"][-1]["start_unix"] + BUCKET_S >= closes,
            max(0.0, closes - time.time()) + 60, "the outage's bucket in the history",
            path=path, interval=1.0)
        self.assertEqual((h["range"], h["name"], h["bucket_seconds"]), ("24h", LIQUID, BUCKET_S))
        buckets = h["buckets"]
        self.assertEqual(len(buckets), 288, "every 5-minute bucket of 24 h is present")
        starts = [b["start_unix"] for b in buckets]
        self.assertEqual(starts, list(range(starts[0], starts[0] + 288 * BUCKET_S, BUCKET_S)))
        self.assertEqual(starts[0] % BUCKET_S, 0)
        self.assertLessEqual(starts[-1] + BUCKET_S, time.time() + 1, "only closed buckets")
        by_start = {b["start_unix"]: b for b in buckets}

        # The outage's buckets: DOWN, with its down minutes (the outage was recorded by the
        # first run, before the restart).
        outage = [b for b in buckets
                  if b["start_unix"] < t_up and b["start_unix"] + BUCKET_S > t_down]
        self.assertTrue(outage, f"no bucket overlaps the outage {t_down:.0f}-{t_up:.0f}")
        # The bucket of the outage's last seconds (a few seconds back from the link's return,
        # in case it came back right at a bucket's start).
        last = by_start[math.floor((t_up - 5) / BUCKET_S) * BUCKET_S]
        self.assertEqual((last["state"], last["state_label"]), (DOWN, "DOWN"), last)
        self.assertGreaterEqual(last["down_minutes"], 1, last)
        self.assertGreaterEqual(sum(b["down_minutes"] for b in outage), 2, outage)

        # Every whole minute of the first run (before the restart) is recorded.
        for b in buckets:
            inside = sum(1 for m in range(b["start_unix"], b["start_unix"] + BUCKET_S, 60)
                         if m >= t_first_start and m + 60 <= t_restart)
            self.assertLessEqual(b["missing_minutes"], 5 - inside,
                                 f"minutes of the first run missing after the restart: {b}")
            self.assertEqual(b["up_minutes"] + b["degraded_minutes"] + b["down_minutes"]
                             + b["missing_minutes"], 5, b)
        # Before the daemon first ran: no data, padded.
        before = buckets[0]
        self.assertLess(before["start_unix"] + BUCKET_S, t_first_start)
        self.assertEqual((before["state"], before["state_label"], before["missing_minutes"]),
                         (None, "NO_DATA", 5), before)

        s = h["summary"]
        self.assertGreaterEqual(s["outage_count"], 1, s)
        self.assertGreaterEqual(s["down_minutes"], 2, s)
        self.assertGreaterEqual(s["longest_outage_minutes"], 2, s)
        self.assertLess(s["availability_pct"], 100, s)
        self.assertLess(s["coverage_pct"], 100, s)
        print("history: outage buckets " + ", ".join(
            f"{b['start']} up/degraded/down/missing {b['up_minutes']}/{b['degraded_minutes']}/"
            f"{b['down_minutes']}/{b['missing_minutes']}" for b in outage) + f"; summary {s}")

        self.history_csv(by_start, outage)
        self.history_errors()

    def history_csv(self, by_start, outage):
        status, headers, body = self.lab.request(
            f"/api/history.csv?range=24h&name={quoted(LIQUID)}")
        self.assertEqual(status, 200, body[:300])
        self.assertTrue(headers["content-type"].startswith("text/csv"), headers)
        self.assertIn("attachment", headers.get("content-disposition", ""), headers)
        self.assertIn("history_Liquid__BGP01__24h.csv", headers["content-disposition"], headers)
        rows = list(csv.reader(io.StringIO(body.decode())))
        self.assertEqual(rows[0], CSV_COLUMNS)
        self.assertEqual(len(rows), 1 + 288, "a header and a row per bucket")
        csv_buckets = {int(r[1]): dict(zip(CSV_COLUMNS, r)) for r in rows[1:]}
        for b in outage:
            row = csv_buckets.get(b["start_unix"])
            self.assertIsNotNone(row, f"no CSV row for bucket {b['start']}")
            self.assertEqual((row["state"], row["down_minutes"]),
                             (str(b["state"]), str(b["down_minutes"])), row)
        # A bucket older than the daemon: empty cells for nulls.
        first = rows[1]
        if by_start[int(first[1])]["state"] is None:
            self.assertEqual(first[2], "", first)

    def history_errors(self):
        lte = self.lab.api(f"/api/history?range=24h&name={quoted(LTE)}")
        self.assertEqual(lte["name"], LTE)
        self.assertEqual(len(lte["buckets"]), 288)
        for path, code in ((f"/api/history?range=24h&name={quoted('Nope (X)')}", 404),
                           ("/api/history?range=24h", 400),
                           (f"/api/history?range=5h&name={quoted(LIQUID)}", 400)):
            status, _, body = self.lab.request(path)
            self.assertEqual(status, code, f"{path}: {body[:300]!r}")
            self.assertIn("detail", json.loads(body), body)
