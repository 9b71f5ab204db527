"""/openapi.json and /docs of the real daemon, black-box, in a private network
namespace that holds only loopback.

1. The document is valid OpenAPI 3.1 (openapi-spec-validator when installed;
   always: every schema against JSON Schema Draft 2020-12's meta-schema, every
   $ref resolvable, the main objects closed with additionalProperties: false).
2. Every GET it describes is fetched with representative parameters, error
   cases included; each answer's status must be documented for that
   operation, its content type must be one the document names, and a JSON
   body must validate against the documented schema (a field the daemon sends
   that the document does not describe fails). Every documented 200, 304, 400,
   403 and 404 must be exercised by some case, so the document and this test
   cannot drift apart. /api/v1/... aliases are checked the same way.
3. /docs is HTML with the security headers and a script-free CSP, names every
   path of the document, and carries the isp-status seed's examples verbatim.
"""
import copy
import html
import json
import os
import re
import subprocess
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from openapi_support import (DOWN, OUTSIDE, REPORT, UP, WRITE_CASES,  # noqa: E402
                             assert_documented, record_before_first_test, request_from,
                             outage_cases, resolve, run_speed_test, speedtest_cases,
                             start_daemon, start_http_check_server)
from openapi_analysis_cases import ANALYSIS_SCHEMAS, analysis_cases  # noqa: E402

try:
    import jsonschema
except ImportError:  # scripts/install-deps.sh test installs python3-jsonschema
    jsonschema = None

SECURITY_HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "cross-origin-resource-policy": "same-origin",
    "referrer-policy": "strict-origin-when-cross-origin",
}
# Objects a client reads field by field: the document must list every field.
CLOSED_SCHEMAS = ["Error", "Status", "Uplink", "UplinkPing", "UplinkHttpCheck", "LiveRound",
                  "Drop", "Target", "History", "HistoryPoint", "GatewayPoint", "HistoryBucket",
                  "HistorySummary", "Heatmap", "HeatCell", "Health", "HealthFreshness",
                  "HealthGaps", "HealthUplinkGap", "HealthSqlite", "HealthDisk", "HealthMemory",
                  "HealthProcess", "HealthPermissions", "HealthScheduler", "HealthComponent",
                  "SpeedtestResult", "Pagination", "ResultsPage", "SpeedtestConfig",
                  "SpeedtestConfigUpdate", "TriggerOutcome", "AlertSettings", "AlertSettingsUpdate",
                  "AlertProviders", "AlertProvidersUpdate", "AlertUpdateOutcome", "AlertTestOutcome", "TriggerStatus", "OutageEvent",
                  "OutageProbe", "OutagesPage", "OutageStatus"] + ANALYSIS_SCHEMAS
# Statuses every operation's cases must produce when documented (500 cannot be
# provoked from outside on purpose).
MUST_EXERCISE = {"200", "304", "400", "403", "404"}
# isp-status's examples (seeds/isp-status-api.txt), verbatim in /docs.
SEED_EXAMPLES = [
    "curl -s http://HOST:PORT/api/status | jq '.uplinks[] | {name,state}'",
    """curl -s http://HOST:PORT/api/status | jq '
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
}'""",
    "curl -s http://HOST:PORT/api/health | jq '{ok, history_freshness}'",
    """curl -sG \\
  --data-urlencode "range=24h" \\
  --data-urlencode "name=Liquid (BGP01)" \\
  http://HOST:PORT/api/history | jq '{range,name,summary}'""",
    """curl -sG \\
  --data-urlencode "range=24h" \\
  --data-urlencode "name=Liquid (BGP01)" \\
  http://HOST:PORT/api/history.csv -o history.csv""",
]

class Case:
    """One request: the documented path it exercises, the URL, the expected status."""

    def __init__(self, path, url, status, outside=False, etag_of=None, check=None, before=False):
        self.path, self.url, self.status = path, url, status
        self.before = before      # the answer recorded before the first speed test
        self.outside = outside    # from OUTSIDE instead of loopback
        self.etag_of = etag_of    # send If-None-Match with the ETag this URL answers
        self.check = check        # extra assertion on the decoded JSON body

    def __repr__(self):
        return "GET %s -> %s%s" % (self.url, self.status, " (outside)" if self.outside else "")


class OpenApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if jsonschema is None:
            raise AssertionError("python3 module jsonschema missing: run scripts/install-deps.sh "
                                 "test (Debian package python3-jsonschema)")
        subprocess.run(["ip", "addr", "add", OUTSIDE + "/32", "dev", "lo"], check=True)
        cls.http_server = start_http_check_server()
        try:
            cls.daemon = start_daemon(cls.http_server.server_port, ("127.0.0.1",))
        except BaseException:
            cls.http_server.shutdown()
            cls.http_server.server_close()
            subprocess.run(["ip", "addr", "del", OUTSIDE + "/32", "dev", "lo"], check=False)
            raise
        d = cls.daemon

        def settled():
            status = d.get_json("/api/status")
            u = {u["name"]: u for u in status["uplinks"]}
            return (u[UP]["state"] == 2 and u[UP]["http"][0]["ok"] and u[DOWN]["state"] == 0
                    and u[DOWN]["http"][0]["at"] and status["total_pings"] >= 5)
        harness.wait_until(settled, 40, "uplink states and HTTP checks", check=d.check_alive)
        logs = os.path.join(d.data_dir, "logs")
        cls.ping_log = harness.wait_until(
            lambda: next((f for f in sorted(os.listdir(logs)) if f.startswith("ping_log_")), None)
            if os.path.isdir(logs) else None, 20, "a CSV ping log", check=d.check_alive)
        status, headers, body = d.request("/openapi.json")
        assert status == 200, (status, body[:200])
        cls.doc = json.loads(body)
        cls.doc_headers = headers
        cls.before_first_test = record_before_first_test(d)
        run_speed_test(d)

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()
        cls.daemon.tmp.cleanup()
        cls.http_server.shutdown()
        cls.http_server.server_close()
        subprocess.run(["ip", "addr", "del", OUTSIDE + "/32", "dev", "lo"], check=False)

    # ---- the document itself -------------------------------------------------

    def test_document_is_valid_openapi_3_1(self):
        self.assertTrue(self.doc_headers["content-type"].startswith("application/json"))
        self.assertTrue(self.doc["openapi"].startswith("3.1."), self.doc["openapi"])
        try:
            from openapi_spec_validator import validate
        except ImportError:
            validate = None
            print("note: openapi-spec-validator not installed (not packaged in Debian 12); "
                  "checking the schemas with the Draft 2020-12 meta-schema only")
        if validate:
            validate(copy.deepcopy(self.doc))
        for where, schema in self.all_schemas():
            with self.subTest(schema=where):
                jsonschema.Draft202012Validator.check_schema(resolve(self.doc, schema))

    def test_main_objects_are_closed(self):
        schemas = self.doc["components"]["schemas"]
        for name in CLOSED_SCHEMAS:
            with self.subTest(schema=name):
                self.assertIs(schemas[name].get("additionalProperties"), False)

    def test_every_parameter_and_response_is_described(self):
        for path, item in self.doc["paths"].items():
            for method, op in item.items():
                with self.subTest(op="%s %s" % (method, path)):
                    self.assertIn(method, ("get", "put", "post"))
                    if method != "get":  # it changes something: the API key guards it
                        self.assertEqual(op.get("security"), [{"ApiKey": []}])
                        self.assertIn("401", op["responses"])
                    self.assertTrue(op.get("summary"))
                    self.assertIn("200", op["responses"])
                    for template in re.findall(r"{(\w+)}", path):
                        names = [resolve(self.doc, p)["name"] for p in op.get("parameters", [])]
                        self.assertIn(template, names)

    def all_schemas(self):
        for name, schema in self.doc["components"]["schemas"].items():
            yield "components/" + name, schema
        for path, item in self.doc["paths"].items():
            for method, op in item.items():
                for code, response in op["responses"].items():
                    for media, content in resolve(self.doc, response).get("content", {}).items():
                        yield "%s %s %s %s" % (method, path, code, media), content["schema"]

    # ---- every described GET against the real daemon -------------------------

    def cases(self):
        d, up = self.daemon, urllib.parse.quote(UP)
        index = d.request("/")[2].decode()
        asset = re.search(r'src="assets/([^"]+)"', index).group(1)
        has_uplink = lambda name: lambda body: self.assertIn(name, [u["name"] for u in body["uplinks"]])  # noqa: E731
        return [
            Case("/api/status", "/api/status", 200, check=self.check_status),
            Case("/api/status", "/api/status?live=0", 200, check=has_uplink(UP)),
            Case("/api/status", "/api/status?live=1", 200, check=self.check_live),
            Case("/api/status", "/api/status?live=maybe", 400),
            Case("/api/history", "/api/history", 200),
            Case("/api/history", "/api/history?minutes=5&step=10", 200),
            Case("/api/history", "/api/history?minutes=0", 400),
            Case("/api/history", "/api/history?step=0", 400),
            Case("/api/history", "/api/history?range=24h&name=" + up, 200,
                 check=self.check_range),
            Case("/api/history", "/api/history?range=90d&name=" + urllib.parse.quote(DOWN), 200,
                 check=self.check_range),
            Case("/api/history", "/api/history?range=1y&name=" + up, 400,
                 check=self.check_error_code("invalid_parameter")),
            Case("/api/history", "/api/history?range=24h", 400),
            Case("/api/history", "/api/history?range=24h&name=nope", 404,
                 check=self.check_error_code("unknown_uplink")),
            Case("/api/history.csv", "/api/history.csv?name=" + up, 200,
                 check=self.check_csv(288)),
            Case("/api/history.csv", "/api/history.csv?range=7d&name=" + up, 200,
                 check=self.check_csv(7 * 288)),
            Case("/api/history.csv", "/api/history.csv?range=1y&name=" + up, 400),
            Case("/api/history.csv", "/api/history.csv?name=nope", 404,
                 check=self.check_error_code("unknown_uplink")),
            Case("/api/history.csv", "/api/history.csv?name=" + up, 403, outside=True),
            Case("/api/drops", "/api/drops", 200),
            Case("/api/drops", "/api/drops?limit=5", 200),
            Case("/api/drops", "/api/drops?limit=0", 400),
            Case("/api/targets", "/api/targets", 200),
            Case("/api/heatmap", "/api/heatmap", 200),
            Case("/api/health", "/api/health", 200),
            Case("/logs", "/logs", 200),
            Case("/logs", "/logs", 403, outside=True),
            Case("/logs/{file}", "/logs/" + self.ping_log, 200),
            Case("/logs/{file}", "/logs/bad%20name.csv", 403),
            Case("/logs/{file}", "/logs/ping_log_1999-01-01.csv", 404),
            Case("/logs/{file}", "/logs/" + self.ping_log, 403, outside=True),
            Case("/reports", "/reports", 200),
            Case("/reports", "/reports", 403, outside=True),
            Case("/reports/{file}", "/reports/" + REPORT, 200),
            Case("/reports/{file}", "/reports/%s?download=1" % REPORT, 200),
            Case("/reports/{file}", "/reports/bad%20name.html", 403),
            Case("/reports/{file}", "/reports/report_1999-01-01_daily.html", 404),
            Case("/", "/", 200),
            Case("/", "/", 304, etag_of="/"),
            Case("/dashboard", "/dashboard", 200),
            Case("/dashboard", "/dashboard", 304, etag_of="/dashboard"),
            Case("/assets/{name}", "/assets/" + asset, 200),
            Case("/assets/{name}", "/assets/" + asset, 304, etag_of="/assets/" + asset),
            Case("/assets/{name}", "/assets/no-such-file.js", 404),
            Case("/docs", "/docs", 200),
            Case("/docs", "/docs", 304, etag_of="/docs"),
            Case("/docs/docs.css", "/docs/docs.css", 200),
            Case("/docs/docs.css", "/docs/docs.css", 304, etag_of="/docs/docs.css"),
            Case("/openapi.json", "/openapi.json", 200),
            Case("/openapi.json", "/openapi.json", 304, etag_of="/openapi.json"),
        ] + speedtest_cases(Case) + [
            Case("/api/alerts", "/api/alerts", 200),
        ] + outage_cases(Case) + analysis_cases(Case)

    def test_every_documented_status_of_every_get_is_exercised(self):
        covered = {(c.path, str(c.status)) for c in self.cases()}
        for path, item in self.doc["paths"].items():
            for code in item.get("get", {}).get("responses", {}):
                if code in MUST_EXERCISE:
                    self.assertIn((path, code), covered, "no case for GET %s -> %s" % (path, code))

    def test_every_get_answers_as_documented(self):
        for case in self.cases():
            with self.subTest(case=case):
                self.exercise(case, case.url)
                if case.url.startswith("/api/"):
                    self.exercise(case, "/api/v1/" + case.url[len("/api/"):])

    def exercise(self, case, url):
        headers = {}
        if case.etag_of:
            headers["If-None-Match"] = self.daemon.request(case.etag_of)[1]["etag"]
        if case.before:
            status, h, body = self.before_first_test[url]
        elif case.outside:
            status, h, body = request_from(OUTSIDE, self.daemon.port, url, headers)
        else:
            status, h, body = self.daemon.request(url, headers=headers, timeout=20)
        self.assertEqual(status, case.status, "%s: %s" % (url, body[:300]))
        for name, value in SECURITY_HEADERS.items():
            self.assertEqual(h.get(name), value, name)
        decoded = assert_documented(self.doc, self.doc["paths"][case.path]["get"], status, h, body)
        if case.check:
            case.check(decoded)

    def test_writes_answer_as_documented(self):
        for method, path, body, expected in WRITE_CASES:
            with self.subTest(method=method, path=path, body=body):
                data = None if body is None else json.dumps(body).encode()
                status, h, raw = self.daemon.request(path, method, data,
                                                     {"Content-Type": "application/json"})
                self.assertEqual(status, expected, raw[:300])
                op = self.doc["paths"][path][method.lower()]
                if body is not None:
                    schema = resolve(self.doc, op["requestBody"]["content"]["application/json"]
                                     ["schema"])
                    valid = jsonschema.Draft202012Validator(schema).is_valid(body)
                    self.assertEqual(valid, expected != 400, "request body vs. its schema")
                assert_documented(self.doc, op, status, h, raw)

    # ---- checks that make sure the rich parts of the schemas were exercised --

    def check_status(self, body):
        uplinks = {u["name"]: u for u in body["uplinks"]}
        self.assertEqual(uplinks[UP]["state"], 2)
        self.assertIsNotNone(uplinks[UP]["gw_ping"])
        self.assertEqual(uplinks[UP]["http"][0]["status"], 200)
        self.assertEqual(uplinks[DOWN]["state"], 0)
        self.assertIsNone(uplinks[DOWN]["gw_ping"])
        self.assertIsNotNone(uplinks[DOWN]["http"][0]["error"])

    def check_live(self, body):
        self.assertIn("live", body)
        self.assertTrue(body["live"]["ok"], body["live"])

    def check_range(self, body):
        self.assertIn(body["range"], ("24h", "90d"))
        n = {"24h": 288, "90d": 90 * 288}[body["range"]]
        self.assertIn(len(body["buckets"]), (n - 1, n, n + 1),
                      "every bucket of the range is present")

    def check_csv(self, buckets):
        """The CSV's columns are the JSON bucket's fields, in the documented order."""
        def check(text):
            rows = text.splitlines()
            fields = list(self.doc["components"]["schemas"]["HistoryBucket"]["properties"])
            self.assertEqual(rows[0].split(","), fields)
            self.assertIn(len(rows) - 1, (buckets - 1, buckets, buckets + 1))
            self.assertTrue(all(len(r.split(",")) == len(fields) for r in rows[1:]))
        return check

    def check_error_code(self, code):
        return lambda body: self.assertEqual(body.get("error"), code)

    # ---- /docs ---------------------------------------------------------------

    def test_docs_is_script_free_html_naming_every_path(self):
        status, h, body = self.daemon.request("/docs")
        self.assertEqual(status, 200)
        self.assertTrue(h["content-type"].startswith("text/html"))
        for name, value in SECURITY_HEADERS.items():
            self.assertEqual(h.get(name), value, name)
        csp = h["content-security-policy"]
        self.assertIn("default-src 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertNotIn("script-src", csp, "the page runs no script at all")
        text = body.decode("utf-8")
        self.assertNotRegex(text, r"(?i)<script|<style|\sstyle=|\son[a-z]+=|javascript:")
        plain = html.unescape(text)
        for path, item in self.doc["paths"].items():
            for method in item:
                self.assertIn("<code>%s %s</code>" % (method.upper(), path), plain, path)
        for example in SEED_EXAMPLES:
            self.assertIn("<pre><code>%s</code></pre>" % example, plain)
        reasons = self.doc["components"]["schemas"]["Uplink"]["properties"]["state_reason"]["enum"]
        for reason in reasons:
            self.assertIn("<code>%s</code>" % reason, plain, reason)
        for link in re.findall(r'<link rel="stylesheet" href="([^"]+)"', text):
            css = self.daemon.request(urllib.parse.urljoin("/docs", link))
            self.assertEqual(css[0], 200, link)
            self.assertTrue(css[1]["content-type"].startswith("text/css"), link)


class DropTest(unittest.TestCase):
    """A line that is down: /api/status's current_drop and /api/drops' ongoing
    drop validate against the document too."""

    def test_drop_objects_match_the_document(self):
        if jsonschema is None:
            self.fail("python3 module jsonschema missing: run scripts/install-deps.sh test")
        server = start_http_check_server()
        d = start_daemon(server.server_port, ("192.0.2.1", "192.0.2.2"))
        try:
            doc = json.loads(d.request("/openapi.json")[2])
            harness.wait_until(lambda: d.get_json("/api/status")["current_drop"], 20,
                               "a confirmed drop", check=d.check_alive)
            for url, schema_path in (("/api/status", "/api/status"), ("/api/drops", "/api/drops")):
                schema = resolve(doc, doc["paths"][schema_path]["get"]["responses"]["200"]
                                 ["content"]["application/json"]["schema"])
                body = d.get_json(url)
                jsonschema.Draft202012Validator(schema).validate(body)
            drops = d.get_json("/api/drops")
            self.assertTrue(drops[-1]["ongoing"])
            self.assertIsNone(drops[-1]["end"])
        finally:
            d.stop()
            d.tmp.cleanup()
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
