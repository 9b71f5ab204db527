"""Command line and configuration errors of the real binary: exit code 2,
a message naming the flag or key, and nothing started."""
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")


def run(args, config_text=None, env_extra=None):
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        cmd = [BIN] + args
        if config_text is not None:
            path = os.path.join(tmp, "c.toml")
            with open(path, "w") as f:
                f.write(config_text)
            cmd += ["--config", path]
        env = {"PATH": os.environ.get("PATH", ""), "HOME": tmp, "XDG_STATE_HOME": data}
        env.update(env_extra or {})
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=30, env=env)
        created = os.path.exists(data)
        return p.returncode, p.stdout, p.stderr, created


class CliTest(unittest.TestCase):
    def assert_usage_error(self, args, must_mention, config_text=None, env=None):
        code, out, err, created = run(args, config_text, env)
        self.assertEqual(code, 2, (out, err))
        self.assertIn(must_mention, err)
        self.assertFalse(created, "nothing may be started or created on a usage error")

    def test_bad_port_flag(self):
        self.assert_usage_error(["--web-port", "0"], "port")
        self.assert_usage_error(["--web-port", "http"], "web-port")

    def test_unknown_flag(self):
        self.assert_usage_error(["--no-such-flag"], "no-such-flag")

    def test_unknown_config_key_is_named(self):
        self.assert_usage_error([], "probe.intervall_ms", "[probe]\nintervall_ms = 5\n")

    def test_config_rule_is_named(self):
        self.assert_usage_error([], "engine.drop_threshold", "[engine]\ndrop_threshold = 0\n")

    def test_toml_syntax_error_names_the_line(self):
        self.assert_usage_error([], "c.toml:2:", "[probe]\ninterval_ms = = 3\n")

    def test_missing_config_file(self):
        self.assert_usage_error(["--config", "/nonexistent/wanwatch.toml"], "/nonexistent/wanwatch.toml")

    def test_bad_environment_value_names_the_variable(self):
        self.assert_usage_error([], "WANWATCH_WEB_PORT", env={"WANWATCH_WEB_PORT": "abc"})

    def test_short_api_key_is_refused(self):
        self.assert_usage_error([], "api_key", env={"API_KEY": "short"})

    def test_check_config_prints_a_summary(self):
        code, out, err, created = run(["--check-config", "--target", "127.0.0.1", "--gateway",
                                       "none"])
        self.assertEqual(code, 0, err)
        self.assertIn("127.0.0.1", out)
        self.assertFalse(created)

    def test_version_and_help(self):
        code, out, _, _ = run(["--version"])
        self.assertEqual(code, 0)
        self.assertIn("wanwatch", out)
        code, out, _, _ = run(["--help"])
        self.assertEqual(code, 0)
        for flag in ["--headless", "--web-port", "--config", "--data-dir", "--target",
                     "--log-level", "--check-config"]:
            self.assertIn(flag, out)


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
