"""CSV logs and HTML reports, black-box: the daemon probes two local
addresses, a drop is made by removing them, and then /logs lists and serves
the day's ping and drops logs in the original's formats, traversal attempts
are refused, `wanwatch report` writes a report holding the drop and the
targets while the daemon runs, and /reports lists and serves it."""
import csv
import datetime
import http.client
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")
TARGETS = ("10.98.0.1", "10.98.0.2")
OFFSET = datetime.timedelta(hours=5, minutes=30)  # general.timezone below
PING_HEADER = ("Timestamp,Target,Success,LatencyMs,GatewayMs,DnsMs,WifiSignalPct,PacketLossPct,"
               "AvgLatencyMs,JitterMs,P95Ms,UptimePct,Trend,HealthScore,HealthGrade,BaselineMs,"
               "PublicIP,ISP").split(",")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$")


def ip(*args):
    subprocess.run(["ip"] + list(args), check=True)


def targets_reachable(yes):
    """Extra addresses on loopback; without them nothing routes to the targets
    (the namespace has no default route): every probe fails, a drop."""
    for address in TARGETS:
        ip("addr", "add" if yes else "del", address + "/32", "dev", "lo")


def local_dates():
    """Today's date at +05:30, and the one a second from now (a test near
    midnight may see either)."""
    now = datetime.datetime.now(datetime.timezone.utc) + OFFSET
    return {now.date().isoformat(), (now + datetime.timedelta(seconds=90)).date().isoformat()}


def raw_get(port, target):
    """GET with the target sent exactly as given (no client-side normalising)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.putrequest("GET", target, skip_accept_encoding=True)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, r.getheader("Content-Type", ""), r.read()
    finally:
        conn.close()


def parse_csv(body):
    text = body.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return text, rows


class ReportsAndLogsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        targets_reachable(True)
        config = harness.loopback_config(targets=TARGETS, interval_ms=200,
                                         extra='[general]\ntimezone = "+05:30"\n')
        cls.d = harness.Daemon(BIN, config).start()
        try:
            cls.make_drop()
        except BaseException:
            sys.stderr.write(cls.d.log_text())
            cls.d.stop()
            raise

    @classmethod
    def make_drop(cls):
        d = cls.d
        harness.wait_until(lambda: d.get_json("/api/status")["total_pings"] >= 20, 30, "probes",
                           check=d.check_alive)
        down_at = time.time()
        targets_reachable(False)
        harness.wait_until(lambda: d.get_json("/api/status")["is_down"], 20,
                           "the drop to be confirmed", check=d.check_alive)
        time.sleep(2)  # the outage's length is the scenario, not a wait for a state
        targets_reachable(True)
        cls.outage = time.time() - down_at
        cls.drop = harness.wait_until(
            lambda: [x for x in d.get_json("/api/drops") if x["end"]], 20, "the drop to end",
            check=d.check_alive)[0]

    @classmethod
    def tearDownClass(cls):
        code = cls.d.stop()
        if code != 0:
            sys.stderr.write(cls.d.log_text())
        assert code == 0, code

    def listed(self, path, prefix):
        status, headers, body = self.d.request(path)
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("text/html"))
        page = body.decode()
        self.assertNotIn("<script", page)
        self.assertNotIn("style=", page)
        return re.findall(r'href="(%s[^"?]+)"' % re.escape(prefix), page)

    def wait_for_log(self, kind):
        def find():
            names = [n.rsplit("/", 1)[1] for n in self.listed("/logs", "/logs/")]
            return [n for n in names if n in {"%s_%s.csv" % (kind, x) for x in local_dates()}]
        return harness.wait_until(find, 20, "%s in /logs" % kind, check=self.d.check_alive)[0]

    def test_drops_log_has_the_drop(self):
        name = self.wait_for_log("drops")

        # The file is listed once created; its row lands on the writer's next flush.
        def written():
            answer = self.d.request("/logs/" + name)
            return answer[0] == 200 and parse_csv(answer[2])[1][1:] and answer
        status, headers, body = harness.wait_until(written, 20, "the drop row in " + name,
                                                   check=self.d.check_alive)
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("text/csv"))
        self.assertEqual(headers["content-disposition"], 'attachment; filename="%s"' % name)
        text, rows = parse_csv(body)
        self.assertIn("\r\n", text)
        self.assertEqual(rows[0], ["Start", "End", "Duration", "Target", "Diagnosis"])
        self.assertEqual(len(rows), 2, rows)
        start, end, duration, target, diagnosis = rows[1]
        self.assertRegex(start, TIMESTAMP)
        self.assertRegex(end, TIMESTAMP)
        self.assertAlmostEqual(float(duration), self.drop["duration_sec"], delta=0.01)
        self.assertAlmostEqual(float(duration), self.outage, delta=1.0)
        self.assertEqual(target.split(";"), list(TARGETS))
        self.assertEqual(diagnosis, self.drop["diagnosis"])
        # Local time at +05:30: the API's UTC start shifted.
        api_start = datetime.datetime.fromisoformat(self.drop["start"]) + OFFSET
        self.assertEqual(start, api_start.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3])

    def test_ping_log_rows_have_the_18_columns(self):
        name = self.wait_for_log("ping_log")
        status, _, body = self.d.request("/logs/" + name)
        self.assertEqual(status, 200)
        _, rows = parse_csv(body)
        self.assertEqual(rows[0], PING_HEADER)
        data = rows[1:]
        self.assertGreater(len(data), 20)
        for row in data:
            self.assertEqual(len(row), 18, row)
            self.assertRegex(row[0], TIMESTAMP)
            self.assertIn(row[1], TARGETS)
            self.assertIn(row[2], ("True", "False"))
            if row[2] == "True":
                self.assertGreaterEqual(float(row[3]), 0)
            else:
                self.assertEqual(row[3], "")
            self.assertEqual(row[4], "")  # gateway "none"
            self.assertEqual(row[5], "")  # no DNS checks
            self.assertTrue(0 <= float(row[7]) <= 100 and 0 <= float(row[11]) <= 100, row)
            self.assertIn(row[14], ("A+", "A", "B", "C", "D", "F"))
        self.assertEqual({r[1] for r in data}, set(TARGETS))
        self.assertIn("False", {r[2] for r in data})  # the drop's failed probes

    def test_traversal_is_403_and_missing_is_404(self):
        for target in ("/logs/../wanwatch.db", "/logs/%2e%2e/wanwatch.db",
                       "/logs/%2E%2E%2Fwanwatch.db", "/logs/..%5cwanwatch.db",
                       "/logs//etc/passwd", "/logs/%2fetc%2fpasswd", "/reports/../wanwatch.db",
                       "/reports/%2e%2e%2fwanwatch.db", "/logs/..", "/logs/.%2e"):
            status, ctype, body = raw_get(self.d.port, target)
            self.assertEqual(status, 403, target)
            self.assertTrue(ctype.startswith("application/json"), target)
            self.assertIn("detail", json.loads(body), target)
        # A NUL is refused by the request decoder before routing.
        status, _, _ = raw_get(self.d.port, "/logs/ping_log%00.csv")
        self.assertIn(status, (400, 403))
        status, _, body = raw_get(self.d.port, "/logs/ping_log_1999-01-01.csv")
        self.assertEqual(status, 404)
        self.assertEqual(json.loads(body)["detail"], "Not Found: ping_log_1999-01-01.csv")
        status, _, _ = raw_get(self.d.port, "/reports/report_1999-01-01_24h.html")
        self.assertEqual(status, 404)

    def run_report(self, *args):
        env = dict(os.environ)
        env.pop("WW_IT_NETNS", None)
        cmd = [BIN, "report", "--data-dir", self.d.data_dir, "--config", self.d.config_path]
        return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=60,
                              env=env)

    def test_report_command_while_the_daemon_runs_and_reports_listing(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "x.html")

            def written():
                r = self.run_report("--range", "24h", "--out", out)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stdout.strip(), out)
                with open(out, encoding="utf-8") as f:
                    html = f.read()
                # The drop is committed by the store's writer within about a second.
                return html if self.drop["diagnosis"] in html else None
            html = harness.wait_until(written, 20, "the report to show the drop",
                                      check=self.d.check_alive, interval=0.5)
        for target in TARGETS:
            self.assertIn(target, html)
        drop_start = datetime.datetime.fromisoformat(self.drop["start"]) + OFFSET
        self.assertIn(drop_start.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3], html)
        self.assertIn("hours in UTC+05:30", html)
        for bad in ("<script", "http://", "https://"):
            self.assertNotIn(bad, html)

        r = self.run_report()  # default: <data_dir>/reports/report_<date>_24h.html
        self.assertEqual(r.returncode, 0, r.stderr)
        path = r.stdout.strip()
        name = os.path.basename(path)
        self.assertEqual(os.path.dirname(path), os.path.join(self.d.data_dir, "reports"))
        self.assertIn(name, {"report_%s_24h.html" % x for x in local_dates()})
        self.assertIn("/reports/" + name, self.listed("/reports", "/reports/"))
        status, headers, body = self.d.request("/reports/" + name)
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("text/html"))
        # The report's own policy: inline CSS only; no script-src, so scripts fall to 'none'.
        csp = headers["content-security-policy"]
        self.assertIn("default-src 'none'", csp)
        self.assertNotIn("script-src", csp)
        with open(path, "rb") as f:
            self.assertEqual(body, f.read())
        status, headers, _ = self.d.request("/reports/%s?download=1" % name)
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-disposition"], 'attachment; filename="%s"' % name)

    def test_report_command_bad_arguments_exit_2(self):
        r = self.run_report("--range", "1w")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--range", r.stderr)
        with tempfile.TemporaryDirectory() as empty:
            r = subprocess.run([BIN, "report", "--data-dir", empty], capture_output=True,
                               text=True, timeout=60)
            self.assertEqual(r.returncode, 2)
            self.assertIn("no database at " + os.path.join(empty, "wanwatch.db"), r.stderr)


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
