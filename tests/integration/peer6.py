#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The kernel side of the IPv6 integration tests, as peer.c is for IPv4:
plain sockets and one raw packet socket, nothing of afudp's own code.

  peer6.py echo-server ADDR PORT
      kernel UDP echo over IPv6 until killed; prints "ready", then each
      datagram's length and first 16 bytes (hex)
  peer6.py raw-case IFACE DSTMAC SRC DST PORT KPORT CASE
      send one named malformed or unusual UDP/IPv6 frame (or frames) at
      DST:PORT (the server under test) and DST:KPORT (a kernel reference
      echo server), each copy tagged, from SRC and a UDP socket's port, so
      echoes come back to it; then a marker datagram to each port. Once
      both markers are back (or 5 s have passed) and 300 ms more, print
        case NAME afudp N LENS kernel N LENS stray S marks M
      where N counts echoes carrying that copy's tag and LENS lists their
      lengths (comma-separated, "-" for none). Exit 0, or 1 if a marker
      did not come back, 2 on bad use.
  peer6.py echo-client DST PORT COUNT [SCOPE_IF]
      COUNT datagrams of 1..1400 bytes to DST:PORT (IPv6, or IPv4 for a
      dotted DST), one at a time, each waited for 2 s: the echo must be
      byte-exact and come from DST. SCOPE_IF: the scope of a link-local
      DST; $SRC: the address to send from. Prints "# echoed N of COUNT"
      and a "# " line per failure; exit 0 if all were echoed, else 1
  peer6.py cases     list the case names
"""
import os
import select
import socket
import struct
import sys
import time

UDP, HBH, ROUTING, FRAGMENT, DSTOPTS = 17, 0, 43, 44, 60


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def udp6(src, dst, sport, dport, payload, ulen=None, check=None):
    """A UDP header and payload; the checksum over the pseudo-header
    (true length), or @check as given (0: none, -1: wrong)."""
    n = 8 + len(payload)
    hdr = struct.pack("!HHHH", sport, dport, n if ulen is None else ulen, 0)
    ph = src + dst + struct.pack("!I3xB", n, UDP)
    c = 0xFFFF - csum(ph + hdr + payload) or 0xFFFF
    if check == 0:
        c = 0
    elif check == -1:
        c = c ^ 0x4321 or 0x1111
    return hdr[:6] + struct.pack("!H", c) + payload


def opts_hdr(nxt):
    """Hop-by-hop or destination options: 8 bytes, one PadN."""
    return struct.pack("!BB", nxt, 0) + b"\x01\x04\0\0\0\0"


def ip6(src, dst, nh, body, plen=None, version=6, hlim=64):
    n = len(body) if plen is None else plen
    return struct.pack("!IHBB", version << 28, n, nh, hlim) + src + dst + body


class Env:
    def __init__(self, dmac, smac, src, dst, sport):
        self.dmac, self.smac = dmac, smac
        self.src, self.dst, self.sport = src, dst, sport

    def eth(self, pkt, pad=0):
        return self.dmac + self.smac + b"\x86\xdd" + pkt + b"\0" * pad

    def udp(self, dport, pl, **kw):
        return udp6(self.src, self.dst, self.sport, dport, pl, **kw)


def frag_pair(env, dport, pl):
    """A datagram split in two IPv6 fragments (the kernel reassembles)."""
    u = env.udp(dport, pl)
    cut = 56  # a multiple of 8
    ident = os.getpid() & 0xFFFFFFFF
    f1 = struct.pack("!BBHI", UDP, 0, 1, ident) + u[:cut]  # offset 0, M
    f2 = struct.pack("!BBHI", UDP, 0, cut, ident) + u[cut:]  # offset 7*8
    return [env.eth(ip6(env.src, env.dst, FRAGMENT, f1)),
            env.eth(ip6(env.src, env.dst, FRAGMENT, f2))]


def frames_for(name, env, dport, pl):
    """The frames of case @name; None for an unknown name."""
    s, d = env.src, env.dst
    u = env.udp(dport, pl)
    one = lambda pkt, pad=0: [env.eth(pkt, pad)]
    cases = {
        # Plain, and plain with Ethernet padding: delivered.
        "plain": lambda: one(ip6(s, d, UDP, u)),
        "padded": lambda: one(ip6(s, d, UDP, u), pad=32),
        # Each extension header before UDP.
        "hop-by-hop": lambda: one(ip6(s, d, HBH, opts_hdr(UDP) + u)),
        "dst-options": lambda: one(ip6(s, d, DSTOPTS, opts_hdr(UDP) + u)),
        # An unknown routing type with no segment left is skipped (RFC
        # 8200 4.4); segment routing (type 4) is dropped where it is not
        # enabled; type 0 is deprecated (RFC 5095), dropped.
        "routing-left0": lambda: one(ip6(s, d, ROUTING, struct.pack(
            "!BBBBI", UDP, 2, 253, 0, 0) + d + u)),
        "routing-srh": lambda: one(ip6(s, d, ROUTING, struct.pack(
            "!BBBBI", UDP, 2, 4, 0, 0) + d + u)),
        "routing-type0": lambda: one(ip6(s, d, ROUTING, struct.pack(
            "!BBBBI", UDP, 2, 0, 1, 0) + d + u)),
        "atomic-fragment": lambda: one(ip6(s, d, FRAGMENT, struct.pack(
            "!BBHI", UDP, 0, 0, 0x1234) + u)),
        "fragments": lambda: frag_pair(env, dport, pl),
        "hbh-then-dstopts": lambda: one(ip6(s, d, HBH, opts_hdr(DSTOPTS) +
                                            opts_hdr(UDP) + u)),
        # Lengths that lie.
        "plen-long": lambda: one(ip6(s, d, UDP, u, plen=len(u) + 16)),
        "plen-short": lambda: one(ip6(s, d, UDP, u, plen=len(u) - 4)),
        "plen-zero": lambda: one(ip6(s, d, UDP, u, plen=0)),
        "udplen-long": lambda: one(ip6(s, d, UDP, env.udp(
            dport, pl, ulen=len(u) + 8))),
        "udplen-short": lambda: one(ip6(s, d, UDP, env.udp(
            dport, pl, ulen=len(u) - 8))),
        # The UDP length short of the IP payload, checksum over the UDP
        # length: the bytes after it are not the datagram's.
        "udplen-trailing": lambda: one(ip6(s, d, UDP, env.udp(
            dport, pl[:-8]) + b"TRAILING")),
        "udplen-under8": lambda: one(ip6(s, d, UDP, env.udp(
            dport, pl, ulen=4))),
        # Checksums: zero is no checksum, which IPv6 forbids.
        "udp-csum-zero": lambda: one(ip6(s, d, UDP, env.udp(
            dport, pl, check=0))),
        "udp-csum-bad": lambda: one(ip6(s, d, UDP, env.udp(
            dport, pl, check=-1))),
        # Cut short: inside the IPv6 header, inside the UDP header.
        "cut-ip6": lambda: [env.eth(ip6(s, d, UDP, u))[:14 + 30]],
        "cut-udp": lambda: [env.eth(ip6(s, d, UDP, u))[:14 + 40 + 5]],
        "version-4": lambda: one(ip6(s, d, UDP, u, version=4)),
        "hop-limit-0": lambda: one(ip6(s, d, UDP, u, hlim=0)),
        "next-tcp": lambda: one(ip6(s, d, 6, u)),
    }
    f = cases.get(name)
    return (f(), sorted(cases)) if f else (None, sorted(cases))


def echo_server(addr, port):
    u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    u.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    u.bind((addr, int(port)))
    print("ready", flush=True)
    while True:
        data, peer = u.recvfrom(65536)
        print(len(data), data[:16].hex(), flush=True)
        u.sendto(data, peer)


def echo_client(dst, port, count, scope_if=None):
    fam = socket.AF_INET if "." in dst and ":" not in dst else socket.AF_INET6
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.settimeout(2)
    if os.environ.get("SRC"):
        s.bind((os.environ["SRC"], 0))
    addr = (dst, int(port))
    if scope_if:
        addr = (dst, int(port), 0, socket.if_nametoindex(scope_if))
    sizes = (1, 7, 100, 512, 1000, 1400)
    good, count = 0, int(count)
    for i in range(count):
        data = os.urandom(sizes[i % len(sizes)])
        s.sendto(data, addr)
        try:
            r, frm = s.recvfrom(65536)
        except (socket.timeout, ConnectionRefusedError) as e:
            print("# no echo for #%d (%d bytes): %r" % (i, len(data), e))
            continue
        if r != data:
            print("# #%d: echo differs (%d bytes back for %d)" %
                  (i, len(r), len(data)))
        elif frm[0].split("%")[0] != dst:
            print("# #%d: echo from %s, sent to %s" % (i, frm[0], dst))
        else:
            good += 1
    print("# echoed %d of %d" % (good, count), flush=True)
    return 0 if good == count else 1


def raw_case(iface, dmac, src, dst, port, kport, name):
    port, kport = int(port), int(kport)
    dmac = bytes.fromhex(dmac.replace(":", ""))
    u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    u.bind((src, 0))
    sport = u.getsockname()[1]
    raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    raw.bind((iface, 0))
    smac = raw.getsockname()[4][:6]
    env = Env(dmac, smac, socket.inet_pton(socket.AF_INET6, src),
              socket.inet_pton(socket.AF_INET6, dst), sport)
    base = int.from_bytes(os.urandom(4), "big") & 0xFFFFFF00
    tags = {}
    for k, p in enumerate((port, kport)):
        tag = (base + k).to_bytes(4, "big")
        pl = b"AF6C" + tag + bytes((i * 13 + k) & 0xFF for i in range(88))
        frames, names = frames_for(name, env, p, pl)
        if frames is None:
            print("peer6: no case '%s'; cases: %s" % (name, " ".join(names)),
                  file=sys.stderr)
            return 2
        tags[tag] = k
        for f in frames:
            raw.send(f)
    mark = b"MARK" + base.to_bytes(4, "big")
    for p in (port, kport):
        u.sendto(mark + p.to_bytes(2, "big"), (dst, p))
    lens = ([], [])
    stray = marks = 0
    t0 = time.monotonic()
    done = None
    while True:
        now = time.monotonic()
        if done is None and (marks == 2 or now - t0 > 5):
            done = now
        if done is not None and now - done > 0.3:
            break
        r, _, _ = select.select([u], [], [], 0.05)
        if not r:
            continue
        data, peer = u.recvfrom(65536)
        if data[:8] == mark and len(data) == 10:
            marks += 1
        elif data[:4] == b"AF6C" and data[4:8] in tags:
            lens[tags[data[4:8]]].append(len(data))
        else:
            stray += 1
    fmt = lambda v: ",".join(map(str, v)) or "-"
    print("case %s afudp %d %s kernel %d %s stray %d marks %d" %
          (name, len(lens[0]), fmt(lens[0]), len(lens[1]), fmt(lens[1]),
           stray, marks))
    return 0 if marks == 2 else 1


def main(argv):
    if len(argv) == 4 and argv[1] == "echo-server":
        echo_server(argv[2], argv[3])
        return 0
    if len(argv) in (5, 6) and argv[1] == "echo-client":
        return echo_client(*argv[2:])
    if len(argv) == 9 and argv[1] == "raw-case":
        return raw_case(*argv[2:])
    if len(argv) == 2 and argv[1] == "cases":
        z = bytes(16)
        print(" ".join(frames_for("", Env(z[:6], z[:6], z, z, 0), 0,
                                  b"")[1]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
