#!/usr/bin/env python3
"""Client of the lab responder's control socket (see responder/control_command.h).

    responder_ctl.py /tmp/wwlab-x/responder.sock icmp delay=50
    responder_ctl.py /tmp/wwlab-x/responder.sock stats

One command per connection: send a line, read the reply line. Standard library only.
"""
import socket
import sys


class ResponderError(Exception):
    """The responder rejected a command or could not be reached."""


def send(path, command, timeout=5.0):
    """Sends one command; returns the reply text; raises ResponderError on "error:" replies."""
    if "\n" in command:
        raise ResponderError(f"responder command {command!r} contains a newline")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(path)
            s.sendall(command.encode() + b"\n")
            chunks = []
            while True:
                data = s.recv(65536)
                if not data:
                    break
                chunks.append(data)
    except OSError as e:
        raise ResponderError(f"responder at {path}: {command!r}: {e}") from e
    reply = b"".join(chunks).decode(errors="replace").strip()
    if reply.startswith("error:"):
        raise ResponderError(f"responder rejected {command!r}: {reply}")
    if not reply:
        raise ResponderError(f"responder at {path}: no reply to {command!r}")
    return reply


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        print(send(argv[1], " ".join(argv[2:])))
    except ResponderError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
