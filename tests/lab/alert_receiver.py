"""A local stand-in for alert providers (web hook, ntfy, Gotify, ...) inside a lab
namespace: the integration suite's recording server (answers 500 on paths under
/fail/, else 200) with its socket made inside the namespace, so the daemon there
reaches it on 127.0.0.1 while the test reads what it got."""
import os
import sys

from netns import in_netns

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from recording_http_server import RecordingHttpServer, ok_unless_fail  # noqa: E402


class AlertReceiver(RecordingHttpServer):
    def __init__(self, ns):
        super().__init__(reply=ok_unless_fail, bind_in=in_netns(ns))

    def webhook_types(self, prefix):
        """The web hook bodies' `type` fields (e.g. "outage_start"), oldest first."""
        return [r["json"].get("type") for r in self.requests(prefix) if r["json"]]
