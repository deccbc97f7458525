#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Write the fuzz targets' seed corpus (tests/fuzz/corpus/TARGET/NAME.bin).

The seeds are in the tree; this script says what each one is and can
rewrite them: python3 tests/fuzz/make-seeds.py [DIR] (default: next to it).
"""
import os
import struct
import sys


def csum(b, s=0):
    if len(b) % 2:
        b += b"\0"
    for i in range(0, len(b), 2):
        s += (b[i] << 8) | b[i + 1]
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def frame(payload=b"hello, afudp", ihl=5, frag=0x4000, proto=17, ttl=64,
          ethertype=0x0800, ulen=None, tot=None, udp_check=True, tail=b""):
    src, dst = bytes([10, 0, 0, 2]), bytes([10, 0, 0, 1])
    opts = b"\x01" * (ihl * 4 - 20)
    ulen = 8 + len(payload) if ulen is None else ulen
    tot = ihl * 4 + 8 + len(payload) if tot is None else tot
    ip = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, tot, 0x1234, frag, ttl,
                     proto, 0, src, dst) + opts
    ip = ip[:10] + struct.pack("!H", ~csum(ip) & 0xFFFF) + ip[12:]
    udp = struct.pack("!HHHH", 40000, 7000, ulen, 0) + payload
    if udp_check:
        ph = src + dst + struct.pack("!BBH", 0, 17, ulen)
        c = ~csum(udp[:ulen], csum(ph)) & 0xFFFF or 0xFFFF
        udp = udp[:6] + struct.pack("!H", c) + udp[8:]
    eth = bytes([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2])
    return eth + struct.pack("!H", ethertype) + ip + udp + tail


def build_in(payload=b"payload", mode=0, hint=0, ttl=64):
    return (bytes([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 10, 0, 0, 1,
                   10, 0, 0, 2]) + struct.pack("!HH", 7000, 40000) +
            bytes([ttl, 0]) + struct.pack("!HBH", 0x4242, mode, hint) +
            payload)


SEEDS = {
    "parse": {
        "valid": frame(),
        "valid-empty": frame(b""),
        "options": frame(ihl=8),
        "options-max": frame(ihl=15),
        "padded": frame(b"x", tail=b"\xee" * 15),
        "trailing": frame(b"0123456789abcdef", ulen=8 + 10),
        "csum-none": frame(udp_check=False),
        "frag-first": frame(frag=0x2000),
        "frag-last": frame(frag=0x0010),
        "vlan": frame(ethertype=0x8100),
        "tcp": frame(proto=6),
        "truncated": frame()[:30],
    },
    "build": {
        "plain": build_in(),
        "empty": build_in(b""),
        "no-csum-odd": build_in(b"odd", mode=1 | 4),
        "ttl0": build_in(ttl=0),
        "max": build_in(b"", mode=2, hint=65507),
        "over-max": build_in(b"", mode=2, hint=65508),
    },
    "csum": {
        "header": bytes([0, 0, 10, 0, 0, 2, 10, 0, 0, 1]) + frame()[14:34],
        "udp-odd": bytes([3, 128, 10, 0, 0, 2, 10, 0, 0, 1]) + frame()[34:-1],
    },
}

top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "corpus")
for target, seeds in SEEDS.items():
    os.makedirs(os.path.join(top, target), exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(top, target, name + ".bin"), "wb") as f:
            f.write(data)
