"""Shared parts of the daemon scenarios: a lab with responder and wanwatch, and
readers of the daemon's API as a user of Connectivity Monitor's API sees it."""
import datetime

from lab import TARGETS
from lab_case import LabTestCase


def parse_iso(text):
    """ISO 8601 UTC ("2026-01-02T03:04:05Z" or with an offset) to a POSIX timestamp."""
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class ScenarioCase(LabTestCase):
    needs_daemon = True

    def start_lab_and_daemon(self, *impairments, config=None):
        """Lab + responder (impaired before the daemon's first probe) + wanwatch."""
        self.lab = self.start_lab()
        self.lab.impair(*impairments)
        self.lab.start_daemon(self.wanwatch_bin, config=config)
        return self.lab

    def status(self):
        return self.lab.api("/api/status")

    def drops(self):
        return self.lab.api("/api/drops")

    def targets(self):
        """/api/targets rows of the lab's ICMP targets (the daemon also lists its gateway
        and DNS checks there)."""
        rows = {t["target"]: t for t in self.lab.api("/api/targets")}
        missing = set(TARGETS) - set(rows)
        self.assertFalse(missing, f"/api/targets lacks {missing}: {list(rows)}")
        return {name: rows[name] for name in TARGETS}

    def wait_all_clear(self, min_pings=30, timeout=60):
        return self.lab.wait_until(
            lambda s: s["diagnosis_code"] == "all_clear" and s["total_pings"] >= min_pings,
            timeout, f"diagnosis all_clear with at least {min_pings} pings")

    def wait_code(self, code, timeout):
        return self.lab.wait_until(lambda s: s["diagnosis_code"] == code, timeout,
                                   f"diagnosis_code {code!r}")

    def wait_closed_drops(self, count, timeout):
        return self.lab.wait_until(
            lambda d: len(d) >= count and all(x.get("end") for x in d), timeout,
            f"{count} finished drop(s)", path="/api/drops")

    def wait_line_up(self, outage_code, timeout=30):
        """Up again: not down, and the outage's diagnosis gone. (Not necessarily all_clear:
        the statistics window still holds the outage's failed pings, so "high_loss" is right.)"""
        return self.lab.wait_until(
            lambda s: not s["is_down"] and s["diagnosis_code"] != outage_code, timeout,
            f"the line up again (is_down false, diagnosis no longer {outage_code!r})")
