#!/usr/bin/env python3
"""Writes the seed corpus of the dns_reply fuzz target (corpus/dns_reply/).

Each seed is one UDP payload as a DNS server (or an attacker) might send it to
the DNS prober: good replies with compression, error rcodes, truncation, and
the malformed shapes the parser must survive (loops, forward pointers, cuts).
"""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "dns_reply")


def name(dotted):
    out = b""
    for label in dotted.split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def header(id_, flags, qd, an, ns=0, ar=0):
    return struct.pack("!HHHHHH", id_, flags, qd, an, ns, ar)


def question(n, qtype=1):
    return name(n) + struct.pack("!HH", qtype, 1)


def answer_at(owner, rtype, rdata, ttl=300):
    return struct.pack("!HHHIH", 0xC000 | owner, rtype, 1, ttl, len(rdata)) + rdata


def seeds():
    ok = header(0x1234, 0x8180, 1, 2) + question("example.com")
    ok += answer_at(12, 1, bytes([192, 0, 2, 1])) + answer_at(12, 1, bytes([192, 0, 2, 2]))
    yield "a_two_answers", ok

    aaaa = header(0x1234, 0x8180, 1, 1) + question("example.com", 28)
    aaaa += answer_at(12, 28, bytes.fromhex("20010db8000000000000000000000001"))
    yield "aaaa", aaaa

    cname = header(0x0009, 0x8180, 1, 2) + question("www.example.com")
    cname += struct.pack("!HHHIH", 0xC00C, 5, 1, 60, 10)
    rdata_at = len(cname)
    cname += b"\x07example" + struct.pack("!H", 0xC000 | 24)
    cname += answer_at(rdata_at, 1, bytes([192, 0, 2, 3]))
    yield "cname_chain", cname

    yield "nxdomain", header(0x1234, 0x8183, 1, 0) + question("example.com")
    yield "servfail_no_question", header(0x1234, 0x8182, 0, 0)
    yield "nodata", header(0x1234, 0x8180, 1, 0) + question("example.com")
    yield "truncated", header(0x1234, 0x8380, 1, 3) + question("example.com") + b"\xc0\x0c\x00"
    yield "query_not_reply", header(0x1234, 0x0100, 1, 0) + question("example.com")

    yield "pointer_self", header(1, 0x8180, 1, 0) + b"\xc0\x0c" + struct.pack("!HH", 1, 1)
    yield "pointer_loop_labels", header(1, 0x8180, 1, 0) + b"\x01a\xc0\x0c" + struct.pack("!HH", 1, 1)
    fwd = header(1, 0x8180, 1, 1) + question("example.com") + struct.pack("!H", 0xC000 | 200)
    yield "pointer_forward", fwd + struct.pack("!HHIH", 1, 1, 1, 4) + bytes(4)

    chain = header(1, 0x8180, 1, 2) + question("example.com")
    chain += struct.pack("!HHHIH", 0xC00C, 16, 1, 1, 400)
    first = len(chain)
    chain += struct.pack("!H", 0xC00C)
    for i in range(1, 200):
        chain += struct.pack("!H", 0xC000 | (first + 2 * (i - 1)))
    chain += answer_at(first + 2 * 199, 1, bytes(4))
    yield "pointer_chain", chain

    yield "name_too_long", header(1, 0x8180, 1, 0) + (b"\x3c" + b"a" * 60) * 5 + b"\0\0\1\0\1"
    yield "ancount_lies", header(1, 0x8180, 1, 65535) + question("example.com") + answer_at(12, 1, bytes(4))
    yield "rdata_cut", header(1, 0x8180, 1, 1) + question("example.com") + struct.pack("!HHHIH", 0xC00C, 1, 1, 1, 40) + bytes(4)
    yield "extended_label", header(1, 0x8180, 1, 0) + b"\x41\x00"
    yield "short", b"\x12\x34\x81"
    yield "query_name", b"www.example.com"


def main():
    os.makedirs(OUT, exist_ok=True)
    for label, data in seeds():
        with open(os.path.join(OUT, label + ".bin"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
