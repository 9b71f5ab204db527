"""Independent measuring tools for the lab's self-tests: iputils ping, a DNS
query in a few lines of sockets, TCP connect and curl. They run in a lab
namespace and know nothing of wanwatch, so they check the lab itself.
"""
import random
import re
import socket
import struct
import time

from netns import LabError, in_netns, ns_cmd, run

_REPLY = re.compile(r"icmp_seq=(\d+) ttl=\d+ time=([\d.]+) ms")
_ERROR = re.compile(r"From (\S+) icmp_seq=(\d+) (.+)$")
_SUMMARY = re.compile(r"(\d+) packets transmitted, (\d+) received")


class PingResult:
    def __init__(self, output):
        self.output = output
        self.rtts = [float(m.group(2)) for m in _REPLY.finditer(output)]
        self.errors = [m.group(3).strip() for m in map(_ERROR.search, output.splitlines()) if m]
        s = _SUMMARY.search(output)
        self.transmitted = int(s.group(1)) if s else 0
        self.received = int(s.group(2)) if s else 0

    @property
    def loss_pct(self):
        return 100.0 * (self.transmitted - self.received) / self.transmitted if self.transmitted else 100.0

    @property
    def mean_ms(self):
        return sum(self.rtts) / len(self.rtts) if self.rtts else None

    def __repr__(self):
        return (f"PingResult(sent={self.transmitted}, received={self.received}, "
                f"mean={self.mean_ms}, errors={self.errors[:3]})")


def ping(ns, target, count=5, interval=0.2, wait_s=1, device=None):
    """iputils ping from namespace ns; never raises for loss, only when ping cannot run."""
    cmd = ["ping", "-n", "-c", str(count), "-i", str(interval), "-W", str(wait_s)]
    if device:
        cmd += ["-I", device]
    p = run(ns_cmd(ns, *cmd, target), check=False, timeout=count * interval + wait_s + 30)
    if p.returncode not in (0, 1):  # 1 = some or all replies missing
        raise LabError(f"ping {target} in {ns}: exit {p.returncode}: {p.stderr.strip()}")
    return PingResult(p.stdout + p.stderr)


def dns_query(ns, server, name, qtype=1, timeout=1.0):
    """Sends one DNS query over UDP from ns. Returns (rcode, [answer rdata bytes]) or None on silence."""
    qid = random.randrange(65536)
    question = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    packet = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + question + struct.pack("!HH", qtype, 1)
    with in_netns(ns):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with s:
        s.settimeout(timeout)
        s.sendto(packet, (server, 53))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                data, _ = s.recvfrom(4096)
            except socket.timeout:
                return None
            if len(data) >= 12 and struct.unpack("!H", data[:2])[0] == qid:
                return _parse_answer(data, len(packet))
    return None


def _parse_answer(data, question_end):
    rcode = data[3] & 0x0F
    ancount = struct.unpack("!H", data[6:8])[0]
    at, answers = question_end, []
    for _ in range(ancount):
        if data[at] & 0xC0 == 0xC0:
            at += 2
        else:
            while data[at]:
                at += data[at] + 1
            at += 1
        rdlength = struct.unpack("!H", data[at + 8:at + 10])[0]
        answers.append(data[at + 10:at + 10 + rdlength])
        at += 10 + rdlength
    return rcode, answers


def tcp_connect(ns, host, port, timeout=1.0):
    """Handshake RTT in ms as the kernel measured it (TCP_INFO), or the error text
    ("timed out", "Connection refused", ...). Kernel time keeps the test process's
    own scheduling delays out of the number."""
    with in_netns(ns):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with s:
        s.settimeout(timeout)
        try:
            s.connect((host, port))
        except OSError as e:
            return str(e) or type(e).__name__
        info = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
        # struct tcp_info: 8 one-byte fields, then u32s; tcpi_rtt (µs) is the 16th u32.
        return struct.unpack_from("=16I", info, 8)[15] / 1000.0


def curl(ns, url, max_time=5):
    """(http_code, body, error) with curl from ns; http_code 0 when no response."""
    p = run(ns_cmd(ns, "curl", "-sS", "--max-time", str(max_time), "-o", "-", "-w",
                   "\n%{http_code}", url), check=False, timeout=max_time + 10)
    body, _, code = p.stdout.rpartition("\n")
    return int(code or 0), body, p.stderr.strip()
