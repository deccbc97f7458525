#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Turn bench/run's CSVs into report.md (and PNG plots with gnuplot).

Usage: report.py RESULTS_DIR. Reads throughput.csv, latency.csv, cost.csv,
machine.txt and cdf/*.csv there; every figure is the median over the run's
repetitions, and every ratio compares numbers of the same run. bench/run
interleaves the variants (each repetition runs every variant once), so a
ratio is also computed within each repetition: its min-max over the
repetitions is the spread shown next to the ratio of the medians.
"""
import csv
import glob
import os
import shutil
import statistics
import subprocess
import sys

OUT = sys.argv[1]


def read(name):
    path = os.path.join(OUT, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f))


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fr(x, nd=2):
    return "n/a" if x is None else f"{x:.{nd}f}"


def fpps(x):
    return "n/a" if x is None else f"{x / 1e6:.3f}"


machine = {}
if os.path.exists(os.path.join(OUT, "machine.txt")):
    for line in open(os.path.join(OUT, "machine.txt")):
        k, _, v = line.strip().partition("=")
        machine[k] = v

tp = read("throughput.csv")
lat = read("latency.csv")
cost = read("cost.csv")


def tp_med(test, variant, q, field="pps"):
    return med([num(r[field]) for r in tp
                if r["test"] == test and r["variant"] == variant
                and r["queues"] == str(q)])


def rspread(rs):
    """'[min-max]' of per-repetition ratios (None where a side is missing)."""
    rs = [r for r in rs if r is not None]
    if len(rs) < 2:
        return ""
    return f" [{min(rs):.2f}–{max(rs):.2f}]"


def tp_rep_ratios(test, va, vb, q):
    by = {}
    for r in tp:
        if r["test"] == test and r["queues"] == str(q):
            by.setdefault(r["rep"], {})[r["variant"]] = num(r["pps"])
    return [ratio(d.get(va), d.get(vb)) for _, d in sorted(by.items())]


def lat_rep_ratios(sa, sb, client, size, field):
    by = {}
    for r in lat:
        if r["client"] == client and r["size"] == str(size):
            by.setdefault(r["rep"], {})[r["server"]] = num(r[field])
    return [ratio(d.get(sa), d.get(sb)) for _, d in sorted(by.items())]


def rows_rep_ratios(rows, key, field, va, vb):
    """Per-repetition va/vb of FIELD in rows keyed by KEY (rpc, dns)."""
    by = {}
    for r in rows:
        by.setdefault(r["rep"], {})[r[key]] = num(r[field])
    return [ratio(d.get(va), d.get(vb)) for _, d in sorted(by.items())]


def tp_reps(test, variant, q):
    return [num(r["pps"]) for r in tp if r["test"] == test
            and r["variant"] == variant and r["queues"] == str(q)]


def lat_med(server, client, size, field):
    return med([num(r[field]) for r in lat if r["server"] == server
                and r["client"] == client and r["size"] == str(size)])


# (what, ratio of the medians, wanted, verdict, per-repetition range,
# issue #13's own target?)
targets = []


def target(what, r, thr, kind=">=", reps=None, issue=False):
    if r is None:
        met = "n/a"
    elif kind == ">=":
        met = "met" if r >= thr else "missed"
    else:
        met = "met" if r <= thr else "missed"
    targets.append((what, r, f"{kind} {thr}", met,
                    rspread(reps or []).strip(" []"), issue))


md = []
md.append("# afudp benchmark report\n")
md.append(f"Run {machine.get('date', '?')} at commit "
          f"`{machine.get('commit', '?')}`, mode **{machine.get('mode', '?')}**: "
          f"{machine.get('reps', '?')} repetition(s), "
          f"{machine.get('seconds', '?')} s per throughput point, "
          f"{machine.get('lat_seconds', '?')} s per latency point. "
          "Every number is the median over the repetitions; every ratio "
          "compares numbers from this same run. The variants are "
          "interleaved (each repetition runs each variant once, in a "
          "rotated order), so each ratio is also computed within every "
          "repetition: [min–max] after a ratio is the range of those "
          "per-repetition ratios, the spread to judge it by. Targets are "
          "judged on the ratio of the medians.\n")
# A results directory put together from several runs says which (a line
# merged=... in machine.txt, added by hand).
if machine.get("merged"):
    md.append(f"**Put together from several runs:** {machine['merged']}\n")
md.append("## Machine and pinning\n")
md.append(f"- CPUs: {machine.get('nproc', '?')} ({machine.get('cpu', '?')}), "
          f"kernel {machine.get('kernel', '?')}")
md.append("- Bed: two network namespaces joined by a veth pair (native XDP, "
          "AF_XDP in copy mode: veth has no zero-copy), one bed with 1 queue, "
          "one with 2 (numrxqueues/numtxqueues 2). Static neighbours; senders "
          "complete UDP checksums (tx-checksum-ip-generic off).")
md.append("- Generator: `bench-gen`, BPF_PROG_RUN of an XDP program in "
          "live-frames mode returning XDP_TX out of the generator's veth end; "
          "the frame lands on the peer's RX queue (generator CPU mod queues). "
          "16 source ports. On veth all receive-side kernel work (XDP, the "
          "copy into the XSK, the kernel UDP stack) runs on the *sending* "
          "CPU, i.e. the generator's.")
md.append("- Pinning, 1 queue: generator on CPU 0, program under test on "
          "CPU 1 (TX blast: blaster on CPU 1, counted by an XDP_DROP program "
          "on the peer). 2 queues: generator threads on CPUs 0 and 1, one "
          "thread of the program under test per queue, queue q on CPU q: "
          "generator and receiver share both CPUs.")
md.append("- Latency: every server pinned to CPU 1, every client to CPU 0 "
          "(cross-CPU: a blocking wake-up crosses CPUs on every hop).\n")

def read_profile(name, ndso=6, nsym=10):
    """A bench/run --profile report (logs/NAME.profile): its top objects
    and symbols as "name pct" strings, or None when there is none."""
    f = os.path.join(OUT, "logs", f"{name}.profile")
    if not os.path.exists(f):
        return None
    dsos, syms, part = [], [], 0
    for line in open(f):
        if line.startswith("--"):
            part = 1
            continue
        w = line.split()
        if not w or not w[0].endswith("%"):
            continue
        if part == 0:
            dsos.append(f"{w[1]} {w[0]}")
        else:
            syms.append(f"{w[-1]} {w[0]}")
    return dsos[:ndso], syms[:nsym]


# ---- throughput ----
md.append("## Throughput, 64-byte payloads (Mpps, received and processed)\n")
md.append("Measured where the traffic ends: the sink's own count (RX), an "
          "XDP_DROP counter at the receiving veth end (TX blast), replies "
          "counted by an XDP program at the generator's end (echo). "
          "'offered' is what the generator (or blaster) put in.\n")
gen1, gen2 = tp_med("gen", "xdp-drop", 1), tp_med("gen", "xdp-drop", 2)
md.append(f"Generator ceiling (into an XDP_DROP counter on the peer): "
          f"{fpps(gen1)} Mpps with 1 CPU, {fpps(gen2)} Mpps with 2.\n")
md.append("| test | queues | afudp | kernel | raw XSK | afudp/raw [per-rep min–max] | afudp/kernel [per-rep min–max] | offered to afudp |")
md.append("|---|---|---|---|---|---|---|---|")
plot_rows = []
for test, av in (("rx", "afudp-zc"), ("rx", "afudp-mmsg"), ("tx", "afudp"),
                 ("echo", "afudp")):
    for q in (1, 2):
        a = tp_med(test, av, q)
        if a is None:
            continue
        k = tp_med(test, "kernel", q)
        r = tp_med(test, "raw", q)
        off = tp_med(test, av, q, "offered_pps")
        name = {"rx": "RX sink", "tx": "TX blast", "echo": "echo"}[test]
        if av == "afudp-mmsg":
            name += " (afudp_recvmmsg)"
        elif av == "afudp-zc":
            name += " (afudp_zc_recv)"
        md.append(f"| {name} | {q} | {fpps(a)} | {fpps(k)} | {fpps(r)} | "
                  f"{fr(ratio(a, r))}{rspread(tp_rep_ratios(test, av, 'raw', q))} | "
                  f"{fr(ratio(a, k))}{rspread(tp_rep_ratios(test, av, 'kernel', q))} | "
                  f"{fpps(off)} |")
        if av != "afudp-mmsg":
            plot_rows.append((f"{test}-q{q}", a, k, r))
md.append("")
md.append("Scaling, 2 queues/2 threads vs 1 queue/1 thread:\n")
md.append("| test | afudp | kernel | raw XSK | generator |")
md.append("|---|---|---|---|---|")
for test, av in (("rx", "afudp-zc"), ("tx", "afudp"), ("echo", "afudp")):
    md.append(f"| {test} | {fr(ratio(tp_med(test, av, 2), tp_med(test, av, 1)))} | "
              f"{fr(ratio(tp_med(test, 'kernel', 2), tp_med(test, 'kernel', 1)))} | "
              f"{fr(ratio(tp_med(test, 'raw', 2), tp_med(test, 'raw', 1)))} | "
              f"{fr(ratio(gen2, gen1))} |")
md.append("")
md.append("Per-repetition values (Mpps), to judge the spread:\n")
md.append("| test | variant | queues | repetitions | spread (max-min)/median |")
md.append("|---|---|---|---|---|")
for test, variants in (("gen", ["xdp-drop"]),
                       ("rx", ["afudp-zc", "afudp-mmsg", "kernel", "raw"]),
                       ("tx", ["afudp", "kernel", "raw"]),
                       ("echo", ["afudp", "kernel", "raw"])):
    for v in variants:
        for q in (1, 2):
            reps = tp_reps(test, v, q)
            if reps:
                good = [x for x in reps if x is not None]
                spread = (ratio(max(good) - min(good), med(good))
                          if good else None)
                md.append(f"| {test} | {v} | {q} | "
                          + ", ".join(fpps(x) for x in reps)
                          + f" | {fr(spread)} |")
md.append("")

for q in (1, 2):
    target(f"RX afudp ≥ 0.95× raw XSK ({q}q)",
           ratio(tp_med("rx", "afudp-zc", q), tp_med("rx", "raw", q)), 0.95,
           reps=tp_rep_ratios("rx", "afudp-zc", "raw", q), issue=True)
    target(f"RX afudp ≥ 3× kernel ({q}q)",
           ratio(tp_med("rx", "afudp-zc", q), tp_med("rx", "kernel", q)), 3,
           reps=tp_rep_ratios("rx", "afudp-zc", "kernel", q))
    target(f"TX afudp ≥ 0.95× raw XSK ({q}q)",
           ratio(tp_med("tx", "afudp", q), tp_med("tx", "raw", q)), 0.95,
           reps=tp_rep_ratios("tx", "afudp", "raw", q), issue=True)
    target(f"TX afudp ≥ 3× kernel ({q}q)",
           ratio(tp_med("tx", "afudp", q), tp_med("tx", "kernel", q)), 3,
           reps=tp_rep_ratios("tx", "afudp", "kernel", q))
    target(f"echo afudp ≥ 0.9× raw XSK ({q}q)",
           ratio(tp_med("echo", "afudp", q), tp_med("echo", "raw", q)), 0.9,
           reps=tp_rep_ratios("echo", "afudp", "raw", q), issue=True)
    target(f"echo afudp ≥ 1.4× kernel ({q}q)",
           ratio(tp_med("echo", "afudp", q), tp_med("echo", "kernel", q)), 1.4,
           reps=tp_rep_ratios("echo", "afudp", "kernel", q))
for test, av in (("rx", "afudp-zc"), ("tx", "afudp"), ("echo", "afudp")):
    target(f"{test} afudp 2 queues ≥ 1.7× 1 queue",
           ratio(tp_med(test, av, 2), tp_med(test, av, 1)), 1.7)

# bench/run --profile: where both CPUs went, first repetition (with 1
# queue the generator's CPU 0 apart, .gen).
tprof = []
for test, vs in (("rx", ("afudp-zc", "afudp-mmsg", "kernel", "raw")),
                 ("tx", ("afudp", "kernel", "raw")),
                 ("echo", ("afudp", "kernel", "raw"))):
    for q in (1, 2):
        for v in vs:
            for suf, where in (("", "CPU 1" if q == 1 else "CPUs 0-1"),
                               (".gen", "CPU 0 (generator)")):
                pr = read_profile(f"{test}-{v}-q{q}-r1{suf}")
                if pr is not None:
                    tprof.append(f"| {test} {v} {q}q, {where} | "
                                 f"{'<br>'.join(pr[0])} | "
                                 f"{'<br>'.join(pr[1])} |")
if tprof:
    md.append("### Where the CPUs go (`--profile`: perf on both CPUs "
              "during the load, repetition 1)\n")
    md.append("On veth a sender's transmit runs the receiver's XDP program "
              "and the copy into its UMEM in the sender's context, and "
              "copy-mode TX (`__xsk_generic_xmit`, `veth_xmit`) runs in the "
              "kicking program's: both are charged to the CPUs shown. "
              "Profiling slows what it watches: these rows say where the "
              "time goes, the figures above come from runs without it.\n")
    md.append("| point | by object | top symbols |")
    md.append("|---|---|---|")
    md.extend(tprof)
    md.append("")

# ---- latency ----
md.append("## Latency ping-pong (round trip, µs)\n")
md.append("Clients: unmodified `sockperf ping-pong --full-rtt` (kernel "
          "socket, blocking) and `afudp-ping --sockperf --busy-poll`; "
          "sockperf's warm-up (400 ms) and afudp-ping's 2000 warm-up round "
          "trips are not measured. Servers on CPU 1, clients on CPU 0.\n")
servers = [("afudp-blocking", "afudp-echo --sockperf"),
           ("afudp-busy", "afudp-echo --sockperf --busy-poll"),
           ("raw-busy", "xsk-raw --mode echo --busy-poll (raw XSK spin)"),
           ("raw-blocking", "xsk-raw --mode echo (raw XSK, poll())"),
           ("kernel-blocking", "sockperf server (kernel, blocking)"),
           ("kernel-spin", "kernel-spin-echo (kernel, non-blocking spin)"),
           ("preload-blocking", "sockperf server under afudp-run"),
           ("preload-busy", "sockperf server under afudp-run --busy-poll")]
for client in ("sockperf", "afudp-ping"):
    md.append(f"### client: {client}\n")
    md.append("| server | size | p50 | p99 | p99.9 | max | samples | p50 vs kernel | p99.9 vs kernel |")
    md.append("|---|---|---|---|---|---|---|---|---|")
    for size in (64, 1024):
        kb50 = lat_med("kernel-blocking", client, size, "p50_us")
        kb999 = lat_med("kernel-blocking", client, size, "p999_us")
        for s, desc in servers:
            p50 = lat_med(s, client, size, "p50_us")
            if p50 is None:
                continue
            p99 = lat_med(s, client, size, "p99_us")
            p999 = lat_med(s, client, size, "p999_us")
            mx = lat_med(s, client, size, "max_us")
            n = lat_med(s, client, size, "samples")
            md.append(f"| {desc} | {size} | {fr(p50, 1)} | {fr(p99, 1)} | "
                      f"{fr(p999, 1)} | {fr(mx, 0)} | {fr(n, 0)} | "
                      f"{fr(ratio(p50, kb50))} | {fr(ratio(p999, kb999))} |")
    md.append("")
md.append("Ratios of the same client's round trips (ratio of the medians "
          "[min–max of the ratio within each repetition]):\n")
md.append("| client | size | pair | p50 | p99 | p99.9 |")
md.append("|---|---|---|---|---|---|")
lat_pairs = (("afudp-busy", "raw-busy", "afudp busy / raw XSK busy"),
             ("afudp-busy", "kernel-spin", "afudp busy / kernel spin"),
             ("afudp-blocking", "kernel-blocking",
              "afudp blocking / kernel blocking"),
             # The ceilings: what any AF_XDP server gets on this bed.
             ("raw-busy", "kernel-spin", "raw XSK busy / kernel spin"),
             ("raw-blocking", "kernel-blocking",
              "raw XSK blocking / kernel blocking"),
             ("afudp-blocking", "raw-blocking",
              "afudp blocking / raw XSK blocking"))
for c in ("sockperf", "afudp-ping"):
    for size in (64, 1024):
        for sa, sb, label in lat_pairs:
            cells = []
            for f in ("p50_us", "p99_us", "p999_us"):
                r = ratio(lat_med(sa, c, size, f), lat_med(sb, c, size, f))
                cells.append(fr(r) + rspread(lat_rep_ratios(sa, sb, c, size,
                                                           f)))
            if any(x != "n/a" for x in cells):
                md.append(f"| {c} | {size} | {label} | " + " | ".join(cells)
                          + " |")
md.append("")
for size, c in ((64, "sockperf"), (1024, "sockperf"), (64, "afudp-ping"),
                (1024, "afudp-ping")):
    # --quick measures 64 B only: no n/a rows for sizes not run.
    if not any(r["client"] == c and r["size"] == str(size) for r in lat):
        continue

    def lr(sa, sb, f):
        return lat_rep_ratios(sa, sb, c, size, f)
    b50 = lat_med("afudp-busy", c, size, "p50_us")
    b999 = lat_med("afudp-busy", c, size, "p999_us")
    k50 = lat_med("kernel-blocking", c, size, "p50_us")
    k999 = lat_med("kernel-blocking", c, size, "p999_us")
    s50 = lat_med("kernel-spin", c, size, "p50_us")
    r50 = lat_med("raw-busy", c, size, "p50_us")
    r999 = lat_med("raw-busy", c, size, "p999_us")
    a50 = lat_med("afudp-blocking", c, size, "p50_us")
    a999 = lat_med("afudp-blocking", c, size, "p999_us")
    # The issue's latency targets (#13).
    target(f"busy-poll p50 ≤ 1.15× raw XSK busy echo ({size} B, {c})",
           ratio(b50, r50), 1.15, "<=",
           lr("afudp-busy", "raw-busy", "p50_us"), True)
    target(f"busy-poll p99.9 ≤ 1.5× raw XSK busy echo ({size} B, {c})",
           ratio(b999, r999), 1.5, "<=",
           lr("afudp-busy", "raw-busy", "p999_us"), True)
    target(f"busy-poll p50 ≤ 0.8× spinning kernel ({size} B, {c})",
           ratio(b50, s50), 0.8, "<=",
           lr("afudp-busy", "kernel-spin", "p50_us"), True)
    target(f"blocking afudp p50 ≤ 0.95× blocking kernel ({size} B, {c})",
           ratio(a50, k50), 0.95, "<=",
           lr("afudp-blocking", "kernel-blocking", "p50_us"), True)
    target(f"busy-poll p50 ≤ 0.25× blocking kernel ({size} B, {c})",
           ratio(b50, k50), 0.25, "<=")
    target(f"busy-poll p99.9 ≤ 0.5× blocking kernel ({size} B, {c})",
           ratio(b999, k999), 0.5, "<=")
    target(f"blocking afudp p99.9 no worse than kernel ({size} B, {c})",
           ratio(a999, k999), 1.0, "<=")
    # Unmodified sockperf server under the preload vs afudp-echo, same mode.
    target(f"preload p50 ≤ 1.2× afudp-echo, blocking ({size} B, {c})",
           ratio(lat_med("preload-blocking", c, size, "p50_us"), a50), 1.2,
           "<=")
    target(f"preload p50 ≤ 1.2× afudp-echo, busy-poll ({size} B, {c})",
           ratio(lat_med("preload-busy", c, size, "p50_us"), b50), 1.2, "<=")

# ---- rpc ----
rpc = read("rpc.csv")
if rpc:
    for r in rpc:
        r.setdefault("client", "kernel")   # before the afudp client ran

    def verdict(r):
        n = num(r.get("retries"))
        return (r["verdict"] or "?") + (f" ({n:.0f} retries)" if n else "")

    md.append("## RPC: afudp-rpc, same client and workload (medians)\n")
    md.append("1000 keys, 64 B values, 90% GETs, 32 in flight, every reply "
              "verified; client on CPU 0 (kernel backend, or afudp on XDP), "
              "server on CPU 1.\n")
    md.append("| server | client | requests/s | p50 µs | p99 µs | p99.9 µs | verified |")
    md.append("|---|---|---|---|---|---|---|")
    clients = [c for c in ("kernel", "afudp")
               if any(r["client"] == c for r in rpc)]
    for c in clients:
        for v in ("afudp", "kernel"):
            rows = [r for r in rpc if r["server"] == v and r["client"] == c]
            if not rows:
                continue
            md.append(f"| {v} | {c} | {fr(med([num(r['rps']) for r in rows]), 0)} | "
                      f"{fr(med([num(r['p50']) for r in rows]))} | "
                      f"{fr(med([num(r['p99']) for r in rows]))} | "
                      f"{fr(med([num(r['p999']) for r in rows]))} | "
                      f"{', '.join(verdict(r) for r in rows)} |")
    md.append("")
    md.append("A request unanswered for 200 ms is sent again (\"retries\" "
              "after a verdict): a stall that long sets the p99.9 of that "
              "repetition.\n")
    for c in clients:
        rows = [r for r in rpc if r["client"] == c]
        parts = []
        for f, name in (("rps", "requests/s"), ("p50", "p50"),
                        ("p99", "p99"), ("p999", "p99.9")):
            mv = {v: med([num(r[f]) for r in rows if r["server"] == v])
                  for v in ("afudp", "kernel")}
            reps = rows_rep_ratios(rows, "server", f, "afudp", "kernel")
            # Tails move most between repetitions: the medians of the two
            # sides can come from different repetitions, so the median of
            # the per-repetition ratios is given too.
            parts.append(f"{name} **{fr(ratio(mv['afudp'], mv['kernel']))}×**"
                         f"{rspread(reps)} (per repetition: median "
                         f"{fr(med(reps))}×)")
            if f != "rps":
                target(f"RPC afudp server {name} ≤ 1.0× kernel server "
                       f"({c} client)", ratio(mv["afudp"], mv["kernel"]),
                       1.0, "<=", reps, True)
        md.append(f"afudp server / kernel server, {c} client: "
                  + ", ".join(parts) + "\n")

# ---- dns ----
dns = read("dns.csv")
if dns:
    md.append("## DNS: unmodified authoritative servers (medians)\n")
    md.append("Zone of 100 names; every server in namespace a pinned to CPU 1 "
              "(`taskset -c 1`, all its threads). Replies/s: kxdpgun (AF_XDP "
              "generator, 1 queue, CPU 0) offering 1M queries/s, which no "
              "server reaches; *offered* is what it managed to send (on veth "
              "the receive side's kernel work — XDP, the copy into an XSK or "
              "the kernel UDP path — runs on the sender's CPU 0 too). "
              "Latency: dnsperf (kernel client, CPU 0) at a fixed 20k "
              "queries/s; dnsperf 2.10 prints only average/stddev, so p50/p99 "
              "are computed from its per-query latencies (`-v`). Server CPU: "
              "utime/stime of the server's process(es) during the kxdpgun "
              "run, % of one CPU.\n")
    md.append("| server | replies/s | offered q/s | answered % | p50 µs | "
              "p99 µs | avg µs | server user/sys % | CPU 0 busy % | notes |")
    md.append("|---|---|---|---|---|---|---|---|---|---|")
    desc = {"knot-kernel": "Knot, kernel sockets",
            "knot-xdp": "Knot, its own AF_XDP mode",
            "knot-afudp": "Knot under afudp-run",
            "knot-afudp-1w": "Knot under afudp-run, 1 UDP worker",
            "nsd-kernel": "NSD, kernel sockets",
            "nsd-afudp": "NSD under afudp-run"}
    dmed = {}
    for v in ("knot-kernel", "knot-xdp", "knot-afudp", "knot-afudp-1w",
              "nsd-kernel", "nsd-afudp", "none"):
        rows = [r for r in dns if r["server"] == v]
        if not rows:
            continue
        def m(f):
            return med([num(r[f]) for r in rows])
        dmed[v] = m("replies_ps")
        notes = "; ".join(sorted({r["notes"] for r in rows if r["notes"]}))
        md.append(f"| {desc.get(v, v)} | {fr(dmed[v], 0)} | "
                  f"{fr(m('sent_qps'), 0)} | {fr(m('reply_pct'), 0)} | "
                  f"{fr(m('p50_us'), 0)} | {fr(m('p99_us'), 0)} | "
                  f"{fr(m('avg_us'), 0)} | {fr(m('srv_user_pct'), 0)}/"
                  f"{fr(m('srv_sys_pct'), 0)} | {fr(m('cpu0_busy_pct'), 0)} | "
                  f"{notes} |")
    md.append("")
    rx = ratio(dmed.get("knot-afudp"), dmed.get("knot-xdp"))
    rk = ratio(dmed.get("knot-afudp"), dmed.get("knot-kernel"))
    def drr(va, vb):
        return rows_rep_ratios(dns, "server", "replies_ps", va, vb)
    md.append(f"Knot under afudp-run / Knot's XDP mode: **{fr(rx)}×**"
              f"{rspread(drr('knot-afudp', 'knot-xdp'))} "
              f"replies/s (target ≥ 1.0×)  ")
    md.append(f"Knot under afudp-run / Knot on kernel sockets: **{fr(rk)}×**"
              f"{rspread(drr('knot-afudp', 'knot-kernel'))} "
              f"replies/s (target ≥ 2.5×)  ")
    rn = ratio(dmed.get("nsd-afudp"), dmed.get("nsd-kernel"))
    md.append(f"NSD under afudp-run / NSD on kernel sockets: **{fr(rn)}×**"
              f"{rspread(drr('nsd-afudp', 'nsd-kernel'))} "
              "replies/s\n")
    # bench/run --profile: where the server's CPU went, first repetition.
    prof = []
    for v in ("knot-kernel", "knot-xdp", "knot-afudp", "knot-afudp-1w",
              "nsd-kernel", "nsd-afudp"):
        pr = read_profile(f"dns-{v}-r1")
        if pr is None:
            continue
        prof.append(f"| {desc.get(v, v)} | {'<br>'.join(pr[0])} | "
                    f"{'<br>'.join(pr[1])} |")
    if prof:
        md.append("### Where the server's CPU goes (perf on CPU 1 during "
                  "the load, repetition 1)\n")
        md.append("On veth, a sender's transmit runs the receiver's XDP and "
                  "NAPI in the sender's context: the generator's own "
                  "receive of the replies (kxdpgun's XDP program, "
                  "`__xsk_map_redirect`) is charged to CPU 1, and the "
                  "copy-mode TX of every variant (`__xsk_generic_xmit`, "
                  "skb allocation, `veth_xmit`) too.\n")
        md.append("| server | by object | top symbols |")
        md.append("|---|---|---|")
        md.extend(prof)
        md.append("")
    target("DNS: Knot under afudp-run vs Knot's XDP mode, replies/s", rx, 1.0,
           reps=drr("knot-afudp", "knot-xdp"))
    target("DNS: Knot under afudp-run vs Knot on kernel sockets, replies/s",
           rk, 2.5, reps=drr("knot-afudp", "knot-kernel"))

# ---- cost ----
md.append("## Cost\n")


def cost_val(metric, variant):
    for r in cost:
        if r["metric"] == metric and r["variant"] == variant:
            return r["value"], r.get("notes", "")
    return None, ""


ia, na = cost_val("instr_per_datagram", "afudp")
ir, nr = cost_val("instr_per_datagram", "raw")
md.append("User-space instructions per echoed datagram (callgrind; two runs "
          "of N and 2N paced datagrams, 8 every 2 ms, differenced so start-up "
          "and shutdown cancel out):\n")
iv, nv = cost_val("instr_per_datagram", "raw-verify")
md.append("| | afudp-echo | raw XSK echo | afudp/raw | raw XSK echo "
          "--verify | afudp/raw --verify |")
md.append("|---|---|---|---|---|---|")
md.append(f"| instructions/datagram | {ia} | {ir} | "
          f"{fr(ratio(num(ia), num(ir)))} | {iv} | "
          f"{fr(ratio(num(ia), num(iv)))} |")
md.append("")
md.append(f"(afudp: {na}; raw: {nr}; raw --verify: {nv})\n")
md.append("`xsk-raw --mode echo --verify` is the raw loop plus what no "
          "correct stack can skip: the length checks, the IPv4 header and "
          "UDP checksums verified on receive and both computed afresh for "
          "the reply, with afudp's own checksum code. What afudp spends "
          "above it is the stack itself (parse, socket, buffers, route, "
          "API).\n")
target("echo: instructions per datagram ≤ 3× raw XSK",
       ratio(num(ia), num(ir)), 3, "<=", issue=True)
md.append("Receive-only and send-only paths, user-space instructions per "
          "datagram (callgrind, N and 2N differenced the same way): "
          "`afudp-sink --mode zc` against `xsk-raw --mode rx`, fed paced "
          "datagrams; `afudp-sink --mode blast --count N` (afudp_sendmmsg, "
          "batches of 64) against `xsk-raw --mode tx --count N`, into an "
          "XDP_DROP counter. A kernel-socket program is left out: its work "
          "is in the kernel, which callgrind does not see.\n")
md.append("| path | afudp | raw XSK | afudp/raw |")
md.append("|---|---|---|---|")
cost_notes = []
for m, label in (("instr_per_rx_datagram", "receive (per received datagram)"),
                 ("instr_per_tx_datagram", "send (per sent datagram)")):
    xa, ya = cost_val(m, "afudp")
    xr, yr = cost_val(m, "raw")
    if xa is None and xr is None:
        continue
    md.append(f"| {label} | {xa} | {xr} | {fr(ratio(num(xa), num(xr)))} |")
    cost_notes.append(f"- {label}: afudp {ya}; raw {yr}")
md.append("")
if cost_notes:
    md.extend(cost_notes)
    md.append("")
md.append("Memory and heap allocations of the echo servers (flooded for 2 s "
          "after a 1 s warm-up; allocations counted by the LD_PRELOAD shim "
          "`malloc-count.so` between two SIGUSR2 marks around the flood):\n")
md.append("| | afudp-echo | afudp-echo --kernel | raw XSK echo |")
md.append("|---|---|---|---|")
for m, label in (("vmrss_kb", "VmRSS (KiB)"), ("vmhwm_kb", "VmHWM (KiB)"),
                 ("allocs_measured", "heap calls in the measured phase")):
    md.append(f"| {label} | {cost_val(m, 'afudp')[0]} | "
              f"{cost_val(m, 'kernel')[0]} | {cost_val(m, 'raw')[0]} |")
md.append("")
for v in ("afudp", "kernel", "raw"):
    n = cost_val("allocs_measured", v)[1]
    if n:
        md.append(f"- {v}: {n}")
md.append("")

# ---- jumbo (8 KiB) ----
jtp = read("jumbo.csv")
jlat = read("jumbo-latency.csv")


def valid(r):
    """An afudp row counts only if the fast path carried its load."""
    return not (r.get("notes") or "").startswith("invalid")


def j_cpu(test, variant):
    """Median CPU µs per datagram of the program under test (valid rows)."""
    import re
    xs = []
    for r in jtp:
        m = re.search(r"dut-cpu \d+% ([0-9.]+) us/dgram", r.get("notes") or "")
        if (m and r["test"] == test and r["variant"] == variant
                and valid(r) and float(m.group(1)) > 0):
            xs.append(float(m.group(1)))
    return med(xs)


def j_reps(test, variant):
    """{rep: pps} of the valid rows."""
    return {r["rep"]: num(r["pps"]) for r in jtp
            if r["test"] == test and r["variant"] == variant and valid(r)}


if jtp or jlat:
    md.append("## Jumbo datagrams, 8 KiB payloads (MTU 9000 bed, issue #16)\n")
    md.append("A third bed (1 queue, MTU 9000): afudp carries each datagram "
              "as a chain of 2 KiB UMEM frames (multi-buffer, XDP_USE_SG). "
              "Generator: the kernel's `sendmmsg` (`kernel-sink --mode "
              "blast`) on CPU 0, program under test on CPU 1; no XDP "
              "program on the kernel variants' veth end. An afudp row counts "
              "only where `afudp-stat` shows the fast path carried it (under "
              "1% through the kernel socket or passed as too big): otherwise "
              "it is marked invalid and left out of the medians.\n")
    md.append("The CPU columns are the program under test's own CPU time "
              "(utime+stime of all its threads, softirqs that interrupt it "
              "included) per datagram it received or echoed: other work on "
              "a shared machine takes CPU from it but does not make its "
              "datagrams dearer, so this holds better than the rate; the "
              "receive side's kernel work on the generator's CPU is not in "
              "it.\n")
    md.append("| test | afudp (Mpps) | kernel (Mpps) | afudp/kernel [per-rep min–max] | offered to afudp | offered to kernel | CPU µs/datagram afudp | kernel | fast path (afudp-stat, last repetition) |")
    md.append("|---|---|---|---|---|---|---|---|---|")
    jlines = []
    for test, av, name in (("rx", "afudp-zc", "RX sink (afudp_zc_recv)"),
                           ("rx", "afudp-mmsg", "RX sink (afudp_recvmmsg)"),
                           ("echo", "afudp", "echo (afudp-echo)")):
        rows = [r for r in jtp if r["test"] == test and r["variant"] == av]
        if not rows:
            continue
        a_by, k_by = j_reps(test, av), j_reps(test, "kernel")
        a, k = med(list(a_by.values())), med(list(k_by.values()))
        reps = [ratio(a_by.get(x), k_by.get(x)) for x in sorted(a_by)]
        offa = med([num(r["offered_pps"]) for r in rows])
        offk = med([num(r["offered_pps"]) for r in jtp
                    if r["test"] == test and r["variant"] == "kernel"])
        bad = sum(1 for r in rows if not valid(r))
        fast = rows[-1].get("notes") or "?"
        if bad:
            fast = f"**{bad} of {len(rows)} invalid**; {fast}"
        md.append(f"| {name} | {fpps(a)} | {fpps(k)} | "
                  f"{fr(ratio(a, k))}{rspread(reps)} | {fpps(offa)} | "
                  f"{fpps(offk)} | {fr(j_cpu(test, av))} | "
                  f"{fr(j_cpu(test, 'kernel'))} | {fast} |")
        if av != "afudp-mmsg":
            r = ratio(a, k)
            met = "n/a (no valid afudp row)" if r is None else \
                ("met" if r >= 2.0 else "missed")
            jlines.append(f"**8 KiB throughput ≥ 2× kernel ({name}): {met} "
                          f"({fr(r)}×{rspread(reps)})**")
            target(f"8 KiB {name} ≥ 2× kernel sockets (#16)", r, 2.0,
                   reps=reps)
    md.append("")
    for line in jlines:
        md.append(line + "\n")
    if jlat:
        md.append("Latency at 8 KiB (round trip, µs, medians; servers on "
                  "CPU 1, clients on CPU 0):\n")
        md.append("| server | client | p50 | p99 | p99.9 | samples | p50 vs kernel blocking | fast path (last repetition) |")
        md.append("|---|---|---|---|---|---|---|---|")
        jservers = (("afudp-blocking", "afudp-echo --sockperf"),
                    ("afudp-busy", "afudp-echo --sockperf --busy-poll"),
                    ("kernel-blocking", "sockperf server (kernel)"),
                    ("kernel-spin", "kernel-spin-echo (kernel, spin)"))
        for client in ("sockperf", "afudp-ping"):
            def jl(server, f):
                return med([num(r[f]) for r in jlat if r["server"] == server
                            and r["client"] == client and valid(r)])
            kb = jl("kernel-blocking", "p50_us")
            for sv, desc in jservers:
                rows = [r for r in jlat if r["server"] == sv
                        and r["client"] == client]
                if not rows:
                    continue
                p50 = jl(sv, "p50_us")
                fast = rows[-1].get("notes") or ""
                bad = sum(1 for r in rows if not valid(r))
                if bad:
                    fast = f"**{bad} of {len(rows)} invalid**; {fast}"
                md.append(f"| {desc} | {client} | {fr(p50, 1)} | "
                          f"{fr(jl(sv, 'p99_us'), 1)} | "
                          f"{fr(jl(sv, 'p999_us'), 1)} | "
                          f"{fr(jl(sv, 'samples'), 0)} | "
                          f"{fr(ratio(p50, kb))} | {fast} |")
        md.append("")

# ---- IPv6 vs IPv4 (issue #14) ----
i6tp = read("ipv6.csv")
i6lat = read("ipv6-latency.csv")


def i6_reps(rows, keys, want, field):
    """{rep: FIELD} of the valid rows matching WANT on KEYS."""
    return {r["rep"]: num(r[field]) for r in rows
            if all(r[k] == v for k, v in zip(keys, want)) and valid(r)}


def i6_ratio(rows, keys, a, b, field):
    """(ratio of the medians, {rep: ratio}) of a over b (key tuples)."""
    ra, rb = i6_reps(rows, keys, a, field), i6_reps(rows, keys, b, field)
    m = ratio(med(list(ra.values())), med(list(rb.values())))
    return m, {k: ratio(ra[k], rb.get(k)) for k in ra}


def i6_verdict(name, r4, r6, higher_better):
    """One line of the side-by-side table, and the target: IPv6's ratio
    no more than 10% worse than IPv4's."""
    (m4, by4), (m6, by6) = r4, r6
    rr = ratio(m6, m4)
    reps = [ratio(by6.get(k), by4.get(k)) for k in sorted(by4)]
    if rr is None:
        met = "n/a"
    elif higher_better:
        met = "met" if rr >= 0.9 else "missed"
    else:
        met = "met" if rr <= 1.1 else "missed"
    target(f"IPv6 {name}: ratio within 10% of IPv4's (#14)", rr,
           0.9 if higher_better else 1.1, ">=" if higher_better else "<=",
           reps=reps)
    return (f"| {name} | {fr(m4)}{rspread(list(by4.values()))} | "
            f"{fr(m6)}{rspread(list(by6.values()))} | "
            f"{fr(rr)}{rspread(reps)} | **{met}** |")


if i6tp or i6lat:
    md.append("## IPv6 vs IPv4 (issue #14)\n")
    md.append("The same beds with IPv6 added (fd00:201:N::/64), both "
              "families in one run, interleaved (each repetition runs every "
              "variant of both once, the order rotating over all of them), "
              "with the same programs for both: afudp's copy API "
              "(`afudp-sink --mode mmsg`, `--mode echo`: `afudp_recvmmsg` + "
              "`afudp_sendmmsg`: not the IPv4 sections' zero-copy rows), "
              "the kernel on "
              "kernel sockets (`kernel-sink`, `afudp-sink --mode echo "
              "--kernel`, `kernel-spin-echo` spinning and `--blocking`), "
              "the raw loop (`xsk-raw`). Latency client: `afudp-ping "
              "--sockperf --busy-poll` (sockperf 3.7 has no IPv6). An afudp "
              "row counts only where `afudp-stat` shows the fast path "
              "carried it. Target: each IPv6 ratio no more than 10% worse "
              "than the IPv4 one (throughput: IPv6/IPv4 ≥ 0.9; latency, "
              "lower is better: ≤ 1.1).\n")
    md.append("| test | IPv4 afudp | IPv4 kernel | IPv4 raw | IPv6 afudp | "
              "IPv6 kernel | IPv6 raw | invalid afudp rows |")
    md.append("|---|---|---|---|---|---|---|---|")
    keys = ("test", "variant", "family", "queues")
    tests = []
    for test, av, kv in (("rx", "afudp-mmsg", "kernel"),
                         ("echo", "afudp-copy", "kernel-copy")):
        for q in sorted({r["queues"] for r in i6tp if r["test"] == test}):
            tests.append((test, av, kv, q))
            cells = []
            for f in ("4", "6"):
                for v in (av, kv, "raw"):
                    cells.append(fpps(med(list(i6_reps(
                        i6tp, keys, (test, v, f, q), "pps").values()))))
            bad = sum(1 for r in i6tp if r["test"] == test and
                      r["variant"] == av and r["queues"] == q and
                      not valid(r))
            md.append(f"| {test}, {q} queue(s) (Mpps) | "
                      f"{' | '.join(cells)} | {bad} |")
    md.append("")
    md.append("CPU time per datagram of the program under test (µs, "
              "medians; as in the jumbo section: other work takes CPU from "
              "it but does not make its datagrams dearer, so on a loaded "
              "machine this holds better than the rates):\n")
    md.append("| test | IPv4 afudp | IPv4 kernel | IPv4 raw | IPv6 afudp | "
              "IPv6 kernel | IPv6 raw |")
    md.append("|---|---|---|---|---|---|---|")
    import re
    for test, av, kv, q in tests:
        cells = []
        for f in ("4", "6"):
            for v in (av, kv, "raw"):
                xs = []
                for r in i6tp:
                    m = re.search(r"dut-cpu \d+% ([0-9.]+) us/dgram",
                                  r.get("notes") or "")
                    if (m and (r["test"], r["variant"], r["family"],
                               r["queues"]) == (test, v, f, q)
                            and valid(r) and float(m.group(1)) > 0):
                        xs.append(float(m.group(1)))
                cells.append(fr(med(xs)))
        md.append(f"| {test}, {q} queue(s) | {' | '.join(cells)} |")
    md.append("")
    md.append("| ratio | IPv4 [per-rep] | IPv6 [per-rep] | IPv6/IPv4 "
              "[per-rep] | within 10% |")
    md.append("|---|---|---|---|---|")
    for test, av, kv, q in tests:
        for b, bn in (("raw", "raw loop"), (kv, "kernel")):
            r4 = i6_ratio(i6tp, keys, (test, av, "4", q),
                          (test, b, "4", q), "pps")
            r6 = i6_ratio(i6tp, keys, (test, av, "6", q),
                          (test, b, "6", q), "pps")
            md.append(i6_verdict(f"{test} {q}q afudp/{bn}", r4, r6, True))
    lkeys = ("server", "client", "size", "family")
    for size in sorted({r["size"] for r in i6lat}, key=int):
        for a, b in (("afudp-copy-busy", "raw-busy"),
                     ("afudp-copy-busy", "kernel-spin"),
                     ("afudp-copy-blocking", "kernel-spin-blocking")):
            r4 = i6_ratio(i6lat, lkeys, (a, "afudp-ping", size, "4"),
                          (b, "afudp-ping", size, "4"), "p50_us")
            r6 = i6_ratio(i6lat, lkeys, (a, "afudp-ping", size, "6"),
                          (b, "afudp-ping", size, "6"), "p50_us")
            md.append(i6_verdict(f"latency p50 {size} B {a}/{b}", r4, r6,
                                 False))
    md.append("")
    i6cost = read("ipv6-cost.csv")
    if i6cost:
        md.append("Instructions per echoed datagram (callgrind, user space "
                  "only, paced load as in the cost section; they do not "
                  "depend on the machine's load):\n")
        md.append("| echo | IPv4 | IPv6 | IPv6/IPv4 |")
        md.append("|---|---|---|---|")
        for v, desc in (("afudp", "afudp copy echo (`afudp-sink --mode "
                         "echo`)"), ("raw", "raw loop (`xsk-raw --mode "
                                     "echo`)")):
            x = {r["family"]: num(r["value"]) for r in i6cost
                 if r["variant"] == v}
            md.append(f"| {desc} | {fr(x.get('4'), 0)} | "
                      f"{fr(x.get('6'), 0)} | "
                      f"{fr(ratio(x.get('6'), x.get('4')))} |")
        md.append("")
    if i6lat:
        md.append("Latency (afudp-ping client, round trip µs, medians):\n")
        md.append("| server | size | IPv4 p50 | p99 | IPv6 p50 | p99 | "
                  "fast path (last IPv6 row) |")
        md.append("|---|---|---|---|---|---|---|")
        for size in sorted({r["size"] for r in i6lat}, key=int):
            for sv in ("afudp-copy-blocking", "afudp-copy-busy", "raw-busy",
                       "kernel-spin", "kernel-spin-blocking"):
                cells = []
                for f in ("4", "6"):
                    for fld in ("p50_us", "p99_us"):
                        cells.append(fr(med(list(i6_reps(
                            i6lat, lkeys, (sv, "afudp-ping", size, f),
                            fld).values())), 1))
                rows = [r for r in i6lat if r["server"] == sv and
                        r["size"] == size and r["family"] == "6"]
                note = (rows[-1].get("notes") or "") if rows else ""
                md.append(f"| {sv} | {size} | {' | '.join(cells)} | "
                          f"{note} |")
        md.append("")

# ---- targets ----
md.append("## Targets\n")
md.append("Judged on the ratio of the medians; the per-repetition range is "
          "that ratio's min–max within single repetitions (blank with one "
          "repetition), to tell a target that is missed in every repetition "
          "from one that flips with the machine's load. Nothing asserts "
          "them.\n")
for title, issue in (("Issue #13 (throughput vs the raw loop, latency, "
                      "cost)", True), ("Other targets", False)):
    md.append(f"### {title}\n")
    md.append("| target | measured ratio | per-repetition range | wanted | verdict |")
    md.append("|---|---|---|---|---|")
    for what, r, thr, met, rng, iss in targets:
        if iss == issue:
            md.append(f"| {what} | {fr(r)} | {rng} | {thr} | **{met}** |")
    md.append("")

# ---- plots ----
have_gp = machine.get("gnuplot") == "1" and shutil.which("gnuplot")
if have_gp and plot_rows:
    dat = os.path.join(OUT, "throughput.dat")
    with open(dat, "w") as f:
        f.write("# test afudp kernel raw (Mpps)\n")
        for name, a, k, r in plot_rows:
            f.write(f"{name} {(a or 0) / 1e6:.4f} {(k or 0) / 1e6:.4f} "
                    f"{(r or 0) / 1e6:.4f}\n")
    gp = f"""
set terminal png size 900,500
set output '{OUT}/throughput.png'
set title 'Throughput, 64-byte payloads (median)'
set ylabel 'Mpps'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top right
set grid ytics
plot '{dat}' using 2:xtic(1) title 'afudp', '' using 3 title 'kernel', '' using 4 title 'raw XSK'
"""
    subprocess.run(["gnuplot"], input=gp, text=True, check=False)
    md.append("![throughput](throughput.png)\n")
if have_gp:
    for size in (64, 1024):
        curves = []
        for s, desc in servers:
            files = sorted(glob.glob(os.path.join(OUT, "cdf",
                                                  f"{s}-{size}-r*.csv")))
            if not files:
                continue
            rtts = []
            for line in open(files[0]):
                parts = line.split(",")
                if len(parts) == 4:
                    try:
                        rtts.append(float(parts[3]))
                    except ValueError:
                        pass
            if not rtts:
                continue
            rtts.sort()
            out = os.path.join(OUT, "cdf", f"{s}-{size}.dat")
            with open(out, "w") as f:
                step = max(1, len(rtts) // 2000)
                for i in range(0, len(rtts), step):
                    f.write(f"{rtts[i]:.3f} {(i + 1) / len(rtts):.5f}\n")
                f.write(f"{rtts[-1]:.3f} 1.0\n")
            curves.append(f"'{out}' using 1:2 with lines lw 2 title '{desc}'")
        if curves:
            gp = f"""
set terminal png size 900,500
set output '{OUT}/latency-cdf-{size}.png'
set title 'Round trip, {size}-byte payload, sockperf ping-pong client (repetition 1)'
set xlabel 'RTT (us, log scale)'
set ylabel 'fraction of round trips'
set logscale x
set key bottom right
set grid
plot {', '.join(curves)}
"""
            subprocess.run(["gnuplot"], input=gp, text=True, check=False)
            md.append(f"![latency CDF {size} B](latency-cdf-{size}.png)\n")
elif not have_gp:
    md.append("(No plots: gnuplot was not available.)\n")

md.append("## Files\n")
md.append("`throughput.csv`, `latency.csv`, `cost.csv`, `jumbo.csv`, "
          "`jumbo-latency.csv`, `ipv6.csv`, `ipv6-latency.csv`, "
          "`ipv6-cost.csv` (raw "
          "numbers, one "
          "row per repetition), `machine.txt`, `cdf/` (sockperf full logs), "
          "`logs/` (every program's output).\n")
with open(os.path.join(OUT, "report.md"), "w") as f:
    f.write("\n".join(md) + "\n")
