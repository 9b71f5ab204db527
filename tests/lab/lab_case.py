"""Base class of the lab's unittest cases: binaries from the runner, skips with a
reason, one Lab per test whose logs are printed when the test fails."""
import os
import unittest

import netns
from lab import Lab


class LabTestCase(unittest.TestCase):
    needs_daemon = False

    def setUp(self):
        ok, reason = netns.availability()
        if not ok:
            self.skipTest(reason)
        self.responder_bin = os.environ.get("WW_RESPONDER")
        if not self.responder_bin:
            self.fail("WW_RESPONDER is not set (run through run_lab_test.py --responder BIN)")
        self.wanwatch_bin = os.environ.get("WW_WANWATCH")
        if self.needs_daemon and not self.wanwatch_bin:
            self.fail("WW_WANWATCH is not set (run through run_lab_test.py --wanwatch BIN)")

    def start_lab(self, responder=True, **kwargs):
        """A Lab for this test, torn down after it; its logs are shown if the test fails."""
        lab = Lab(self.responder_bin, **kwargs)
        self.addCleanup(lab.teardown)
        lab.setup()
        # Cleanups run last-in first-out: exit codes are checked and logs read before
        # teardown removes them.
        self.addCleanup(self._check_clean_exits, lab)
        self.addCleanup(self._dump_logs_if_failed, lab)
        if responder:
            lab.start_responder()
        return lab

    def _dump_logs_if_failed(self, lab):
        if not getattr(getattr(self, "_outcome", None), "success", True):
            lab.dump_logs()

    def _check_clean_exits(self, lab):
        """SIGTERM must end the responder and daemon with status 0: a sanitizer report
        or a crash on shutdown fails the test that ran them."""
        already_failed = not getattr(getattr(self, "_outcome", None), "success", True)
        for child in (lab.daemon, lab.responder):
            if child is None:
                continue
            code = child.stop()
            if already_failed:
                continue  # the failure (and the logs) are reported already
            self.assertEqual(code, 0, f"{child.name} (pid {child.pid}) exited with {code} on "
                             f"SIGTERM; log:\n{child.log_tail()}")
