"""Base class of the lab's unittest cases: binaries from the runner, skips with a reason."""
import os
import unittest

import netns


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
