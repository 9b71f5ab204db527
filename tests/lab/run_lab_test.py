#!/usr/bin/env python3
"""Runs one lab test file for ctest.

    run_lab_test.py test_lab_icmp.py --responder BIN [--wanwatch BIN]

Exit codes: 0 passed, 1 failed, 77 skipped (ctest SKIP_RETURN_CODE): only when
not root or `ip netns` is unavailable. Before the tests, leftovers of dead lab
runs (namespaces named wwlab<pid>... of processes that no longer exist) are removed.
"""
import argparse
import importlib.util
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import netns  # noqa: E402
import lab  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("test_file")
    ap.add_argument("--responder")
    ap.add_argument("--wanwatch")
    args = ap.parse_args()
    if args.responder:
        os.environ["WW_RESPONDER"] = os.path.abspath(args.responder)
    if args.wanwatch:
        os.environ["WW_WANWATCH"] = os.path.abspath(args.wanwatch)
    ok, reason = netns.availability()
    if not ok:
        print(f"SKIP: {reason}")
        return 77
    removed = netns.cleanup_stale(lab.PREFIX)
    if removed:
        print(f"lab: removed leftovers of dead runs: {' '.join(removed)}")
    name = os.path.splitext(os.path.basename(args.test_file))[0]
    spec = importlib.util.spec_from_file_location(name, args.test_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    suite = unittest.defaultTestLoader.loadTestsFromModule(module)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    if not result.wasSuccessful():
        return 1
    if result.testsRun and len(result.skipped) == result.testsRun:
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
