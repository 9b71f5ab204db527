"""The client examples of Hermes's API documentation, run unchanged against
the daemon: Python (requests), JavaScript (node fetch, top-level await in an
.mjs), bash (curl, jq) and the waitForTestCompletion polling function. The
files in hermes_examples/ are verbatim copies of the seed; only the BASE_URL
and API_KEY values are replaced (and, for waitForTestCompletion, the origin
of its relative URLs, plus one call of the function so that it runs).

The daemon has an API key and measures against its own test point
([speedtest_server] on its web port), in a private network namespace that
holds only loopback. A first test runs before the examples, so "Get latest
result" has a result to show.
"""
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from test_speedtest_api import KEY, Client, own_test_point_config, start_daemon  # noqa: E402

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hermes_examples")
SEED_BASE_URL = "http://localhost:8080/api"
SEED_API_KEY = "your-api-key-here"
DOWNLOAD_LINE = re.compile(r"^Download: (\d+(?:\.\d+)?) Mbps$")


def child_env():
    """The environment of the example programs: no proxy between them and loopback."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["NO_PROXY"] = "*"
    return env


class HermesExamplesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for tool in ("node", "curl", "jq", "bash"):
            if shutil.which(tool) is None:
                raise AssertionError("%s missing: run scripts/install-deps.sh test" % tool)
        try:
            import requests  # noqa: F401
        except ImportError:
            raise AssertionError("python3 module requests missing: run scripts/install-deps.sh "
                                 "test (Debian package python3-requests)")
        cls.d = start_daemon(own_test_point_config)
        cls.c = Client(cls.d)
        cls.work = tempfile.TemporaryDirectory(prefix="ww-hermes-examples-")
        assert cls.c.call("POST", "/api/trigger")[1] == {"status": "started"}
        cls.c.wait_not_running(60)

    @classmethod
    def tearDownClass(cls):
        cls.d.stop()
        cls.d.tmp.cleanup()
        cls.work.cleanup()

    def setUp(self):
        self.c.wait_not_running(60)  # each example's trigger must answer "started"
        self.base = "http://127.0.0.1:%d/api" % self.d.port

    def example(self, name, extra=""):
        """The seed's file with BASE_URL and API_KEY replaced, written to the work dir."""
        with open(os.path.join(EXAMPLES, name)) as f:
            text = f.read()
        if "BASE_URL" in text:
            self.assertEqual(text.count(SEED_BASE_URL), 1, name)
            self.assertEqual(text.count(SEED_API_KEY), 1, name)
            text = text.replace(SEED_BASE_URL, self.base).replace(SEED_API_KEY, KEY)
        path = os.path.join(self.work.name, name)
        with open(path, "w") as f:
            f.write(text + extra)
        return path

    def run_example(self, *cmd):
        r = subprocess.run(cmd, capture_output=True, timeout=60, env=child_env(),
                           cwd=self.work.name)
        out, err = r.stdout.decode(), r.stderr.decode()
        self.assertEqual(r.returncode, 0, "%s failed:\n%s\n%s" % (cmd, out, err))
        return out

    def latest_download(self):
        return self.c.call("GET", "/api/results/latest")[1]["download_mbps"]

    def check_config_answer(self, config):
        self.assertEqual(config["speedtest_interval_minutes"], 30)
        self.assertEqual(config["interval_minutes"], 30)
        self.assertEqual(config["enabled_exporters"], ["csv", "sqlite"])

    def test_python_requests(self):
        expected = self.latest_download()
        lines = self.run_example(sys.executable, self.example("client.py")).splitlines()
        self.assertEqual(len(lines), 3, lines)
        self.assertEqual(float(DOWNLOAD_LINE.match(lines[0]).group(1)), expected)
        self.assertEqual(ast.literal_eval(lines[1]), {"status": "started"})
        self.check_config_answer(ast.literal_eval(lines[2]))

    def test_javascript_fetch(self):
        expected = self.latest_download()
        out = self.run_example("node", self.example("client.mjs"))
        self.assertEqual(float(DOWNLOAD_LINE.match(out.splitlines()[0]).group(1)), expected)
        self.assertIn("{ status: 'started' }", out)
        self.assertRegex(out, r"speedtest_interval_minutes: 30\b")
        self.assertRegex(out, r"enabled_exporters: \[ 'csv', 'sqlite' \]")

    def test_bash_curl(self):
        out = self.run_example("bash", self.example("client.sh"))
        docs, decoder, i = [], json.JSONDecoder(), 0
        while i < len(out):
            if out[i].isspace():
                i += 1
                continue
            doc, i = decoder.raw_decode(out, i)
            docs.append(doc)
        self.assertEqual(len(docs), 4, out)
        latest, trigger, config, page = docs
        self.assertGreater(latest["download_mbps"], 0)
        self.assertEqual(trigger, {"status": "started"})
        self.check_config_answer(config)
        self.assertEqual(page["pagination"]["page_size"], 100)
        self.assertEqual(page["results"][0], latest)

    def test_wait_for_test_completion(self):
        before = self.c.call("GET", "/api/results/latest")[1]["id"]
        self.assertEqual(self.c.call("POST", "/api/trigger")[1], {"status": "started"})
        path = self.example("wait_for_test_completion.mjs",
                            "\nconsole.log(JSON.stringify(await waitForTestCompletion()));\n")
        with open(path) as f:
            text = f.read()
        origin = "http://127.0.0.1:%d" % self.d.port
        self.assertEqual(text.count('fetch("/api/'), 2)
        with open(path, "w") as f:
            f.write(text.replace('fetch("/api/', 'fetch("%s/api/' % origin))
        result = json.loads(self.run_example("node", path).strip().splitlines()[-1])
        self.assertGreater(result["id"], before, "the result of the test it waited for")
        self.assertEqual(result["status"], "ok")
        self.assertGreater(result["download_mbps"], 0)
        self.assertIs(self.c.call("GET", "/api/trigger/status")[1]["running"], False)


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
