"""Low-level helpers of the network lab: commands, namespaces, child processes.

Standard library only. Everything here acts on namespaces and processes the
lab itself created; nothing touches the root namespace's interfaces.
"""
import contextlib
import ctypes
import os
import re
import signal
import subprocess
import time

CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)


class LabError(Exception):
    """A lab command failed; the message names the command and its error output."""


def run(cmd, check=True, timeout=30, input=None):
    """Runs cmd (a list); returns CompletedProcess with text output."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, input=input)
    except subprocess.TimeoutExpired as e:
        raise LabError(f"{' '.join(cmd)}: no result within {timeout} s") from e
    except FileNotFoundError as e:
        raise LabError(f"{cmd[0]}: not installed ({e})") from e
    if check and p.returncode != 0:
        raise LabError(f"{' '.join(cmd)}: exit {p.returncode}: {p.stderr.strip() or p.stdout.strip()}")
    return p


def ns_cmd(ns, *cmd):
    return ["ip", "netns", "exec", ns, *cmd]


def availability():
    """(True, "") when namespaces can be built here, else (False, reason)."""
    if os.geteuid() != 0:
        return False, "the network lab needs root (network namespaces, raw sockets)"
    try:
        run(["ip", "netns", "list"], timeout=10)
    except LabError as e:
        return False, f"`ip netns` is unavailable: {e}"
    return True, ""


def list_namespaces():
    out = run(["ip", "netns", "list"]).stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pid_gone(pid, timeout=5.0):
    """Waits until pid has exited (no /proc entry, or a zombie awaiting its reaper)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)


def kill_namespace_processes(ns):
    """Kills processes left inside one of our namespaces (by PID), then waits briefly."""
    pids = [int(p) for p in run(["ip", "netns", "pids", ns], check=False).stdout.split()]
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while pids and time.monotonic() < deadline:
        pids = [p for p in pids if pid_alive(p)]
        if pids:
            time.sleep(0.02)


def delete_namespace(ns):
    kill_namespace_processes(ns)
    run(["ip", "netns", "del", ns], check=False)


def cleanup_stale(prefix):
    """Removes namespaces named <prefix><pid>x... whose creating process is gone.

    Returns the names removed. Runs of live processes (parallel tests) are left alone.
    """
    pattern = re.compile(re.escape(prefix) + r"(\d+)x\d+[a-z]\d*$")
    removed = []
    for ns in list_namespaces():
        m = pattern.match(ns)
        if m and not pid_alive(int(m.group(1))):
            delete_namespace(ns)
            removed.append(ns)
    return removed


@contextlib.contextmanager
def in_netns(ns):
    """Moves the calling thread into namespace ns for the block.

    Sockets created inside the block stay in ns after it ends, so the test
    process can talk from the host namespace without spawning helpers.
    """
    with open(f"/run/netns/{ns}", "rb") as target, open("/proc/thread-self/ns/net", "rb") as home:
        if _libc.setns(target.fileno(), CLONE_NEWNET) != 0:
            raise LabError(f"setns into {ns}: {os.strerror(ctypes.get_errno())}")
        try:
            yield
        finally:
            if _libc.setns(home.fileno(), CLONE_NEWNET) != 0:
                # Staying in the lab namespace would send later traffic to the wrong place.
                os._exit(99)


def _die_with_parent():
    # If the test process is killed (ctest timeout: SIGKILL), its daemons go too.
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class Child:
    """A process the lab started (by PID), its output captured to a log file."""

    def __init__(self, name, cmd, log_path):
        self.name = name
        self.cmd = cmd
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self._log,
                                     stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)

    @property
    def pid(self):
        return self.proc.pid

    def running(self):
        return self.proc.poll() is None

    def stop(self, timeout=10):
        """SIGTERM, then SIGKILL after timeout; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()
        return self.proc.returncode

    def log_tail(self, max_lines=60):
        """The log's end; if a sanitizer or crash report is in it, that report's start
        first (its tail is only stack frames). Lines are cut at 300 characters."""
        try:
            with open(self.log_path, "rb") as f:
                lines = f.read().decode(errors="replace").splitlines()
        except OSError as e:
            return f"({self.log_path}: {e})"
        report = next((i for i, l in enumerate(lines)
                       if "ERROR: AddressSanitizer" in l or "runtime error:" in l
                       or "ERROR: LeakSanitizer" in l), None)
        picked = lines[-max_lines:]
        if report is not None and report < len(lines) - max_lines:
            picked = (lines[max(0, report - 10):report + 25] + ["[...]"] +
                      lines[-(max_lines // 2):])
        return "\n".join(l if len(l) <= 300 else l[:300] + " [...]" for l in picked)
