#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""What statexport.sh checks of afudp-stat's output for programs.

  statcheck.py json FILE PID IFNAME PORT PKTS BYTES
      FILE (--json of one afudp-echo stack) holds that stack, its socket
      on PORT with exactly PKTS datagrams and BYTES payload bytes each
      way, and every documented field: "PASS what" / "FAIL what: why"
      lines
  statcheck.py empty FILE         valid JSON with no stack
  statcheck.py same JSON PROM     each JSON value is the Prometheus sample
                                  with its labels (PROM taken later: XDP
                                  verdicts other than redirected may have
                                  grown), and PROM has no other
  statcheck.py samples PROM1 PROM2
                                  the afudp_socket_ and afudp_xsk_ samples
                                  of both are the same
  statcheck.py get URL OUT        GET URL answers 200: the body goes to OUT
  statcheck.py status URL CODE    GET URL answers CODE
  statcheck.py refused HOST PORT  a TCP connection there is refused
Exit status 0 if all is as said, 1 otherwise (with the reason on stdout,
as TAP diagnostics).
"""
import json
import re
import socket
import sys
import urllib.error
import urllib.request

SOCK_FIELDS = [
    "rx_packets", "rx_bytes", "tx_packets", "tx_bytes", "rx_slow",
    "tx_slow", "tx_slow_no_neigh", "tx_slow_local", "tx_slow_mtu",
    "tx_slow_other", "rx_drop_csum", "rx_drop_malformed", "rx_drop_filtered",
    "rx_drop_rpf", "tx_ring_full", "tx_kicks", "rx_wakeups",
]
XSK_FIELDS = [
    "rx_dropped", "rx_invalid_descs", "tx_invalid_descs", "rx_ring_full",
    "rx_fill_ring_empty_descs", "tx_ring_empty_descs",
]
VERDICTS = [
    "redirected", "pass_not_ipv4", "pass_trunc", "pass_bad_ip",
    "pass_fragment", "pass_not_udp", "pass_not_local", "pass_mcast",
    "pass_no_port", "pass_no_queue", "pass_too_big", "pass_other_mac",
    "pass_martian", "pass_ip_options", "pass_vlan", "pass_ip6_ext",
]
XDP_SUBSETS = ["redirected_spread", "redirected_mcast", "redirected_vlan",
               "redirected6", "pmtu_noted"]
DEVICE_CAPS = ["zerocopy", "multi_buffer", "tx_csum_offload", "rx_ts_hw",
               "busy_poll"]
TIMEOUT = 30


def diag(msg):
    print("# " + msg)


def is_count(v):
    # bool is an int in Python; a JSON true is no counter.
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def check_json(path, pid, ifname, port, pkts, nbytes):
    """Seven checks, each printed; returns how many failed."""
    failed = 0

    def report(what, why):
        nonlocal failed
        if why:
            print(f"FAIL {what}: {why}")
            failed += 1
        else:
            print(f"PASS {what}")

    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        for what in ("parses", "the stack", "the device",
                     "the socket's traffic", "the XDP counters", "the XSK",
                     "every field"):
            report(what, f"no JSON: {e}")
        return failed

    stacks = doc.get("stacks") if isinstance(doc, dict) else None
    why = None
    if doc.get("version") != 1 or not isinstance(doc.get("time"), float):
        why = f"version {doc.get('version')!r}, time {doc.get('time')!r}"
    elif not isinstance(stacks, list) or len(stacks) != 1:
        why = f"stacks: {stacks!r:.200} (one expected, -p {pid})"
    report("parses: version 1, a time, one stack", why)
    if why:
        for what in ("the stack", "the device", "the socket's traffic",
                     "the XDP counters", "the XSK", "every field"):
            report(what, "no stack")
        return failed
    st = stacks[0]

    want = {"pid": pid, "stack": 0, "ifname": ifname, "backend": "xdp",
            "xdp_mode": "native", "copy_mode": "copy", "queues": 1}
    bad = {k: st.get(k) for k, v in want.items() if st.get(k) != v}
    why = f"{bad} (want {want})" if bad else None
    if not why and not (is_count(st.get("xdp_prog_id")) and
                        st["xdp_prog_id"] > 0):
        why = f"xdp_prog_id {st.get('xdp_prog_id')!r}"
    report(f"the stack: pid {pid}, {ifname}, xdp native copy, 1 queue, "
           f"a program", why)

    # veth, copy mode, no busy-poll: what the device offers.
    want = {"zerocopy": "no", "multi_buffer": "yes",
            "tx_csum_offload": "no", "rx_ts_hw": "not asked",
            "busy_poll": "not asked", "busy_poll_usecs": 0,
            "busy_poll_budget": 0, "xsk_features": 0}
    dev = st.get("device")
    why = None if dev == want else f"device {dev!r} (want {want})"
    report("the device: copy, multi-buffer, no TX checksum offload, the rest not asked",
           why)

    socks = [s for s in st.get("sockets") or [] if s.get("port") == port]
    sock = socks[0] if len(socks) == 1 else None
    if not sock:
        why = f"{len(socks)} sockets on port {port}: {st.get('sockets')!r:.300}"
    else:
        got = {k: sock.get(k) for k in ("rx_packets", "tx_packets",
                                        "rx_bytes", "tx_bytes")}
        want = {"rx_packets": pkts, "tx_packets": pkts, "rx_bytes": nbytes,
                "tx_bytes": nbytes}
        why = None if got == want else f"{got}, want {want}"
        if not why and sock.get("address") != "0.0.0.0":
            why = f"address {sock.get('address')!r}"
    report(f"the socket on 0.0.0.0:{port}: {pkts} datagrams, {nbytes} bytes "
           f"each way", why)

    xdp = st.get("xdp")
    if not isinstance(xdp, dict):
        why = f"xdp: {xdp!r}"
    elif sorted(xdp) != sorted(VERDICTS + XDP_SUBSETS):
        why = f"fields {sorted(xdp)}"
    elif not all(is_count(v) for v in xdp.values()):
        why = f"not counts: {xdp}"
    elif xdp["redirected"] < pkts:
        why = f"redirected {xdp['redirected']} < {pkts}"
    else:
        why = None
    report(f"the XDP counters: all {len(VERDICTS + XDP_SUBSETS)}, "
           f"redirected >= {pkts}", why)

    xsks = sock.get("xsks") if sock else None
    if not isinstance(xsks, list) or len(xsks) != 1:
        why = f"xsks: {xsks!r:.300}"
    else:
        x = xsks[0]
        xs = x.get("xdp_statistics")
        if x.get("queue") != 0 or not isinstance(xs, dict):
            why = f"{x!r}"
        elif sorted(xs) != sorted(XSK_FIELDS):
            why = f"fields {sorted(xs)}"
        elif not all(is_count(v) for v in xs.values()):
            why = f"not counts: {xs}"
        elif xs["rx_dropped"] or xs["rx_ring_full"]:
            why = f"drops: {xs}"
        else:
            why = None
    report("the XSK: queue 0, its XDP_STATISTICS read, no drops", why)

    missing = [f for f in SOCK_FIELDS if not is_count(sock.get(f))] \
        if sock else SOCK_FIELDS
    extra = sorted(set(sock or {}) - set(SOCK_FIELDS) -
                   {"slot", "address", "port", "xsks"})
    why = None
    if missing or extra:
        why = f"missing or not counts: {missing}; unknown: {extra}"
    elif not is_count(sock.get("slot")) or not is_count(st.get("ifindex")):
        why = f"slot {sock.get('slot')!r}, ifindex {st.get('ifindex')!r}"
    report("every documented socket field, a count", why)
    return failed


def cmd_empty(path):
    with open(path) as f:
        doc = json.load(f)
    if doc.get("version") != 1 or doc.get("stacks") != []:
        diag(f"not an empty list of stacks: {doc!r:.300}")
        return 1
    return 0


LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')


def prom_samples(path):
    """{(name, frozenset of labels): value} of a text exposition."""
    out = {}
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            m = SAMPLE.match(line)
            if not m:
                raise ValueError(f"not a sample: {line!r}")
            labels = frozenset(LABEL.findall(m.group(2) or ""))
            key = (m.group(1), labels)
            if key in out:
                raise ValueError(f"twice: {line!r}")
            out[key] = float(m.group(3))
    return out


def cmd_same(jpath, ppath):
    with open(jpath) as f:
        doc = json.load(f)
    prom = prom_samples(ppath)
    want = {("afudp_stacks", frozenset()): len(doc["stacks"])}
    for st in doc["stacks"]:
        sl = {("pid", str(st["pid"])), ("stack", str(st["stack"])),
              ("ifname", st["ifname"])}
        want[("afudp_stack_queues", frozenset(sl))] = st["queues"]
        want[("afudp_stack_sockets", frozenset(sl))] = len(st["sockets"])
        want[("afudp_stack_info", frozenset(sl | {
            ("backend", st["backend"]),
            ("xdp_mode", st["xdp_mode"] or "none"),
            ("copy_mode", st["copy_mode"] or "none"),
            ("xdp_prog_id", str(st["xdp_prog_id"]))}))] = 1
        dev = st["device"]
        want[("afudp_stack_device_info", frozenset(sl | {
            (k, dev[k]) for k in DEVICE_CAPS}))] = 1
        for k in ("busy_poll_usecs", "busy_poll_budget", "xsk_features"):
            want[(f"afudp_stack_{k}", frozenset(sl))] = dev[k]
        for k, v in (st["xdp"] or {}).items():
            if k in XDP_SUBSETS:
                want[(f"afudp_xdp_{k}_total", frozenset(sl))] = v
            else:
                want[("afudp_xdp_frames_total",
                      frozenset(sl | {("verdict", k)}))] = v
        for s in st["sockets"]:
            ol = sl | {("socket", str(s["slot"])), ("address", s["address"]),
                       ("port", str(s["port"]))}
            for k in SOCK_FIELDS:
                want[(f"afudp_socket_{k}_total", frozenset(ol))] = s[k]
            for x in s["xsks"]:
                for k, v in (x["xdp_statistics"] or {}).items():
                    want[(f"afudp_xsk_{k}_total",
                          frozenset(ol | {("queue", str(x["queue"]))}))] = v
    bad = 0
    for key, v in sorted(want.items(), key=str):
        # PROM was taken after JSON: frames the kernel gets meanwhile (IPv6
        # router solicitations...) may have been counted since.
        grows = key[0] == "afudp_xdp_frames_total" and \
            ("verdict", "redirected") not in key[1]
        if key not in prom:
            diag(f"missing in Prometheus: {key[0]} {sorted(key[1])}")
            bad += 1
        elif prom[key] != v and not (grows and prom[key] > v):
            diag(f"{key[0]} {sorted(key[1])}: {prom[key]:g}, JSON {v}")
            bad += 1
    for key in prom.keys() - want.keys():
        diag(f"not in JSON: {key[0]} {sorted(key[1])}")
        bad += 1
    diag(f"{len(want)} samples compared, {bad} differ")
    return 1 if bad or len(want) < len(SOCK_FIELDS) else 0


def cmd_samples(p1, p2):
    def ours(path):
        return {k: v for k, v in prom_samples(path).items()
                if k[0].startswith(("afudp_socket_", "afudp_xsk_"))}
    a, b = ours(p1), ours(p2)
    if not a or a != b:
        for key in sorted(a.keys() | b.keys(), key=str):
            if a.get(key) != b.get(key):
                diag(f"{key[0]} {sorted(key[1])}: {a.get(key)} / {b.get(key)}")
        return 1
    diag(f"{len(a)} socket and XSK samples the same")
    return 0


def http_get(url):
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def cmd_get(url, out):
    code, headers, body = http_get(url)
    with open(out, "wb") as f:
        f.write(body)
    ctype = headers.get("Content-Type", "")
    diag(f"GET {url}: {code}, {ctype}, {len(body)} bytes")
    return 0 if code == 200 and ctype.startswith("text/plain") else 1


def cmd_status(url, code):
    got = http_get(url)[0]
    diag(f"GET {url}: {got}")
    return 0 if got == int(code) else 1


def cmd_refused(host, port):
    try:
        socket.create_connection((host, int(port)), timeout=TIMEOUT).close()
    except ConnectionRefusedError:
        diag(f"{host}:{port}: connection refused")
        return 0
    except OSError as e:
        diag(f"{host}:{port}: {e}, not a refusal")
        return 1
    diag(f"{host}:{port}: connected")
    return 1


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "json":
        path, pid, ifname, port, pkts, nbytes = args
        check_json(path, int(pid), ifname, int(port), int(pkts), int(nbytes))
        return 0
    cmds = {"empty": cmd_empty, "same": cmd_same, "samples": cmd_samples,
            "get": cmd_get, "status": cmd_status, "refused": cmd_refused}
    try:
        return cmds[cmd](*args)
    except (OSError, ValueError, KeyError, TypeError) as e:
        diag(f"{cmd}: {type(e).__name__}: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
