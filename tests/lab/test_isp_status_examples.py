"""The isp-status API guide's curl/jq examples, verbatim, against a lab daemon with the two
uplinks of uplinks_lab.py (one literally named "Liquid (BGP01)", as in the guide).

Each example runs as the guide prints it, through `bash -c` with the real curl and jq inside
the lab's host namespace; only HOST:PORT is replaced by the daemon's address. The outputs are
then read back and checked: an integration written from the guide works as written.
"""
import json
import os
import shutil
import subprocess
import tempfile

from netns import ns_cmd
from uplinks_lab import LIQUID, LTE, UP, UplinksCase
from lab import wait_until

# The examples below are copied verbatim from the isp-status API guide, contract version
# 1.0.0 (the seed text /work/shared/seeds/isp-status-api.txt, which is not in this
# repository): §4 "Minimal Check" and "Evidence Inspection", §5 "Example", §6 "Safe Query
# Example" and "CSV Export". Do not edit them; a change of the guide is a change here.
MINIMAL_CHECK = """\
curl -s http://HOST:PORT/api/status | jq '.uplinks[] | {name,state}'"""

EVIDENCE_INSPECTION = """\
curl -s http://HOST:PORT/api/status | jq '
.uplinks[] |
{
  name,
  state,
  state_reason,
  iface_state,
  gw_ping_ok: (.gw_ping.ok // null),
  ping_ok: ([.ping[]|select(.ok==true)]|length),
  ping_total: (.ping|length),
  http_ok: ([.http[]|select(.ok==true)]|length),
  http_total: (.http|length)
}'"""

HEALTH_EXAMPLE = """\
curl -s http://HOST:PORT/api/health | jq '{ok, history_freshness}'"""

HISTORY_SAFE_QUERY = """\
curl -sG \\
  --data-urlencode "range=24h" \\
  --data-urlencode "name=Liquid (BGP01)" \\
  http://HOST:PORT/api/history | jq '{range,name,summary}'"""

CSV_EXPORT = """\
curl -sG \\
  --data-urlencode "range=24h" \\
  --data-urlencode "name=Liquid (BGP01)" \\
  http://HOST:PORT/api/history.csv -o history.csv"""

EVIDENCE_KEYS = ["name", "state", "state_reason", "iface_state", "gw_ping_ok", "ping_ok",
                 "ping_total", "http_ok", "http_total"]
SUMMARY_KEYS = {"availability_pct", "strict_up_pct", "coverage_pct", "up_minutes",
                "degraded_minutes", "down_minutes", "missing_minutes", "outage_count",
                "longest_outage_minutes", "avg_latency_ms", "loss_pct"}


def json_values(text):
    """Every JSON value of jq's output stream, in order."""
    decoder, values, i = json.JSONDecoder(), [], 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i == len(text):
            return values
        value, i = decoder.raw_decode(text, i)
        values.append(value)


class IspStatusExamplesTest(UplinksCase):
    def test_examples_of_the_guide(self):
        # One daemon for all examples, each a subtest (reported on its own).
        self.start_uplinks_lab()
        self.cwd = tempfile.mkdtemp(prefix="ww-examples-")
        self.addCleanup(shutil.rmtree, self.cwd, True)
        # Both uplinks settled UP with every check answered: the examples then have one
        # right output.
        self.wait_uplinks(lambda u: all(
            n in u and u[n]["state"] == UP and all(c["ok"] for c in u[n]["ping"] + u[n]["http"])
            for n in (LIQUID, LTE)), 30, "both uplinks UP")
        for check in (self.minimal_check, self.evidence_inspection, self.health_example,
                      self.history_safe_query, self.csv_export):
            with self.subTest(example=check.__name__):
                check()

    def run_example(self, example):
        """Runs the example in the lab's host namespace; returns its standard output."""
        self.assertIn("HOST:PORT", example)
        script = example.replace("HOST:PORT", f"127.0.0.1:{self.lab.daemon_port}")
        p = subprocess.run(ns_cmd(self.lab.host, "bash", "-c", script), cwd=self.cwd,
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 0, f"{script}\nstdout: {p.stdout}\nstderr: {p.stderr}")
        self.assertEqual(p.stderr, "", script)
        return p.stdout

    def minimal_check(self):
        out = json_values(self.run_example(MINIMAL_CHECK))
        self.assertEqual(out, [{"name": LIQUID, "state": UP}, {"name": LTE, "state": UP}])

    def evidence_inspection(self):
        out = json_values(self.run_example(EVIDENCE_INSPECTION))
        self.assertEqual([o["name"] for o in out], [LIQUID, LTE], out)
        for o in out:
            self.assertEqual(list(o), EVIDENCE_KEYS, o)
            self.assertEqual((o["state"], o["iface_state"]), (UP, "up"), o)
            self.assertIn(o["state_reason"], ("all_checks_passed", "sufficient_reachability"), o)
            self.assertEqual((o["ping_ok"], o["ping_total"]), (3, 3), o)
            self.assertEqual((o["http_ok"], o["http_total"]), (1, 1), o)
        liquid, lte = out
        self.assertIs(liquid["gw_ping_ok"], True, liquid)
        # "NAT uplinks may report gw_ping_ok: null": LTE's gateway never answers.
        self.assertIsNone(lte["gw_ping_ok"], lte)

    def health_example(self):
        # A daemon a few seconds old has recorded its first minute (refreshed every 15 s).
        def sample():
            out = json_values(self.run_example(HEALTH_EXAMPLE))
            self.assertEqual(len(out), 1, out)
            return out[0]
        out = wait_until(sample, lambda o: o["ok"] is True, 60, "the health example's ok: true")
        self.assertEqual(list(out), ["ok", "history_freshness"], out)
        self.assertIsNotNone(out["history_freshness"], out)

    def history_safe_query(self):
        out = json_values(self.run_example(HISTORY_SAFE_QUERY))
        self.assertEqual(len(out), 1, out)
        h = out[0]
        self.assertEqual(list(h), ["range", "name", "summary"], h)
        self.assertEqual((h["range"], h["name"]), ("24h", LIQUID), h)
        self.assertIsInstance(h["summary"], dict, h)
        self.assertLessEqual(SUMMARY_KEYS, set(h["summary"]), h)
        # The daemon is younger than the last closed bucket or holds at most a few minutes.
        self.assertLess(h["summary"]["coverage_pct"], 5, h)

    def csv_export(self):
        self.assertEqual(self.run_example(CSV_EXPORT), "", "-o writes to the file, not stdout")
        path = os.path.join(self.cwd, "history.csv")
        with open(path, newline="") as f:
            lines = f.read().splitlines()
        self.assertTrue(lines, f"{path} is empty")
        self.assertTrue(lines[0].startswith("start,start_unix,state,state_label,"), lines[0])
        self.assertEqual(len(lines), 1 + 288, "a header row and a row per 5-minute bucket of 24 h")
