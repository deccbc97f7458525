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


SRC6 = bytes.fromhex("fd000000000000000000000000000002")
DST6 = bytes.fromhex("fd000000000000000000000000000001")


def frame6(payload=b"hello, afudp", nh=17, ver=6, plen=None, ulen=None,
           src=SRC6, dst=DST6, udp_check=True, zero_check=False, tail=b"",
           vlan=None, tpid=0x8100, inner_tpid=None):
    ulen = 8 + len(payload) if ulen is None else ulen
    plen = 8 + len(payload) if plen is None else plen
    ip = struct.pack("!IHBB", (ver << 28) | (0x2e << 20) | 0xbeef, plen,
                     nh, 64) + src + dst
    udp = struct.pack("!HHHH", 40000, 7000, ulen, 0) + payload
    if udp_check and not zero_check:
        ph = src + dst + struct.pack("!IBBBB", ulen, 0, 0, 0, 17)
        c = ~csum(udp[:ulen], csum(ph)) & 0xFFFF or 0xFFFF
        udp = udp[:6] + struct.pack("!H", c) + udp[8:]
    l2 = bytes([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2])
    if inner_tpid is not None:
        l2 += struct.pack("!HH", tpid, 7) + struct.pack("!HH", inner_tpid, 8)
    elif vlan is not None:
        l2 += struct.pack("!HH", tpid, vlan)
    return l2 + struct.pack("!H", 0x86DD) + ip + udp + tail


def tagged4(vid=100):
    f = frame()
    return f[:12] + struct.pack("!HH", 0x8100, vid) + f[12:]


def build6_in(payload=b"payload", mode=0, hint=0, hops=64, tci=100,
              src=SRC6):
    return (bytes([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2]) + src + DST6 +
            struct.pack("!HH", 7000, 40000) + bytes([hops, 0xb8]) +
            bytes([1, 0x23, 0x45, mode]) + struct.pack("!HH", tci, hint) +
            bytes([7]) + b"\0" + payload)


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
    "parse6": {
        "valid": frame6(),
        "valid-empty": frame6(b""),
        "padded": frame6(b"x", tail=b"\xee" * 15),
        "trailing": frame6(b"0123456789abcdef", ulen=8 + 10),
        "vlan": frame6(vlan=100),
        "vlan-pcp": frame6(vlan=0xE064),
        "qinq": frame6(vlan=100, tpid=0x88A8),
        "vlan-stacked": frame6(inner_tpid=0x8100),
        "vlan-ipv4": tagged4(),
        "hopopts": frame6(nh=0),
        "routing": frame6(nh=43),
        "fragment": frame6(nh=44),
        "dstopts": frame6(nh=60),
        "esp": frame6(nh=50),
        "icmp6": frame6(nh=58),
        "version4": frame6(ver=4),
        "plen-long": frame6(plen=200),
        "plen-short": frame6(plen=4),
        "ulen-long": frame6(ulen=100),
        "csum-zero": frame6(zero_check=True),
        "src-mcast": frame6(src=bytes.fromhex("ff02" + "00" * 13 + "01")),
        "src-v4mapped": frame6(src=bytes(10) + b"\xff\xff" + bytes(
            [10, 0, 0, 2])),
        "dst-mcast": frame6(dst=bytes.fromhex("ff02" + "00" * 13 + "01")),
        "truncated": frame6()[:40],
    },
    "build6": {
        "plain": build6_in(),
        "empty": build6_in(b""),
        "tagged": build6_in(mode=1),
        "tagged-odd": build6_in(b"odd", mode=1 | 4, tci=0xFFFF),
        "hops0": build6_in(hops=0),
        "max": build6_in(b"", mode=2, hint=65527),
        "over-max": build6_in(b"", mode=2, hint=65528),
        "martian": build6_in(src=bytes(16)),
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
