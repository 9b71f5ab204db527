#!/usr/bin/env python3
"""Writes the seed corpus of the icmp_reply fuzz target (corpus/icmp_reply/).

Each seed is one mode byte (bit 0 IPv6, bit 1 raw IPv4 framing, bit 2 error
queue) followed by a message as an ICMP socket would deliver it.
"""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "icmp_reply")


def checksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def icmp(t, code, rest, v4=True):
    msg = struct.pack("!BBH", t, code, 0) + rest
    if v4:
        msg = msg[:2] + struct.pack("!H", checksum(msg)) + msg[4:]
    return msg


def ipv4(proto, payload, src=(192, 0, 2, 9), dst=(198, 51, 100, 7)):
    return struct.pack("!BBHHHBBH4B4B", 0x45, 0, 20 + len(payload), 0x1234, 0x4000, 64, proto, 0,
                       *src, *dst) + payload


def ipv6(nh, payload):
    src = bytes.fromhex("20010db8000000000000000000000009")
    dst = bytes.fromhex("20010db8000000000000000000000007")
    return struct.pack("!IHBB", 0x60000000, len(payload), nh, 64) + src + dst + payload


PAYLOAD = struct.pack("=QQ", 0x1122334455667788, 1700000000123456789) + bytes(range(16, 56))
ECHO = struct.pack("!HH", 0x1234, 0x0102) + PAYLOAD
V4_REQUEST = icmp(8, 0, ECHO)
V6_REQUEST = icmp(128, 0, ECHO, v4=False)

SEEDS = {
    "v4_raw_echo_reply": b"\x02" + ipv4(1, icmp(0, 0, ECHO)),
    "v4_dgram_echo_reply": b"\x00" + icmp(0, 0, ECHO),
    "v4_raw_host_unreachable_8_bytes": b"\x02" + ipv4(1, icmp(3, 1, b"\0" * 4 + ipv4(1, V4_REQUEST)[:28])),
    "v4_raw_time_exceeded_full": b"\x02" + ipv4(1, icmp(11, 0, b"\0" * 4 + ipv4(1, V4_REQUEST))),
    "v4_raw_port_unreachable_udp": b"\x02" + ipv4(1, icmp(3, 3, b"\0" * 4 + ipv4(17, b"\x30\x39\x00\x35\x00\x08\x00\x00"))),
    "v4_errqueue_request": b"\x04" + V4_REQUEST,
    "v6_echo_reply": b"\x01" + icmp(129, 0, ECHO, v4=False),
    "v6_dest_unreachable": b"\x01" + icmp(1, 0, b"\0" * 4 + ipv6(58, V6_REQUEST), v4=False),
    "v6_packet_too_big": b"\x01" + icmp(2, 0, struct.pack("!I", 1280) + ipv6(58, V6_REQUEST[:8]), v4=False),
    "v6_errqueue_request": b"\x05" + V6_REQUEST,
}

os.makedirs(OUT, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
print("wrote %d seeds to %s" % (len(SEEDS), OUT))
