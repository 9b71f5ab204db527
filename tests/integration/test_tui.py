"""The terminal view of the real daemon, driven through tmux: it appears in a
terminal, shows the health score and the target rows, follows resizes, quits
on q, Ctrl-C and SIGTERM with exit code 0 and gives the terminal back; with
--headless the same terminal gets log lines and no view.

Each test runs its own tmux server (own socket in a temp dir) inside this
script's private network namespace, and the daemon probes loopback only.
"""
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BIN = os.environ.get("WANWATCH_BIN", "")
PROMPT = "ww-test$ "
ISO_LOG_LINE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}")
HEALTH = re.compile(r"Health (\d+) (A\+|A|B|C|D|F)")
BLOCKS = set("\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588")


class Tmux:
    """A private tmux server with one session running an interactive sh."""

    def __init__(self, tmp, width, height, lang, term="screen"):
        self.socket = os.path.join(tmp, "tmux.sock")
        path = os.environ.get("PATH", "/usr/bin:/bin")
        # The shell gets exactly this environment; the tmux server itself is UTF-8.
        shell_env = {"PATH": path, "HOME": tmp, "PS1": PROMPT, "LANG": lang, "LC_ALL": lang,
                     "TERM": term}
        shell = "env -i %s sh" % " ".join("%s=%s" % (k, shlex.quote(v))
                                          for k, v in shell_env.items())
        self.run("-f", "/dev/null", "new-session", "-d", "-s", "ww", "-x", str(width), "-y",
                 str(height), shell,
                 env={"PATH": path, "HOME": tmp, "LANG": "C.UTF-8", "TERM": "screen"})
        harness.wait_until(lambda: PROMPT.strip() in self.capture(), 10, "the shell prompt")

    def run(self, *args, env=None):
        return subprocess.run(["tmux", "-S", self.socket] + list(args), check=True,
                              capture_output=True, text=True, timeout=10, env=env).stdout

    def capture(self, escapes=False):
        return self.run("capture-pane", "-p", "-t", "ww", *(["-e"] if escapes else []))

    def pane(self, fmt):
        return self.run("display-message", "-p", "-t", "ww", fmt).strip()

    def type(self, text):
        self.run("send-keys", "-t", "ww", "-l", text)
        self.run("send-keys", "-t", "ww", "Enter")

    def keys(self, *keys):
        self.run("send-keys", "-t", "ww", *keys)

    def resize(self, width, height):
        self.run("resize-window", "-t", "ww", "-x", str(width), "-y", str(height))

    def kill(self):
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True,
                       timeout=10)


def api_status(port):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/api/status" % port, timeout=5) as r:
            return json.loads(r.read())
    except (OSError, ValueError):
        return None


def lines_of(text):
    return text.rstrip("\n").split("\n")


@unittest.skipUnless(shutil.which("tmux"), "tmux is not installed (scripts/install-deps.sh test)")
class TerminalViewTest(unittest.TestCase):
    def start(self, width=100, height=30, lang="C.UTF-8", headless=False, targets=None,
              term="screen"):
        self.tmp = tempfile.TemporaryDirectory(prefix="ww-tui-")
        self.addCleanup(self.tmp.cleanup)
        self.data_dir = os.path.join(self.tmp.name, "data")
        config = os.path.join(self.tmp.name, "wanwatch.toml")
        with open(config, "w") as f:
            f.write(harness.loopback_config(interval_ms=250, **({"targets": targets} if targets
                                                                  else {})))
        self.port = harness.free_port()
        self.tmux = Tmux(self.tmp.name, width, height, lang, term)
        self.addCleanup(self.tmux.kill)
        self.addCleanup(self.kill_daemon)
        cmd = [BIN, "--web-port", str(self.port), "--data-dir", self.data_dir, "--config", config,
               "--log-level", "debug"] + (["--headless"] if headless else [])
        self.tmux.type(" ".join(shlex.quote(c) for c in cmd))
        self.daemon_pid = harness.wait_until(self.find_daemon, 10, "the daemon process")

    def find_daemon(self):
        shell = self.tmux.pane("#{pane_pid}")
        with open("/proc/%s/task/%s/children" % (shell, shell)) as f:
            children = f.read().split()
        return int(children[0]) if children else None

    def kill_daemon(self):
        pid = getattr(self, "daemon_pid", None)
        if not pid:
            return
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def wait_screen(self, predicate, what, timeout=30):
        """The pane's text once predicate(text) holds."""
        last = {}

        def check():
            last["screen"] = self.tmux.capture()
            return predicate(last["screen"])
        try:
            harness.wait_until(check, timeout, what)
            return last["screen"]
        except AssertionError as e:
            raise AssertionError("%s\n---- screen ----\n%s" % (e, last.get("screen", ""))) from None

    def assert_exits_and_restores(self, code=0):
        self.wait_screen(lambda s: self.tmux.pane("#{alternate_on}") == "0" and "stopped" in s,
                         "the view to close and the daemon to stop")
        self.tmux.type("echo EXIT=$?")
        screen = self.wait_screen(lambda s: re.search(r"EXIT=\d+$", s, re.M), "the exit status")
        self.assertRegex(screen, r"(?m)EXIT=%d$" % code)
        self.assertEqual(self.tmux.pane("#{cursor_flag}"), "1", "the cursor is visible again")
        self.assertNotIn("Recent drops", screen, "the view is gone from the terminal")
        self.daemon_pid = None

    def view_ready(self, screen):
        """Health score, status bar, and a row with a loss figure for every target."""
        rows = lines_of(screen)
        return (HEALTH.search(screen) and "q quit" in rows[-1]
                and all(any(r.lstrip().startswith(t) and "%" in r for r in rows)
                        for t in ("127.0.0.1", "127.0.0.2", "127.0.0.3")))

    def test_view_shows_health_and_targets_follows_resizes_and_quits_on_q(self):
        self.start(width=100, height=30)
        screen = self.wait_screen(self.view_ready, "the health score and target rows")
        self.assertEqual(self.tmux.pane("#{alternate_on}"), "1", "the view uses the alternate screen")
        rows = lines_of(screen)
        self.assertEqual(len(rows), 30)
        self.assertIn("wanwatch", rows[0])
        self.assertIn("q quit", rows[-1], "the status bar is the bottom row")
        self.assertIn("JITTER", screen, "a 100-column terminal shows every column")
        self.assertIsNone(ISO_LOG_LINE.search(screen), "no log line scribbles over the view")
        for target in ("127.0.0.1", "127.0.0.2", "127.0.0.3"):
            row = next((r for r in rows if r.lstrip().startswith(target)), None)
            self.assertIsNotNone(row, target)
            self.assertIn("icmp", row)
            self.assertIn("0.0%", row, "loopback loses nothing")
        # Colours are on (the pane's terminal has them): green for a clean line.
        self.assertIn("\x1b[32m", self.tmux.capture(escapes=True))
        # Latency blocks appear once the store has a few seconds of samples.
        self.wait_screen(lambda s: BLOCKS & set(s), "the latency sparkline")

        self.tmux.resize(60, 20)
        screen = self.wait_screen(
            lambda s: len(lines_of(s)) == 20 and "q quit" in lines_of(s)[-1] and HEALTH.search(s)
            and "JITTER" not in s, "the 60x20 layout")
        self.assertTrue(all(len(r) <= 60 for r in lines_of(screen)))
        self.assertIn("NAME", screen)
        self.assertIn("127.0.0.3", screen)

        self.tmux.resize(30, 8)
        self.wait_screen(lambda s: "too small" in s, "the too-small message")
        self.tmux.resize(120, 40)
        self.wait_screen(lambda s: self.view_ready(s) and len(lines_of(s)) == 40, "the 120x40 layout")

        # SIGHUP is logged (to the file and the status bar) and the view stays.
        os.kill(self.daemon_pid, signal.SIGHUP)
        self.wait_screen(lambda s: "SIGHUP" in lines_of(s)[-1], "SIGHUP in the status bar")
        self.assertTrue(self.view_ready(self.tmux.capture()))

        self.tmux.keys("q")
        self.assert_exits_and_restores(0)
        with open(os.path.join(self.data_dir, "wanwatch.log")) as f:
            log = f.read()
        self.assertIn("SIGHUP", log, "the log went to the data dir while the view was up")
        screen = self.tmux.capture()
        self.assertIn(PROMPT + BIN, screen, "the shell's screen is back as it was")
        self.assertIn("stopped", screen, "logging to stderr is back after the view")

    def test_ctrl_c_quits_cleanly_ascii_terminal(self):
        self.start(width=80, height=24, lang="C")
        self.wait_screen(self.view_ready, "the view")
        screen = self.wait_screen(lambda s: "Internet" in s and re.search(r"[_.\-~=+*#]{3}", s),
                                  "the ASCII sparkline")
        self.assertTrue(all(ord(c) < 128 for c in screen), "ASCII only without a UTF-8 locale")
        self.tmux.keys("C-c")
        self.assert_exits_and_restores(0)

    def test_sigterm_quits_cleanly(self):
        self.start(width=100, height=30)
        self.wait_screen(self.view_ready, "the view")
        os.kill(self.daemon_pid, signal.SIGTERM)
        self.assert_exits_and_restores(0)

    def test_ongoing_drop_is_highlighted(self):
        # A documentation address with no route in this namespace: every probe
        # fails at once and nothing leaves the machine.
        self.start(width=100, height=30, targets=("192.0.2.1",))
        screen = self.wait_screen(lambda s: "ONGOING" in s and "DOWN" in s, "an ongoing drop")
        row = next(r for r in lines_of(screen) if "ONGOING" in r)
        self.assertRegex(row, r"\d\d:\d\d:\d\d +\d+s  ONGOING")
        self.assertIn("\x1b[", next(r for r in lines_of(self.tmux.capture(escapes=True))
                                     if "ONGOING" in r), "the row is coloured")
        self.tmux.keys("q")
        self.assert_exits_and_restores(0)

    def test_unknown_terminal_type_falls_back_to_logs(self):
        self.start(width=100, height=30, term="no-such-terminal")
        screen = self.wait_screen(
            lambda s: "running without the terminal view" in s.replace("\n", ""),
            "the fallback warning")
        self.assertIn("no-such-terminal", screen.replace("\n", ""))
        self.assertIsNotNone(api_status(self.port), "the daemon runs on")
        self.tmux.keys("C-c")
        self.assert_exits_and_restores(0)

    def test_headless_draws_no_view(self):
        self.start(width=100, height=30, headless=True)
        harness.wait_until(lambda: api_status(self.port), 20, "the API")
        screen = self.wait_screen(lambda s: ISO_LOG_LINE.search(s), "log lines on the terminal")
        self.assertEqual(self.tmux.pane("#{alternate_on}"), "0")
        self.assertIsNone(HEALTH.search(screen), screen)
        self.assertNotIn("q quit", screen)
        self.assertFalse(os.path.exists(os.path.join(self.data_dir, "wanwatch.log")),
                         "headless logs to stderr, not to a file")
        self.tmux.keys("C-c")
        self.assert_exits_and_restores(0)


if __name__ == "__main__":
    harness.enter_private_netns()
    unittest.main()
